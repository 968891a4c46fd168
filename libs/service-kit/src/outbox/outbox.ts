import { context as otelContext, trace } from '@opentelemetry/api';
import { parseSubject, type DataOf, type EventContract, type EventEnvelope, type ServiceName } from '@collabo/contracts';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { queryPrepared } from '../database/prepared.js';
import { Clock, SystemClock } from '../clock/clock.js';
import { currentContext, currentCorrelationId } from '../context/request-context.js';
import { ValidationFailedError } from '../errors/app-error.js';
import { kitTracer, SpanKind, traceCarrierOf } from '../tracing/trace-context.js';
import { validatePayload } from '../validation/validate.js';

export const OUTBOX_CHANNEL = 'collabo_outbox';

export interface OutboxEntry<D> {
  aggregateId: string;
  data: D;
  /** Defaults to the current work's correlation id. */
  correlationId?: string;
  /** Defaults to the event being handled, if any. */
  causationId?: string | null;
}

/**
 * Writes events to the `outbox` table inside the caller's transaction: the event exists exactly when
 * the change does. The relay publishes it afterwards.
 */
export class Outbox {
  constructor(
    private readonly service: ServiceName,
    /** The service's clock: an event's `occurredAt` is the time the service's domain sees. */
    private readonly clock: Clock = new SystemClock(),
  ) {}

  async add<C extends EventContract>(tx: EntityManager, contract: C, entry: OutboxEntry<DataOf<C>>): Promise<EventEnvelope<DataOf<C>>> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.add must be called inside a transaction, with the transaction’s EntityManager');
    }
    // An event that would fail its own contract is a bug of this service, not of the client's request:
    // it fails the transaction as an internal error (500, logged), never as a 400 naming message fields.
    try {
      validatePayload(contract.Data, entry.data);
    } catch (err) {
      const fields = err instanceof ValidationFailedError ? err.errors.map((e) => `${e.field}: ${e.message}`).join('; ') : String(err);
      throw new Error(`outbox: ${contract.subject} breaks its contract (${fields})`, { cause: err });
    }
    const { type, version } = parseSubject(contract.subject);
    const envelope: EventEnvelope<DataOf<C>> = {
      id: uuidv7(),
      type,
      version,
      occurredAt: this.clock.now().toISOString(),
      source: this.service,
      aggregateId: entry.aggregateId,
      correlationId: entry.correlationId ?? currentCorrelationId(),
      causationId: entry.causationId !== undefined ? entry.causationId : (currentContext()?.causationId ?? null),
      data: entry.data,
    };
    // The event's creation is a span of the work that writes it (the HTTP request, the handled message): its W3C
    // trace context goes into the row, and the relay's publish continues that trace (null when tracing is off).
    const span = kitTracer().startSpan(`create ${contract.subject}`, {
      kind: SpanKind.PRODUCER,
      attributes: { 'messaging.system': 'nats', 'messaging.destination.name': contract.subject, 'messaging.message.id': envelope.id },
    });
    const traceContext = traceCarrierOf(trace.setSpan(otelContext.active(), span));
    try {
      // One prepared statement: the row, and the wake-up of the relay (sent by Postgres at commit).
      await queryPrepared(
        tx,
        `WITH added AS (INSERT INTO outbox (id, subject, aggregate_id, envelope, trace_context) VALUES ($1, $2, $3, $4, $5) RETURNING 1)
         SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM added`,
        [envelope.id, contract.subject, envelope.aggregateId, JSON.stringify(envelope), traceContext ? JSON.stringify(traceContext) : null],
      );
    } finally {
      span.end();
    }
    return envelope;
  }
}
