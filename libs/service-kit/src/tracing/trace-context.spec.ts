import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { context, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ConsoleLineSpanExporter } from './console-exporter.js';
import { tracingSettings } from './settings.js';
import {
  activeTraceIds,
  asCarrier,
  contextFromCarrier,
  extractTraceHeaders,
  injectTraceHeaders,
  inSpan,
  kitTracer,
  traceCarrierOf,
} from './trace-context.js';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;

describe('trace context with tracing off (no tracer provider)', () => {
  it('has nothing to carry and adds no header', async () => {
    const h = natsHeaders();
    await inSpan('work', {}, async () => {
      expect(traceCarrierOf()).toBeNull();
      expect(activeTraceIds()).toBeNull();
      injectTraceHeaders(h);
    });
    expect(h.has('traceparent')).toBe(false);
  });
});

describe('trace context with a tracer provider', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  it('puts the active span into NATS headers and takes it out again as the remote parent', async () => {
    const h = natsHeaders();
    const sent = await inSpan('publish', { kind: SpanKind.PRODUCER }, async (span) => {
      injectTraceHeaders(h);
      return span.spanContext();
    });
    expect(h.get('traceparent')).toBe(`00-${sent.traceId}-${sent.spanId}-01`);

    const parent = extractTraceHeaders(h);
    const remote = trace.getSpanContext(parent)!;
    expect(remote).toMatchObject({ traceId: sent.traceId, spanId: sent.spanId, isRemote: true });
    await inSpan('process', { kind: SpanKind.CONSUMER, parent }, async () => undefined);
    const processed = exporter.getFinishedSpans().find((s) => s.name === 'process')!;
    expect(processed.spanContext().traceId).toBe(sent.traceId);
    expect(processed.parentSpanContext?.spanId).toBe(sent.spanId);
  });

  it('keeps the tracestate through headers', () => {
    const h = natsHeaders();
    const ctx = contextFromCarrier({ traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`, tracestate: 'vendor=1' });
    injectTraceHeaders(h, ctx);
    expect(h.get('tracestate')).toBe('vendor=1');
    expect(traceCarrierOf(extractTraceHeaders(h))).toEqual({
      traceparent: `00-${'a'.repeat(32)}-${'b'.repeat(16)}-01`,
      tracestate: 'vendor=1',
    });
  });

  it('does not let the receiving side’s active span become the parent of a message without headers', async () => {
    await inSpan('loop', {}, async () => {
      expect(trace.getSpanContext(extractTraceHeaders(natsHeaders()))).toBeUndefined();
      expect(trace.getSpanContext(extractTraceHeaders(undefined))).toBeUndefined();
    });
  });

  it('ignores a malformed traceparent', () => {
    const h = natsHeaders();
    h.set('traceparent', 'not-a-trace');
    expect(trace.getSpanContext(extractTraceHeaders(h))).toBeUndefined();
    expect(contextFromCarrier({ traceparent: '00-zz-yy-01' })).toBe(ROOT_CONTEXT);
  });

  it('round-trips a stored carrier (jsonb object or text) to a parent in the same trace', async () => {
    const stored = await inSpan('create', {}, async () => JSON.stringify(traceCarrierOf()));
    const created = exporter
      .getFinishedSpans()
      .find((s) => s.name === 'create')!
      .spanContext();
    expect(JSON.parse(stored)).toEqual({ traceparent: `00-${created.traceId}-${created.spanId}-01` });
    for (const value of [stored, JSON.parse(stored) as unknown]) {
      const parent = trace.getSpanContext(contextFromCarrier(value))!;
      expect(parent).toMatchObject({ traceId: created.traceId, spanId: created.spanId, isRemote: true });
    }
    expect(asCarrier(null)).toBeNull();
    expect(asCarrier('{')).toBeNull();
    expect(asCarrier({ traceparent: 7 })).toBeNull();
  });

  it('gives the logs the active trace and span ids', async () => {
    await inSpan('logged', {}, async (span) => {
      expect(activeTraceIds()).toEqual({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });
    });
    expect(activeTraceIds()).toBeNull();
  });

  it('marks a failed span and rethrows', async () => {
    await expect(inSpan('fails', {}, async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    const failed = exporter.getFinishedSpans().find((s) => s.name === 'fails')!;
    expect(failed.status).toMatchObject({ code: 2, message: 'no' });
    expect(failed.events[0]?.name).toBe('exception');
  });

  it('prints one log-shaped line per span for the console exporter', async () => {
    const lines: string[] = [];
    const span = kitTracer().startSpan('printed', { kind: SpanKind.CLIENT });
    span.end();
    const finished = exporter.getFinishedSpans().find((s) => s.name === 'printed')!;
    new ConsoleLineSpanExporter('proposals', (l) => lines.push(l)).export([finished], () => undefined);
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 30, service: 'proposals', trace_id: finished.spanContext().traceId, parent_span_id: null });
    expect(line.msg).toMatch(/^span printed \(client\) [\d.]+ ms$/);
  });

  it('writes W3C traceparent values', async () => {
    await inSpan('w3c', {}, async () => expect(traceCarrierOf()?.traceparent).toMatch(TRACEPARENT));
  });
});

describe('tracing settings', () => {
  it('is off by default and with OTEL_SDK_DISABLED or the exporter none', () => {
    expect(tracingSettings('proposals', {})).toBeNull();
    expect(tracingSettings('proposals', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBeNull();
    expect(tracingSettings('proposals', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBeNull();
  });

  it('exports over OTLP when an endpoint is set, to the console when asked, under the service name', () => {
    expect(tracingSettings('proposals', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318' })).toEqual({
      serviceName: 'proposals',
      exporters: ['otlp'],
      batch: {},
    });
    expect(
      tracingSettings('proposals', {
        OTEL_TRACES_EXPORTER: 'console',
        OTEL_SERVICE_NAME: 'proposals-blue',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      }),
    ).toMatchObject({ serviceName: 'proposals-blue', exporters: ['console'], batch: { scheduledDelayMillis: 200 } });
    expect(tracingSettings('proposals', { OTEL_TRACES_EXPORTER: 'otlp, console' })?.exporters).toEqual(['otlp', 'console']);
  });

  it('refuses an unknown exporter and a bad number with the variable’s name', () => {
    expect(() => tracingSettings('proposals', { OTEL_TRACES_EXPORTER: 'jaeger' })).toThrow(/OTEL_TRACES_EXPORTER.*jaeger/);
    expect(() => tracingSettings('proposals', { OTEL_TRACES_EXPORTER: 'console', OTEL_BSP_SCHEDULE_DELAY: 'soon' })).toThrow(
      /OTEL_BSP_SCHEDULE_DELAY/,
    );
  });
});
