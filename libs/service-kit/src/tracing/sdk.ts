/**
 * The OpenTelemetry SDK as the services run it, loaded (dynamically, by `startTracing`) only when tracing is on:
 * a Node tracer provider (AsyncLocalStorage context, W3C Trace Context propagation), batch export over OTLP/HTTP
 * and/or one line per span on stdout, and the HTTP (incoming requests, with `traceparent`), Fastify (the route
 * and its handler) and pg (queries inside a traced piece of work) instrumentations. The spans across the bus
 * (outbox, relay, JetStream consumer, RPC) are the kit's own (trace-context.ts).
 */
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import fastifyOtel from '@fastify/otel';
import { ConsoleLineSpanExporter } from './console-exporter.js';
import type { TracingSettings } from './settings.js';
import type { RunningTracer } from './state.js';

/** Requests that are not work: probes and scrapes are never traced. */
const UNTRACED_PATHS = /^\/(health\/(live|ready)|metrics|docs)(\/|\?|$|-)/;

export function startSdk(settings: TracingSettings): RunningTracer {
  const spanProcessors: SpanProcessor[] = settings.exporters.map(
    (name) =>
      new BatchSpanProcessor(name === 'otlp' ? new OTLPTraceExporter() : new ConsoleLineSpanExporter(settings.serviceName), settings.batch),
  );
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, 'service.namespace': 'collabo' }),
    spanProcessors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        // Outgoing HTTP (the JWKS fetch) is not part of a transition's story; undici's fetch is not traced anyway.
        ignoreOutgoingRequestHook: () => true,
      }),
      // The route and its handler; not one span per lifecycle hook (helmet, rate limit, …: noise in every trace).
      new fastifyOtel.FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        ignorePaths: (route) => UNTRACED_PATHS.test(route.url),
      }),
      // Only queries made inside traced work (a request, a message, an RPC): the relay's and the workers' polling
      // stays out. Never the statement's parameters (personal data).
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
