import 'reflect-metadata';
import { bootstrap } from '@collabo/service-kit';
import { eventsService } from './events.definition.js';

// `node dist/main.js` serves; `node dist/main.js migrate` runs the migrations and exits.
await bootstrap(eventsService);
