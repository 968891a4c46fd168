/**
 * The notifications service as its own process, for the crash test: it starts like `main.ts` (from the
 * environment), then reports on stdout `READY` and, for each email outcome, `NOTICE <json>`, so that
 * the test can kill it with SIGKILL at the exact point it wants.
 */
import 'reflect-metadata';
import { createServiceApp } from '@collabo/service-kit';
import { DeliveryWorker } from '../../../src/deliveries/delivery-worker.js';
import { testDefinition } from '../test-definition.js';

const service = await createServiceApp(testDefinition());
service.app.get(DeliveryWorker).onSettled((notice) => process.stdout.write(`NOTICE ${JSON.stringify(notice)}\n`));
await service.app.startAllMicroservices();
await service.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write('READY\n');
