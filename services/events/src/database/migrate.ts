import 'reflect-metadata';
import { EnvConfigError, runMigrationsCli } from '@collabo/service-kit';
import { eventsDataSource } from './data-source.js';

/** `node dist/database/migrate.js`: runs pending migrations and exits (the Kubernetes migration Job). */
try {
  await runMigrationsCli(eventsDataSource());
} catch (err) {
  process.stderr.write(`events: ${err instanceof EnvConfigError ? err.message : `migration failed: ${(err as Error).message}`}\n`);
  process.exitCode = 1;
}
