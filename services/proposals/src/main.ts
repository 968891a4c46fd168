import 'reflect-metadata';
import { bootstrap } from '@collabo/service-kit';
import { proposalsService } from './proposals.definition.js';

// `node dist/main.js` serves; `node dist/main.js migrate` runs the migrations and exits.
await bootstrap(proposalsService);
