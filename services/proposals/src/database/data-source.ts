import { createServiceDataSource, loadEnv } from '@collabo/service-kit';
import type { DataSource } from 'typeorm';
import { PROPOSALS_ENV_DEFAULTS, ProposalsEnv } from '../config/proposals-env.js';
import { entities, migrations } from './entities.js';

/** The proposals database as configured by the environment (for the migration command). */
export function proposalsDataSource(env: NodeJS.ProcessEnv = process.env): DataSource {
  const config = loadEnv(ProposalsEnv, 'proposals', env, PROPOSALS_ENV_DEFAULTS);
  return createServiceDataSource({ url: config.DATABASE_URL, entities, migrations, applicationName: 'collabo-proposals-migrate' });
}
