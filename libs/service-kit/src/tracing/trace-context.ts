/**
 * The W3C trace context (`traceparent`, `tracestate`) as the kit carries it across the bus: in an outbox row (so
 * the relay's publish continues the trace of the transaction that wrote the event), in NATS message headers (so
 * the JetStream consumer and the RPC server continue the trace of the publisher and the caller), and in any row
 * a service hands to later work (e.g. the notifications service's deliveries, for the SMTP send).
 *
 * Only `@opentelemetry/api` and the W3C propagator: without a registered tracer provider (tracing off, the
 * default) there is never an active span, so every function here answers null / the root context at once.
 */
import {
  context as otelContext,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

export { SpanKind } from '@opentelemetry/api';

/** The W3C trace context of some piece of work, as stored in a row (a `trace_context` jsonb column). */
export interface TraceCarrier {
  traceparent: string;
  tracestate?: string;
}

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/** Always W3C Trace Context, whatever global propagator is (or is not) registered. */
const w3c = new W3CTraceContextPropagator();

/** The tracer of the kit's own spans (outbox, relay, JetStream consumer, RPC client and server). */
export const kitTracer = () => trace.getTracer('@collabo/service-kit');

const recordSetter: TextMapSetter<Record<string, string>> = {
  set: (carrier, key, value) => {
    carrier[key] = value;
  },
};
const recordGetter: TextMapGetter<Record<string, string | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key] ?? undefined,
};

/** The trace context of `ctx` (default: the active one), or null when no sampled or unsampled span is in it. */
export function traceCarrierOf(ctx: Context = otelContext.active()): TraceCarrier | null {
  const sc = trace.getSpanContext(ctx);
  if (!sc || !trace.isSpanContextValid(sc)) return null;
  const carrier: Record<string, string> = {};
  w3c.inject(ctx, carrier, recordSetter);
  if (!carrier[TRACEPARENT_HEADER]) return null;
  return carrier[TRACESTATE_HEADER]
    ? { traceparent: carrier[TRACEPARENT_HEADER], tracestate: carrier[TRACESTATE_HEADER] }
    : { traceparent: carrier[TRACEPARENT_HEADER] };
}

/**
 * The context a stored carrier stands for (a remote parent), on top of `base` (default: the root context, so a
 * stored parent never mixes with whatever happens to be active). A missing or malformed carrier gives `base`.
 */
export function contextFromCarrier(carrier: unknown, base: Context = ROOT_CONTEXT): Context {
  const parsed = asCarrier(carrier);
  if (!parsed) return base;
  return w3c.extract(base, { traceparent: parsed.traceparent, tracestate: parsed.tracestate }, recordGetter);
}

/** A stored value read back (jsonb gives an object, text gives a string); anything else is null. */
export function asCarrier(value: unknown): TraceCarrier | null {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (typeof v !== 'object' || v === null) return null;
  const { traceparent, tracestate } = v as { traceparent?: unknown; tracestate?: unknown };
  if (typeof traceparent !== 'string' || traceparent.length > 128) return null;
  return typeof tracestate === 'string' && tracestate.length <= 512 ? { traceparent, tracestate } : { traceparent };
}

/** What the kit needs of a NATS header set (`MsgHdrs` has both). */
export interface HeaderSetter {
  set(key: string, value: string): void;
}
export interface HeaderGetter {
  get(key: string): string;
}

/** Puts the trace context of `ctx` (default: the active one) into NATS headers; nothing when there is none. */
export function injectTraceHeaders(headers: HeaderSetter, ctx: Context = otelContext.active()): void {
  const carrier = traceCarrierOf(ctx);
  if (!carrier) return;
  headers.set(TRACEPARENT_HEADER, carrier.traceparent);
  if (carrier.tracestate) headers.set(TRACESTATE_HEADER, carrier.tracestate);
}

/**
 * The remote parent carried by NATS headers, on top of the root context (a message's handling belongs to the
 * sender's trace, not to whatever the receiving loop had active). No or malformed headers: the root context.
 */
export function extractTraceHeaders(headers: HeaderGetter | undefined | null): Context {
  if (!headers) return ROOT_CONTEXT;
  const traceparent = headers.get(TRACEPARENT_HEADER);
  if (!traceparent) return ROOT_CONTEXT;
  const tracestate = headers.get(TRACESTATE_HEADER) || undefined;
  return contextFromCarrier(tracestate ? { traceparent, tracestate } : { traceparent });
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** The parent (default: the active context). */
  parent?: Context;
}

/**
 * Runs `fn` inside a new span of the kit's tracer: the span is active for `fn`, ends when `fn` settles, and
 * records a thrown error (status ERROR, the exception event) before it goes on. With tracing off, the span is
 * the API's non-recording one and this is one function call more.
 */
export async function inSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? otelContext.active();
  const span = kitTracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes }, parent);
  try {
    return await otelContext.with(trace.setSpan(parent, span), () => fn(span));
  } catch (err) {
    markSpanFailed(span, err);
    throw err;
  } finally {
    span.end();
  }
}

/** Status ERROR with the error's message, and the exception event. */
export function markSpanFailed(span: Span, err: unknown): void {
  if (!span.isRecording()) return;
  const error = err instanceof Error ? err : new Error(String((err as { message?: unknown })?.message ?? err));
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message.slice(0, 300) });
}

/** The ids of the active span, for the logs (`trace_id`, `span_id`); empty when no span is active. */
export function activeTraceIds(): { trace_id: string; span_id: string } | null {
  const sc = trace.getSpanContext(otelContext.active());
  if (!sc || !trace.isSpanContextValid(sc)) return null;
  return { trace_id: sc.traceId, span_id: sc.spanId };
}
