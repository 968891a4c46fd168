import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import pg from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { queryPrepared } from '../database/prepared.js';
import { CORRELATION_HEADER } from '../context/request-context.js';
import type { ServiceMetrics } from '../metrics/metrics.js';
import type { NatsNaming } from '../nats/naming.js';
import { contextFromCarrier, injectTraceHeaders, inSpan, SpanKind } from '../tracing/trace-context.js';
import { OUTBOX_CHANNEL } from './outbox.js';

export interface OutboxRelayOptions {
  batchSize: number;
  /** How often the relay looks even without a notification (a missed NOTIFY costs at most this). */
  pollIntervalMs: number;
  publishTimeoutMs: number;
  /** Delete published rows older than this (the relay's hourly clean-up touches its own outbox rows only). */
  retentionMs: number;
  /** Test seam: runs after a batch was acknowledged by JetStream and before it is marked published. */
  afterPublish?: (ids: string[]) => Promise<void>;
}

/** Relay options a service definition sets (the test seam is not one of them). */
export type OutboxRelaySettings = Omit<OutboxRelayOptions, 'afterPublish'>;

export const DEFAULT_RELAY_OPTIONS: OutboxRelayOptions = {
  batchSize: 256,
  pollIntervalMs: 1000,
  publishTimeoutMs: 5000,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
};

interface Row {
  seq: string;
  id: string;
  subject: string;
  /** The envelope as stored (jsonb's text): published as it is, never parsed here. */
  envelope: string;
  correlation_id: string | null;
  /** The W3C trace context of the transaction that wrote the row (jsonb), or null. */
  trace_context: unknown;
  created_at: Date;
}

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` = event id, waits for the
 * acknowledgement, then marks them. One relay per service is leader at a time (a Postgres advisory
 * lock held on a dedicated connection); the others wait and take over when it dies. A relay that dies
 * between publish and mark publishes again on restart, and the stream drops the duplicate by its id.
 */
export class OutboxRelay {
  private readonly options: OutboxRelayOptions;
  private client: pg.Client | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private leader = false;
  private lastCleanup = 0;
  /**
   * Test seam (like JetStreamConsumers.afterApply): runs after a batch was acknowledged by JetStream and before
   * it is marked published. The platform's chaos tests set it from a preload (test/harness), never the kit.
   */
  afterPublish?: (ids: string[]) => Promise<void>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly js: JetStreamClient,
    private readonly naming: NatsNaming,
    private readonly databaseUrl: string,
    private readonly lockKey: string,
    private readonly logger: Logger,
    private readonly metrics?: ServiceMetrics,
    options: Partial<OutboxRelayOptions> = {},
  ) {
    this.options = { ...DEFAULT_RELAY_OPTIONS, ...options };
    this.afterPublish = options.afterPublish;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /**
   * Publishes everything pending now (used by the leader loop; exposed for tests and benchmarks). Batches
   * are published one after the other, each once the one before was acknowledged; the database work
   * overlaps with the publishing: the next batch is read while one is in flight, and a batch is marked
   * published while the next goes out.
   */
  async drain(): Promise<number> {
    let total = 0;
    let next = this.pending('0');
    let marking: Promise<void> = Promise.resolve();
    try {
      for (;;) {
        const rows = await next;
        this.metrics?.outboxPending.set(rows.length);
        if (rows.length === 0) {
          await marking;
          return total;
        }
        next = this.pending(rows[rows.length - 1]!.seq);
        const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
        const published = rows.filter((_, i) => results[i]!.status === 'fulfilled');
        const failed = rows.filter((_, i) => results[i]!.status === 'rejected');
        await marking;
        if (published.length) {
          const ids = published.map((r) => r.id);
          if (this.afterPublish) await this.afterPublish(ids);
          marking = this.markPublished(published);
          total += published.length;
        }
        if (failed.length) {
          await marking;
          const reason = String(
            (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason?.message ?? 'publish failed',
          );
          await this.dataSource.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::uuid[])', [
            failed.map((r) => r.id),
            reason.slice(0, 500),
          ]);
          this.metrics?.outboxPublishFailures.inc(failed.length);
          throw new Error(`outbox: ${failed.length} event(s) not acknowledged by JetStream: ${reason}`);
        }
      }
    } finally {
      // A read ahead that is not needed any more (a failure above) must not end as an unhandled rejection.
      next.catch(() => undefined);
      marking.catch(() => undefined);
    }
  }

  /** The next batch of unpublished rows after `afterSeq`, in commit-sequence order. */
  private async pending(afterSeq: string): Promise<Row[]> {
    const found = await queryPrepared<Row>(
      this.dataSource,
      `SELECT seq, id, subject, envelope::text AS envelope, envelope->>'correlationId' AS correlation_id, trace_context, created_at
         FROM outbox WHERE published_at IS NULL AND seq > $2::bigint ORDER BY seq LIMIT $1`,
      [this.options.batchSize, afterSeq],
    );
    return found.rows;
  }

  private async markPublished(rows: Row[]): Promise<void> {
    await queryPrepared(
      this.dataSource,
      'UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = ANY($1::uuid[])',
      [rows.map((r) => r.id)],
    );
    const now = Date.now();
    for (const row of rows) {
      this.metrics?.outboxPublished.inc({ subject: row.subject });
      this.metrics?.outboxLag.observe((now - new Date(row.created_at).getTime()) / 1000);
    }
  }

  private publish(row: Row): Promise<void> {
    // The publish continues the trace of the transaction that wrote the row, and hands it on in the headers.
    const attributes = {
      'messaging.system': 'nats',
      'messaging.destination.name': row.subject,
      'messaging.message.id': row.id,
      ...(row.correlation_id ? { 'collabo.correlation_id': row.correlation_id } : {}),
    };
    return inSpan(
      `publish ${row.subject}`,
      { kind: SpanKind.PRODUCER, parent: contextFromCarrier(row.trace_context), attributes },
      async () => {
        const h = natsHeaders();
        if (row.correlation_id) h.set(CORRELATION_HEADER, row.correlation_id);
        injectTraceHeaders(h);
        // The envelope is sent as stored: jsonb normalises key order, which no consumer depends on.
        await this.js.publish(this.naming.subject(row.subject), row.envelope, {
          msgID: row.id,
          headers: h,
          timeout: this.options.publishTimeoutMs,
        });
      },
    );
  }

  private async run(): Promise<void> {
    let backoff = 250;
    while (this.running) {
      try {
        await this.becomeLeader();
        if (!this.leader) {
          await this.sleep(Math.max(this.options.pollIntervalMs, 1000));
          continue;
        }
        await this.drain();
        await this.cleanup();
        backoff = 250;
        await this.sleep(this.options.pollIntervalMs);
      } catch (err) {
        if (!this.running) break;
        this.logger.warn({ err: (err as Error).message }, 'outbox relay pass failed; retrying');
        if (this.client && !(await this.clientAlive())) await this.dropClient();
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
      }
    }
    await this.dropClient();
  }

  private async becomeLeader(): Promise<void> {
    if (this.leader && this.client) return;
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.databaseUrl,
        application_name: 'collabo-outbox-relay',
      });
      client.on('error', () => {
        this.leader = false;
      });
      client.on('notification', () => this.wake?.());
      client.on('end', () => {
        this.leader = false;
        if (this.client === client) this.client = null;
      });
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.client = client;
    }
    const res = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [this.lockKey]);
    this.leader = res.rows[0]?.ok === true;
    if (this.leader) this.logger.info('outbox relay is leader');
  }

  private async clientAlive(): Promise<boolean> {
    try {
      await this.client?.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.leader = false;
    if (client) await client.end().catch(() => undefined);
  }

  /**
   * Hourly, on the leader only: published outbox rows older than `retentionMs` go. The consumer side's tables
   * (`inbox`, `dead_letters`) are the ConsumerJanitor's.
   */
  async cleanup(force = false): Promise<void> {
    if (!force && Date.now() - this.lastCleanup < 60 * 60 * 1000) return;
    this.lastCleanup = Date.now();
    await this.dataSource.query(`DELETE FROM outbox WHERE published_at < now() - ($1::bigint * interval '1 millisecond')`, [
      this.options.retentionMs,
    ]);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
