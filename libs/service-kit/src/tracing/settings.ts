/**
 * Whether and how a service traces, from the standard OpenTelemetry variables only (no service env class: the
 * tracer starts before the service's modules load).
 *
 * | variable | effect |
 * |---|---|
 * | `OTEL_EXPORTER_OTLP_ENDPOINT` / `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` | turns tracing on, spans go there over OTLP/HTTP (JSON) |
 * | `OTEL_TRACES_EXPORTER` | `otlp`, `console` (one line per span on stdout), `none`; comma-separated; default `otlp` when an endpoint is set, else `none` |
 * | `OTEL_SDK_DISABLED=true` | off, whatever else is set |
 * | `OTEL_SERVICE_NAME` | the service name on every span (default: the service's own name) |
 * | `OTEL_BSP_SCHEDULE_DELAY`, `OTEL_BSP_MAX_QUEUE_SIZE`, `OTEL_BSP_MAX_EXPORT_BATCH_SIZE`, `OTEL_BSP_EXPORT_TIMEOUT` | the batch span processor (ms / counts) |
 * | `OTEL_TRACES_SAMPLER`, `OTEL_TRACES_SAMPLER_ARG` | read by the SDK itself (default: parent-based, always on) |
 */
export type TraceExporterName = 'otlp' | 'console';

export interface TracingSettings {
  serviceName: string;
  exporters: TraceExporterName[];
  batch: {
    scheduledDelayMillis?: number;
    maxQueueSize?: number;
    maxExportBatchSize?: number;
    exportTimeoutMillis?: number;
  };
}

/** The settings, or null when tracing is off (the default). Unknown exporter names are refused with the reason. */
export function tracingSettings(service: string, env: NodeJS.ProcessEnv = process.env): TracingSettings | null {
  if ((env['OTEL_SDK_DISABLED'] ?? '').trim().toLowerCase() === 'true') return null;
  const endpoint = (env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] || env['OTEL_EXPORTER_OTLP_ENDPOINT'] || '').trim();
  const listed = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const names = listed.length ? listed : endpoint ? ['otlp'] : [];
  const exporters: TraceExporterName[] = [];
  for (const name of names) {
    if (name === 'none') return null;
    if (name !== 'otlp' && name !== 'console') {
      throw new Error(`OTEL_TRACES_EXPORTER: unknown exporter "${name}" (use otlp, console or none)`);
    }
    if (!exporters.includes(name)) exporters.push(name);
  }
  if (!exporters.length) return null;
  return {
    serviceName: (env['OTEL_SERVICE_NAME'] ?? '').trim() || service,
    exporters,
    batch: {
      scheduledDelayMillis: positiveInt(env, 'OTEL_BSP_SCHEDULE_DELAY'),
      maxQueueSize: positiveInt(env, 'OTEL_BSP_MAX_QUEUE_SIZE'),
      maxExportBatchSize: positiveInt(env, 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
      exportTimeoutMillis: positiveInt(env, 'OTEL_BSP_EXPORT_TIMEOUT'),
    },
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) <= 0) throw new Error(`${name}: must be a positive whole number, not "${raw}"`);
  return Number(raw);
}
