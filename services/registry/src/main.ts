import 'reflect-metadata';
import { ensureDatabase, loadEnv, runService } from '@collabo/service-kit';
import { REGISTRY_ENV_DEFAULTS, RegistryEnv } from './registry-env.js';
import { registryService } from './registry.definition.js';

// In development the database is made when missing; in production it comes from the operator.
try {
  const env = loadEnv(RegistryEnv, 'registry', process.env, REGISTRY_ENV_DEFAULTS);
  if (env.NODE_ENV !== 'production') await ensureDatabase(env.DATABASE_URL);
} catch {
  // runService reports a bad environment or an unreachable database in one line
}
await runService(registryService);
