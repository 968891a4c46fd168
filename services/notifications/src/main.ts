import 'reflect-metadata';
import { bootstrap } from '@collabo/service-kit';
import { notificationsService } from './notifications.definition.js';

/** `node dist/main.js` serves; `node dist/main.js migrate` runs the pending migrations and exits. */
await bootstrap(notificationsService);
