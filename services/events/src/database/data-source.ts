import { createServiceDataSource, loadEnv } from '@collabo/service-kit';
import { EVENTS_ENV_DEFAULTS, EventsEnv } from '../common/events-env.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

/** The events database as the migration command (and TypeORM's CLI) sees it. */
export function eventsDataSource() {
  const env = loadEnv(EventsEnv, 'events', process.env, EVENTS_ENV_DEFAULTS);
  return createServiceDataSource({ url: env.DATABASE_URL, entities, migrations, applicationName: 'collabo-events-migrate' });
}
