import 'reflect-metadata';
import { bootstrap } from '@collabo/service-kit';
import { registryService } from './registry.definition.js';

// `node dist/main.js` serves (the kit loads the env once and, outside production, creates a missing database);
// `node dist/main.js migrate` runs the migrations and exits.
await bootstrap(registryService);
