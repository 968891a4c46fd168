import 'reflect-metadata';
import { runService } from '@collabo/service-kit';
import { proposalsService } from './proposals.definition.js';

await runService(proposalsService);
