import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode, hrTimeToMilliseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * `OTEL_TRACES_EXPORTER=console`: one JSON line per finished span on stdout, shaped like the service's log lines
 * (`level`, `time`, `service`, `msg`) so `npm start` prints it among them, with the ids that tie the spans
 * together (`trace_id`, `span_id`, `parent_span_id`). A collector-less view of the traces for development.
 */
export class ConsoleLineSpanExporter implements SpanExporter {
  private stopped = false;

  constructor(
    private readonly service: string,
    private readonly write: (line: string) => void = (line) => void process.stdout.write(line),
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) return resultCallback({ code: ExportResultCode.FAILED, error: new Error('the exporter is shut down') });
    for (const span of spans) this.write(`${JSON.stringify(spanLine(this.service, span))}\n`);
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
  }

  async forceFlush(): Promise<void> {}
}

/** The line printed for one span. */
export function spanLine(service: string, span: ReadableSpan): Record<string, unknown> {
  const sc = span.spanContext();
  const startMs = hrTimeToMilliseconds(span.startTime);
  const durationMs = Math.round(hrTimeToMilliseconds(span.duration) * 1000) / 1000;
  return {
    level: span.status.code === SpanStatusCode.ERROR ? 50 : 30,
    time: new Date(startMs).toISOString(),
    service,
    msg: `span ${span.name} (${SpanKind[span.kind].toLowerCase()}) ${durationMs} ms`,
    trace_id: sc.traceId,
    span_id: sc.spanId,
    parent_span_id: span.parentSpanContext?.spanId ?? null,
    ...(span.status.code === SpanStatusCode.ERROR ? { error: span.status.message ?? 'error' } : {}),
    attributes: span.attributes,
  };
}
