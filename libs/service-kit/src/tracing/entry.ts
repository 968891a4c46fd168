/**
 * `@collabo/service-kit/tracing`: the first thing a service's `main.ts` does, before the kit and Nest load.
 *
 * ```ts
 * import { startTracing } from '@collabo/service-kit/tracing';
 * await startTracing('proposals');
 * const { bootstrap } = await import('@collabo/service-kit');
 * ```
 *
 * Off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_TRACES_EXPORTER=console`) says otherwise (settings.ts): then
 * nothing of the SDK is even loaded, and the kit's spans are the API's no-ops. On, it registers the tracer
 * provider and the HTTP, Fastify and pg instrumentations, which must be in place before those modules are loaded:
 * that is why the service loads the rest with `import()` after this.
 */
import { setRunningTracer, shutdownTracing } from './state.js';
import { tracingSettings } from './settings.js';

export { tracingSettings, type TracingSettings, type TraceExporterName } from './settings.js';
export { flushTracing, shutdownTracing } from './state.js';

/**
 * Starts tracing for `service` when the environment turns it on; answers whether it did. A bad setting stops the
 * process with a one-line reason (as the kit's environment check does).
 */
export async function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  let settings;
  try {
    settings = tracingSettings(service, env);
  } catch (err) {
    process.stderr.write(`${service}: invalid environment: ${(err as Error).message}\n`);
    process.exit(1);
  }
  if (!settings) return false;
  const { startSdk } = await import('./sdk.js');
  setRunningTracer(startSdk(settings));
  return true;
}

/** For tests that start and stop tracing in one process. */
export async function stopTracing(): Promise<void> {
  await shutdownTracing();
}
