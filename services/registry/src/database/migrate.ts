import 'reflect-metadata';
import { createServiceDataSource, ensureDatabase, loadEnv, runMigrationsCli } from '@collabo/service-kit';
import { REGISTRY_ENV_DEFAULTS, RegistryEnv } from '../registry-env.js';
import { REGISTRY_ENTITIES } from './entities.js';
import { REGISTRY_MIGRATIONS } from './migrations/index.js';

/** `npm run migrate`: the Kubernetes migration Job (the service also migrates at start unless MIGRATIONS_RUN=false). */
const env = loadEnv(RegistryEnv, 'registry', process.env, REGISTRY_ENV_DEFAULTS);
if (env.NODE_ENV !== 'production') await ensureDatabase(env.DATABASE_URL);
await runMigrationsCli(createServiceDataSource({ url: env.DATABASE_URL, entities: REGISTRY_ENTITIES, migrations: REGISTRY_MIGRATIONS }));
