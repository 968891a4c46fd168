import 'reflect-metadata';
import { startTracing } from '@collabo/service-kit/tracing';

// Tracing first (off unless OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER turns it on): the HTTP, Fastify and pg
// instrumentations must be in place before the kit, Nest and pg load, so those are imported after it.
await startTracing('notifications');
const { bootstrap } = await import('@collabo/service-kit');
const { notificationsService } = await import('./notifications.definition.js');

/** `node dist/main.js` serves; `node dist/main.js migrate` runs the pending migrations and exits. */
await bootstrap(notificationsService);
