import 'reflect-metadata';
import { createServiceDataSource, loadEnv, runMigrationsCli } from '@collabo/service-kit';
import { NOTIFICATIONS_ENV_DEFAULTS, NotificationsEnv } from '../config/notifications-env.js';
import { NOTIFICATION_MIGRATIONS } from '../notifications.definition.js';
import { NOTIFICATION_ENTITIES } from '../notifications.module.js';

/** `node dist/database/migrate.js`: the migration Job (the service also migrates at start-up unless MIGRATIONS_RUN=false). */
const env = loadEnv(NotificationsEnv, 'notifications', process.env, NOTIFICATIONS_ENV_DEFAULTS);
await runMigrationsCli(
  createServiceDataSource({ url: env.DATABASE_URL, entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS }),
);
