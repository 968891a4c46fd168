import 'reflect-metadata';
import { runService } from '@collabo/service-kit';
import { notificationsService } from './notifications.definition.js';

await runService(notificationsService);
