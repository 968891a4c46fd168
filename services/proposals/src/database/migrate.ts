/** `node dist/database/migrate.js`: applies pending migrations and exits (the Kubernetes migration Job). */
import 'reflect-metadata';
import { EnvConfigError, runMigrationsCli } from '@collabo/service-kit';
import { proposalsDataSource } from './data-source.js';

try {
  await runMigrationsCli(proposalsDataSource());
} catch (err) {
  process.stderr.write(`proposals: ${err instanceof EnvConfigError ? err.message : `migration failed: ${(err as Error).message}`}\n`);
  process.exitCode = 1;
}
