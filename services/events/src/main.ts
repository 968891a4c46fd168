import 'reflect-metadata';
import { runService } from '@collabo/service-kit';
import { eventsService } from './events.definition.js';

await runService(eventsService);
