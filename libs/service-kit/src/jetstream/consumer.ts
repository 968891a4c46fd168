import { EventEnvelope, serviceOf, type DataOf, type EventContract, type ServiceName } from '@collabo/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { queryPrepared } from '../database/prepared.js';
import { runWithContext, sanitizeCorrelationId } from '../context/request-context.js';
import type { ServiceMetrics } from '../metrics/metrics.js';
import type { NatsNaming } from '../nats/naming.js';
import { isNotFound, streamExists, type StreamSettings } from '../nats/streams.js';
import { validatePayload } from '../validation/validate.js';
import { ValidationFailedError } from '../errors/app-error.js';
import { DeadLetterConsumerUnknownError, DeadLetterNotFoundError, DeadLetterRedactedError } from './dead-letter.errors.js';
import { Lanes } from './lanes.js';
import type { Span } from '@opentelemetry/api';
import { extractTraceHeaders, inSpan, markSpanFailed, SpanKind } from '../tracing/trace-context.js';

/** Which consumer hands an event to its handler (one handler class may serve several consumers). */
export interface ConsumerContext {
  /** The durable consumer name. */
  consumer: string;
  contract: EventContract;
}

/** An event handler: its writes and the inbox row commit in one transaction (`tx`). */
export interface EventHandler<C extends EventContract = EventContract> {
  /**
   * Optional: work that must not hold a transaction open (a network lookup), run before the transaction begins;
   * what it returns is handed to `handle` as `prepared`. It may run for a duplicate too (the inbox is read inside).
   */
  prepare?(event: EventEnvelope<DataOf<C>>, context: ConsumerContext): Promise<unknown>;
  handle(event: EventEnvelope<DataOf<C>>, tx: EntityManager, context: ConsumerContext, prepared?: unknown): Promise<void>;
}

export interface ConsumerOptions {
  /**
   * Messages handled at once. Messages of one aggregate (the envelope's aggregateId) always go through
   * the same lane, so they are handled in order; different aggregates run side by side.
   */
  concurrency: number;
  /** Attempts before the message is parked in `dead_letters`. */
  maxAttempts: number;
  /** Delay before attempt n+1, by n (the last value repeats). */
  backoffMs: number[];
  ackWaitMs: number;
}

export const DEFAULT_CONSUMER_OPTIONS: ConsumerOptions = {
  concurrency: 1,
  maxAttempts: 5,
  backoffMs: [1000, 5000, 15000, 60000],
  ackWaitMs: 30000,
};

export interface ConsumerRegistration {
  /**
   * Durable consumer name, unique per service, written in code (e.g. `notifications-notify-on-proposal-advanced`):
   * it is the consumer's position in the stream, so it never changes with a class name.
   */
  name: string;
  contract: EventContract;
  handler: EventHandler;
  options: ConsumerOptions;
}

export type ProcessOutcome = 'applied' | 'duplicate' | 'retry' | 'dead_lettered';

export interface ProcessedNotice {
  consumer: string;
  outcome: ProcessOutcome;
  messageId: string | null;
  error?: string;
}

class PoisonMessage extends Error {}

/**
 * The consumed stream does not exist yet. Only its owner creates it (deploy/nats/auth.conf grants no
 * service STREAM.CREATE/UPDATE on another's stream): the consumer reads STREAM.INFO with backoff until it is there.
 */
export class StreamNotReadyError extends Error {
  constructor(readonly stream: string) {
    super(`stream ${stream} does not exist yet; waiting for its owner to create it`);
  }
}

/** Longest pause between two looks at a consumed stream that does not exist yet. */
const STREAM_WAIT_MAX_MS = 2000;

/**
 * Runs durable pull consumers with explicit ack. For each message: validate the envelope and the data
 * (a malformed one is parked at once), then in one transaction insert the inbox row and run the handler;
 * a duplicate finds its inbox row and is acked without effect. A failing handler is retried with
 * backoff and parked in `dead_letters` after `maxAttempts`. Messages of one consumer are handled in order.
 */
export class JetStreamConsumers {
  private readonly registrations = new Map<string, ConsumerRegistration>();
  private readonly running = new Map<string, { messages: ConsumerMessages | null; loop: Promise<void> }>();
  private readonly listeners = new Set<(notice: ProcessedNotice) => void>();
  /** Consumer name -> the stream it waits for (not created by its owner yet). */
  private readonly waiting = new Map<string, string>();
  /** Pending pauses of the loops: stop() ends them at once. */
  private readonly pauses = new Set<() => void>();
  private stopping = false;
  /** Test seam: runs after the handler's transaction committed and before the ack (a crash there is what the inbox is for). */
  afterApply?: (envelope: EventEnvelope<object>) => Promise<void>;

  constructor(
    private readonly service: ServiceName,
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly naming: NatsNaming,
    private readonly logger: Logger,
    private readonly metrics?: ServiceMetrics,
    /** Unused since consumers never create or update a stream (only its owner does, with its own settings); kept for callers. */
    _streamSettings?: StreamSettings,
  ) {}

  register(registration: ConsumerRegistration): void {
    if (this.registrations.has(registration.name)) throw new Error(`two consumers named ${registration.name}`);
    this.registrations.set(registration.name, registration);
  }

  get names(): string[] {
    return [...this.registrations.keys()];
  }

  /**
   * The consumers that wait for their stream (its owner has not created it yet), with that stream. Empty once
   * every consumer is bound: a readiness check can report the service not ready while this is not empty.
   */
  get waitingForStreams(): { consumer: string; stream: string }[] {
    return [...this.waiting].map(([consumer, stream]) => ({ consumer, stream }));
  }

  /** Observe every handled message (tests await the notice instead of sleeping). */
  onProcessed(listener: (notice: ProcessedNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<void> {
    this.stopping = false;
    for (const registration of this.registrations.values()) {
      // Bound at once when the stream is there (the usual case); otherwise the loop waits for its owner to create it.
      const bound = await this.ensureConsumer(registration).then(
        () => true,
        (err: unknown) => {
          if (err instanceof StreamNotReadyError) return false;
          throw err;
        },
      );
      const entry: { messages: ConsumerMessages | null; loop: Promise<void> } = { messages: null, loop: Promise.resolve() };
      entry.loop = this.consumeLoop(registration, entry, bound);
      this.running.set(registration.name, entry);
    }
  }

  /** Stops pulling, lets the message in hand finish, and returns. Unacked messages are redelivered later. */
  async stop(): Promise<void> {
    this.stopping = true;
    // close() settles only once the iterator is drained, so trigger it and wait for the loops instead.
    for (const entry of this.running.values()) void entry.messages?.close().catch(() => undefined);
    for (const wake of this.pauses) wake();
    await Promise.all([...this.running.values()].map((e) => e.loop));
    this.running.clear();
    this.waiting.clear();
  }

  private streamOf(contract: EventContract): {
    service: ServiceName;
    stream: string;
  } {
    const service = serviceOf(contract.subject);
    return { service, stream: this.naming.stream(service) };
  }

  /**
   * Creates the durable consumer, or brings its filter and ack wait up to date, on the producer's stream.
   * Never creates or changes the stream itself: throws StreamNotReadyError while its owner has not created it.
   */
  private async ensureConsumer(registration: ConsumerRegistration): Promise<void> {
    const { service, stream } = this.streamOf(registration.contract);
    if (!(await streamExists(this.jsm, this.naming, service))) {
      this.waiting.set(registration.name, stream);
      throw new StreamNotReadyError(stream);
    }
    this.waiting.delete(registration.name);
    const config = {
      durable_name: registration.name,
      filter_subject: this.naming.subject(registration.contract.subject),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(registration.options.ackWaitMs),
      // Unlimited at the server: the kit counts attempts itself and parks the message, so nothing is dropped silently.
      max_deliver: -1,
      max_ack_pending: 1000,
    };
    try {
      const info = await this.jsm.consumers.info(stream, registration.name);
      if (info.config.filter_subject !== config.filter_subject || info.config.ack_wait !== config.ack_wait) {
        await this.jsm.consumers.update(stream, registration.name, {
          filter_subject: config.filter_subject,
          ack_wait: config.ack_wait,
          max_ack_pending: config.max_ack_pending,
        });
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.jsm.consumers.add(stream, config);
    }
  }

  private async consumeLoop(
    registration: ConsumerRegistration,
    entry: { messages: ConsumerMessages | null },
    initiallyBound: boolean,
  ): Promise<void> {
    const { stream } = this.streamOf(registration.contract);
    let backoff = 500;
    let bound = initiallyBound;
    let toldWaiting = false;
    while (!this.stopping) {
      let pause: number;
      try {
        if (!bound) {
          await this.ensureConsumer(registration);
          bound = true;
          if (toldWaiting) this.logger.info({ consumer: registration.name, stream }, 'consumed stream created by its owner; consuming');
          toldWaiting = false;
        }
        const consumer = await this.js.consumers.get(stream, registration.name);
        const messages = await consumer.consume({
          max_messages: 64,
          expires: 10_000,
        });
        entry.messages = messages;
        if (this.stopping) void messages.close().catch(() => undefined);
        const lanes = new Lanes(registration.options.concurrency);
        try {
          for await (const msg of messages) {
            if (registration.options.concurrency <= 1) await this.process(registration, msg);
            else await lanes.run(aggregateKeyOf(msg), () => this.process(registration, msg));
            backoff = 500;
          }
        } finally {
          await lanes.idle();
        }
        pause = backoff;
        backoff = Math.min(backoff * 2, 10_000);
      } catch (err) {
        if (this.stopping) break;
        if (err instanceof StreamNotReadyError) {
          if (!toldWaiting) this.logger.warn({ consumer: registration.name, stream }, err.message);
          toldWaiting = true;
          pause = Math.min(backoff, STREAM_WAIT_MAX_MS);
        } else {
          this.logger.warn({ consumer: registration.name, err: (err as Error).message }, 'consumer interrupted; resuming');
          // The consumer (or its stream) is gone: create it again on the next turn, once the stream is there.
          if (isNotFound(err)) bound = false;
          pause = backoff;
        }
        backoff = Math.min(backoff * 2, 10_000);
      }
      if (this.stopping) break;
      await this.pauseFor(pause);
    }
  }

  /** A pause of the loop that stop() cuts short. */
  private pauseFor(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.pauses.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.pauses.add(wake);
    });
  }

  /** One delivery, as a consumer span that continues the publisher's trace (traceparent in the message headers). */
  private process(registration: ConsumerRegistration, msg: JsMsg): Promise<void> {
    return inSpan(
      `process ${registration.contract.subject}`,
      {
        kind: SpanKind.CONSUMER,
        parent: extractTraceHeaders(msg.headers),
        attributes: {
          'messaging.system': 'nats',
          'messaging.destination.name': registration.contract.subject,
          'messaging.consumer.group.name': registration.name,
          'messaging.message.delivery_count': msg.info.deliveryCount,
        },
      },
      (span) => this.processDelivery(registration, msg, span),
    );
  }

  private async processDelivery(registration: ConsumerRegistration, msg: JsMsg, span: Span): Promise<void> {
    const started = process.hrtime.bigint();
    const attempt = msg.info.deliveryCount;
    let envelope: EventEnvelope<object>;
    try {
      envelope = this.parse(registration, msg);
    } catch (err) {
      markSpanFailed(span, err);
      await this.park(registration, msg, null, (err as Error).message, attempt, null);
      return;
    }
    span.setAttribute('messaging.message.id', envelope.id);
    await runWithContext(
      {
        correlationId: sanitizeCorrelationId(envelope.correlationId),
        causationId: envelope.id,
      },
      async () => {
        if (attempt > registration.options.maxAttempts) {
          // Earlier deliveries never came back (the process died while handling it): stop here.
          markSpanFailed(span, new Error('delivered more often than allowed without an outcome'));
          await this.park(
            registration,
            msg,
            envelope,
            'delivered more often than allowed without an outcome',
            attempt,
            envelope.correlationId,
          );
          return;
        }
        try {
          const applied = await this.apply(registration, envelope);
          if (this.afterApply) await this.afterApply(envelope);
          msg.ack();
          this.notify({
            consumer: registration.name,
            outcome: applied ? 'applied' : 'duplicate',
            messageId: envelope.id,
          });
          this.metrics?.eventsConsumed.inc({
            consumer: registration.name,
            outcome: applied ? 'applied' : 'duplicate',
          });
          this.metrics?.eventHandling.observe({ consumer: registration.name }, Number(process.hrtime.bigint() - started) / 1e9);
        } catch (err) {
          const message = (err as Error).message;
          markSpanFailed(span, err);
          if (attempt >= registration.options.maxAttempts) {
            await this.park(registration, msg, envelope, message, attempt, envelope.correlationId);
            return;
          }
          const delay = registration.options.backoffMs[Math.min(attempt - 1, registration.options.backoffMs.length - 1)] ?? 1000;
          this.logger.warn(
            {
              consumer: registration.name,
              messageId: envelope.id,
              attempt,
              err: message,
            },
            'event handling failed; will retry',
          );
          msg.nak(delay);
          this.metrics?.eventsConsumed.inc({
            consumer: registration.name,
            outcome: 'retry',
          });
          this.notify({
            consumer: registration.name,
            outcome: 'retry',
            messageId: envelope.id,
            error: message,
          });
        }
      },
    );
  }

  private parse(registration: ConsumerRegistration, msg: JsMsg): EventEnvelope<object> {
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      throw new PoisonMessage('the message is not JSON');
    }
    try {
      const envelope = validatePayload(EventEnvelope<object>, raw);
      validatePayload(registration.contract.Data, envelope.data);
      // Handlers get the data as sent (validated): fields a newer producer added are kept, not stripped.
      return envelope;
    } catch (err) {
      if (err instanceof ValidationFailedError) {
        throw new PoisonMessage(`the message breaks its contract: ${err.errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      }
      throw err;
    }
  }

  /** Inbox row + handler in one transaction. Returns false when the inbox already had the message. */
  async apply(registration: ConsumerRegistration, envelope: EventEnvelope<object>): Promise<boolean> {
    const context = { consumer: registration.name, contract: registration.contract };
    const prepared = registration.handler.prepare ? await registration.handler.prepare(envelope, context) : undefined;
    return this.dataSource.transaction(async (tx) => {
      const inserted = await queryPrepared(
        tx,
        'INSERT INTO inbox (consumer, message_id, subject) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1',
        [registration.name, envelope.id, registration.contract.subject],
      );
      if (inserted.rows.length === 0) return false;
      await registration.handler.handle(envelope, tx, context, prepared);
      return true;
    });
  }

  private async park(
    registration: ConsumerRegistration,
    msg: JsMsg,
    envelope: EventEnvelope | null,
    error: string,
    attempts: number,
    correlationId: string | null,
  ): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO dead_letters (id, consumer, subject, message_id, stream_seq, payload, error, attempts, correlation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          uuidv7(),
          registration.name,
          this.naming.unprefix(msg.subject),
          envelope?.id ?? msg.headers?.get('Nats-Msg-Id') ?? null,
          msg.info.streamSequence,
          msg.string().slice(0, 1_000_000),
          error.slice(0, 4000),
          attempts,
          correlationId,
        ],
      );
    } catch (err) {
      // The database is not there: leave the message to JetStream, it comes back.
      this.logger.error({ consumer: registration.name, err: (err as Error).message }, 'could not park a failed message; will retry');
      msg.nak(5000);
      return;
    }
    // No reason argument: nats-server 2.9 ignores a TERM that carries one and redelivers the message.
    msg.term();
    this.logger.error(
      {
        consumer: registration.name,
        messageId: envelope?.id ?? null,
        attempts,
        err: error,
      },
      'message parked in dead letters',
    );
    this.metrics?.eventsConsumed.inc({
      consumer: registration.name,
      outcome: 'dead_lettered',
    });
    this.notify({
      consumer: registration.name,
      outcome: 'dead_lettered',
      messageId: envelope?.id ?? null,
      error,
    });
  }

  /** Staff retry of a parked message: the same path (validation, inbox, transaction) as a delivery. */
  async retryDeadLetter(id: string): Promise<ProcessOutcome> {
    const rows: {
      consumer: string;
      payload: string | null;
      resolved_at: Date | null;
      redacted_at: Date | null;
    }[] = await this.dataSource.query('SELECT consumer, payload, resolved_at, redacted_at FROM dead_letters WHERE id = $1', [id]);
    const row = rows[0];
    if (!row) throw new DeadLetterNotFoundError(id);
    if (row.resolved_at) return 'duplicate';
    if (row.payload === null) throw new DeadLetterRedactedError(id, row.redacted_at);
    const registration = this.registrations.get(row.consumer);
    if (!registration) throw new DeadLetterConsumerUnknownError(id, row.consumer);
    let raw: unknown;
    try {
      raw = JSON.parse(row.payload);
    } catch {
      throw new ValidationFailedError([
        {
          field: 'payload',
          message: 'the parked message is not JSON; it cannot be retried',
        },
      ]);
    }
    const envelope = validatePayload(EventEnvelope<object>, raw);
    validatePayload(registration.contract.Data, envelope.data);
    const applied = await runWithContext(
      {
        correlationId: sanitizeCorrelationId(envelope.correlationId),
        causationId: envelope.id,
      },
      () => this.apply(registration, envelope),
    );
    await this.dataSource.query(`UPDATE dead_letters SET resolved_at = now(), resolution = $2 WHERE id = $1`, [
      id,
      applied ? 'retried' : 'already applied',
    ]);
    return applied ? 'applied' : 'duplicate';
  }

  private notify(notice: ProcessedNotice): void {
    for (const listener of this.listeners) listener(notice);
  }
}

/** The envelope's aggregateId, read cheaply before the full validation (a message that is no envelope goes to lane 0). */
function aggregateKeyOf(msg: JsMsg): string {
  try {
    const id = (msg.json() as { aggregateId?: unknown }).aggregateId;
    return typeof id === 'string' ? id : '';
  } catch {
    return '';
  }
}
