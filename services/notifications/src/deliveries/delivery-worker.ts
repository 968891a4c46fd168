import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppError, Clock, JetStreamConsumers, LOGGER, queryPrepared, ServiceMetrics } from '@collabo/service-kit';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { buildMessage } from '../mail/message.js';
import { RateLimiter } from '../mail/rate-limiter.js';
import { classifySmtpFailure, retryDelayMs, type SmtpFailure } from '../mail/smtp-outcome.js';
import { SmtpSender, type SmtpSession } from '../mail/smtp-sender.js';
import type { DeliveryStatus } from './delivery.entity.js';
import { NotificationSettings } from '../config/notification-settings.js';
import { LinkMismatchError, LinkRefusedError, NotificationsErrors, UnresolvedLinkError } from '../errors.js';
import { DeliveryHints, type ClaimedRow } from './delivery-hints.js';
import { SecretLinkResolver } from './secret-link-resolver.js';
import { withRealLinks, type SendableContent } from './secret-links.js';

export type DeliveryOutcome = 'sent' | 'retry' | 'failed' | 'ambiguous' | 'released' | 'claim_lost' | 'recovered';

/** What happened to one email on one try (tests and metrics listen to these). */
export interface DeliveryNotice {
  deliveryId: string;
  outcome: DeliveryOutcome;
  status: DeliveryStatus | null;
  attempts: number;
  error?: string;
}

interface Settlement {
  outcome: 'sent' | 'retry' | 'failed' | 'ambiguous' | 'released';
  status: DeliveryStatus;
  response?: string | null;
  failure?: SmtpFailure;
  code?: string | null;
  error?: string | null;
  delayMs?: number;
}

/** An email a lane claimed, null when none was due, undefined when it did not look. */
type NextClaim = ClaimedRow | null | undefined;

/**
 * A query of the id `id` if its row, locked first (`skipLocked`: unless another transaction holds it), meets `test`
 * (over `columns`). The row is found through the primary key and tested afterwards (the subquery's `OFFSET 0` keeps
 * the test out of it): written beside `id = ...` in one WHERE, a test on `status` lets the planner read an index of
 * that state instead (the queue's partial `deliveries_due_idx`, `deliveries_leased_idx`, `deliveries_status_idx`)
 * filtered by id, which it prefers whenever the statistics last saw no row in that state, and a prepared statement's
 * generic plan keeps that choice: every claim by id, or fence, then walks every row in that state.
 */
function lockedById(id: string, columns: string, test: string, { skipLocked }: { skipLocked: boolean }): string {
  return `SELECT id FROM (SELECT id, ${columns} FROM deliveries WHERE id = ${id} OFFSET 0 FOR UPDATE${skipLocked ? ' SKIP LOCKED' : ''}) locked
                     WHERE ${test}`;
}

/**
 * The statement that claims a due email (`sending`, phase `claimed`, one attempt more), with the placeholders of its
 * claim token, worker and lease (ms): the queue's next (`byId` absent) or the one with the id `byId` names if it is
 * still due and free (a hint, see DeliveryHints); `except`: a placeholder of an id not to take. Alone (`claim`) or as the
 * tail of a settling statement (the lane's next email). The claim by id reads its row through `lockedById`.
 */
export function claimStatement(token: string, worker: string, leaseMs: string, opts: { except?: string; byId?: string } = {}): string {
  const { except, byId } = opts;
  const due = `status = 'queued' AND next_attempt_at <= now()${except ? ` AND id <> ${except}` : ''}`;
  const which = byId
    ? lockedById(byId, 'status, next_attempt_at', due, { skipLocked: true })
    : `SELECT id FROM deliveries WHERE ${due} ORDER BY next_attempt_at, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`;
  return `UPDATE deliveries SET status = 'sending', phase = 'claimed', claim_token = ${token}, claimed_by = ${worker},
              lease_until = now() + (${leaseMs}::int * interval '1 millisecond'), attempts = attempts + 1,
              updated_at = now(), version = version + 1
        WHERE id = (${which})
        RETURNING id, kind, language, recipient_email, recipient_name, subject, text_body, html_body, attachments,
                  unsubscribe_url, secret_links, message_id, attempts, claim_token, correlation_id, trace_context`;
}

const CLAIM = claimStatement('$1', '$2', '$3');
const CLAIM_BY_ID = claimStatement('$1', '$2', '$3', { byId: '$4' });

/** The id `$1` if this worker's claim on it (token `$2`) still holds and the data has not started (see `lockedById`). */
const STILL_CLAIMED = `(${lockedById('$1', 'claim_token, status, phase', "claim_token = $2 AND status = 'sending' AND phase = 'claimed'", { skipLocked: false })})`;

/** The fence before the message data (see `enterDataPhase`), with the placeholders of the id and the claim token. */
export const ENTER_DATA_PHASE = `UPDATE deliveries SET phase = 'data' WHERE id = ${STILL_CLAIMED} RETURNING 1`;

/** One claim in this many reads the queue's head even while hints wait (retries, other replicas' rows: never starved). */
const SCAN_EVERY = 8;
/** Hinted ids a claim tries before it reads the queue's head. */
const HINTS_PER_CLAIM = 4;

/** What recovery records for a row whose sender stopped (its lease ran out), by how far the send had got. */
const LOST_AFTER_DATA =
  'the sending process stopped after the message data was handed to the mail server; it may have been delivered, so it is not resent automatically';
const LOST_BEFORE_DATA = 'the sending process stopped before the message data was sent; nothing was delivered';

/**
 * Sends what the consumers recorded. Each lane claims one due row at a time (`FOR UPDATE SKIP LOCKED`,
 * so replicas never take the same row), marks it `sending` under a lease and a fresh claim token, and
 * talks SMTP. Just before the message data goes out, the row's phase becomes `data` — in the database,
 * conditional on the claim token, so a worker whose claim was taken away stops before sending.
 *
 * Restart after a crash: a `sending` row whose lease ran out belongs to a dead process. Phase `claimed`
 * means the data never left (the server cannot have accepted it): the row is queued again. Phase `data`
 * means it may have been delivered: the row is marked `ambiguous` for staff instead of being resent.
 *
 * Not a kit `PeriodicJob`, on purpose: a PeriodicJob is one run at a time on a fixed pause, while this worker
 * keeps SMTP_CONCURRENCY lanes busy at once, each over its own SMTP session, each with its own backoff; an
 * idle lane is woken at once when a consumer commits rows or staff resend (DELIVERY_POLL_MS is only the
 * fallback), and shutdown drains the lanes within SHUTDOWN_GRACE_MS before aborting their sessions. The
 * lease recovery rides on lane 0 so that it stops and starts with the sender.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly workerId = `${hostname()}:${process.pid}:${uuidv7().slice(-8)}`;
  private running = false;
  private lanes: Promise<void>[] = [];
  private readonly inFlight = new Map<string, AbortController>();
  private readonly wakers = new Set<() => void>();
  private readonly listeners = new Set<(notice: DeliveryNotice) => void>();
  private readonly outcomes: Counter<'kind' | 'outcome'>;
  private readonly claimsBy: Counter<'by'>;
  private lastRecovery = 0;
  private claims = 0;
  private offProcessed: (() => void) | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: NotificationSettings,
    private readonly consumers: JetStreamConsumers,
    private readonly links: SecretLinkResolver,
    private readonly hints: DeliveryHints,
    private readonly sender: SmtpSender,
    private readonly limiter: RateLimiter,
    private readonly clock: Clock,
    metrics: ServiceMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.outcomes = metrics.counter({
      name: 'notification_deliveries_total',
      help: 'Email send attempts by kind and outcome',
      labelNames: ['kind', 'outcome'],
    });
    this.claimsBy = metrics.counter({
      name: 'notification_delivery_claims_total',
      help: 'Emails claimed for sending: written claimed by the intake (intake), by the id the intake handed over (id), or from the head of the queue (queue)',
      labelNames: ['by'],
    });
    const source = this.dataSource;
    metrics.gauge({
      name: 'notification_deliveries',
      help: 'Emails waiting, being sent, or ambiguous (needing a look from staff), by status',
      labelNames: ['status'],
      async collect() {
        const rows: { status: string; n: number }[] = await source
          .query(`SELECT status, count(*)::int AS n FROM deliveries WHERE status IN ('queued', 'sending', 'ambiguous') GROUP BY status`)
          .catch(() => []);
        for (const status of ['queued', 'sending', 'ambiguous']) this.set({ status }, rows.find((r) => r.status === status)?.n ?? 0);
      },
    });
  }

  onApplicationBootstrap(): void {
    if (this.settings.env.DELIVERY_WORKER_ENABLED === 'true') this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Observe every outcome (tests await these instead of sleeping). */
  onSettled(listener: (notice: DeliveryNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.offProcessed = this.consumers.onProcessed((n) => {
      this.hints.settle(n.messageId, n.outcome === 'applied');
      if (n.outcome === 'applied') this.wakeOne();
    });
    this.hints.openForClaims({
      workerId: this.workerId,
      leaseMs: this.settings.env.SEND_LEASE_MS,
      slots: this.settings.env.SMTP_CONCURRENCY,
    });
    this.lanes = Array.from({ length: this.settings.env.SMTP_CONCURRENCY }, (_, i) => this.lane(i));
    this.logger.info({ worker: this.workerId, lanes: this.lanes.length }, 'delivery worker started');
  }

  /**
   * Stops taking emails; lets the ones in flight finish within SHUTDOWN_GRACE_MS, then drops their
   * sessions (a dropped one before its data is queued again; after its data, it is ambiguous).
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    // Emails the intake wrote claimed for this worker that no lane took: queued again (those of transactions that
    // commit from now on too); a failed release leaves them to their lease.
    const untaken = this.hints.closeForClaims((rows) => void this.releaseAll(rows));
    this.offProcessed?.();
    this.offProcessed = null;
    this.wake();
    const all = Promise.all(this.lanes);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      all.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), this.settings.env.SHUTDOWN_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.logger.warn({ inFlight: this.inFlight.size }, 'emails still in flight at the end of the grace period; dropping their sessions');
      for (const controller of this.inFlight.values()) controller.abort();
      await all;
    }
    this.lanes = [];
    await this.releaseAll(untaken);
  }

  private async releaseAll(rows: readonly ClaimedRow[]): Promise<void> {
    for (const row of rows) {
      await this.release(row).catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message, deliveryId: row.id }, 'could not give back a claimed email; its lease will'),
      );
    }
  }

  /** Every idle lane looks for due emails now (a staff resend, recovered rows, shutdown). */
  wake(): void {
    const wakers = [...this.wakers];
    this.wakers.clear();
    for (const w of wakers) w();
  }

  /**
   * One idle lane looks for due emails now (an event's rows were committed). A lane that finds one wakes
   * the next, so the lanes fan out while rows are waiting and stop at the first empty claim, instead of
   * every idle lane running an empty claim for every event.
   */
  private wakeOne(): void {
    const [first] = this.wakers;
    if (!first) return;
    this.wakers.delete(first);
    first();
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }

  /** One lane: one email at a time, over its own SMTP session (kept open between emails). */
  private async lane(index: number): Promise<void> {
    const session = this.sender.session();
    try {
      await this.runLane(index, session);
    } finally {
      session.close();
    }
  }

  private async runLane(index: number, session: SmtpSession): Promise<void> {
    let failures = 0;
    // The email the previous settling claimed for this lane (see `settle`); undefined: claim one.
    let next: NextClaim;
    while (this.running) {
      try {
        if (index === 0) await this.recoverIfDue();
        const row = next === undefined ? await this.claim() : next;
        next = undefined;
        if (!row) {
          await this.idle(this.settings.env.DELIVERY_POLL_MS);
          continue;
        }
        this.wakeOne();
        if (!this.running) {
          next = row;
          break;
        }
        const wait = this.limiter.reserve();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        next = await this.deliver(row, session);
        failures = 0;
      } catch (err) {
        if (!this.running) break;
        failures++;
        this.logger.warn({ err: (err as Error).message, lane: index }, 'delivery lane failed; retrying');
        await this.idle(Math.min(this.settings.env.DELIVERY_POLL_MS * 2 ** Math.min(failures, 8), 30_000));
      }
    }
    if (next) {
      await this.release(next).catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message, deliveryId: next!.id }, 'could not give back a claimed email; its lease will'),
      );
    }
  }

  /** Whether this claim may take a hinted id (all but one in SCAN_EVERY) rather than read the queue's head. */
  private mayUseHint(): boolean {
    return this.claims++ % SCAN_EVERY !== 0;
  }

  /**
   * Claims a due email for this worker: one the intake wrote claimed for it, else a hinted one if one is still free,
   * else the queue's next; null when none is due.
   */
  private async claim(): Promise<ClaimedRow | null> {
    const written = this.hints.takeClaimed();
    if (written) return this.claimed(written, 'intake');
    const lease = this.settings.env.SEND_LEASE_MS;
    if (this.mayUseHint()) {
      for (let tries = 0; tries < HINTS_PER_CLAIM; tries++) {
        const id = this.hints.take();
        if (id === undefined) break;
        const hinted = await queryPrepared<ClaimedRow>(this.dataSource, CLAIM_BY_ID, [uuidv7(), this.workerId, lease, id]);
        if (hinted.rows[0]) return this.claimed(hinted.rows[0], 'id');
      }
    }
    const claimed = await queryPrepared<ClaimedRow>(this.dataSource, CLAIM, [uuidv7(), this.workerId, lease]);
    return claimed.rows[0] ? this.claimed(claimed.rows[0], 'queue') : null;
  }

  private claimed(row: ClaimedRow, by: 'intake' | 'id' | 'queue'): ClaimedRow {
    this.claimsBy.inc({ by });
    return row;
  }

  /**
   * The durable fence before the message data: true when this worker still holds the claim. It changes no indexed
   * column (not `updated_at`, which the claim set a moment ago and the settlement sets again), so Postgres can write
   * it as a heap-only update, without a new entry in each of the table's indexes.
   */
  private async enterDataPhase(row: ClaimedRow): Promise<boolean> {
    const fenced = await queryPrepared(this.dataSource, ENTER_DATA_PHASE, [row.id, row.claim_token]);
    return fenced.rows.length > 0;
  }

  /**
   * The content as it goes on the wire: the row holds masked links only; the real ones are asked of their
   * owners now (a fresh set-password token per try), checked, and put into this message alone. `settled` when the
   * try was settled instead (an owner refused: failed for good; an owner unreachable: retried with backoff).
   */
  private async wireContent(row: ClaimedRow, startedAt: Date): Promise<SendableContent | { settled: NextClaim }> {
    const stored = { text: row.text_body, html: row.html_body, unsubscribeUrl: row.unsubscribe_url };
    try {
      return withRealLinks(stored, await this.links.resolve(row.secret_links ?? [], row.language));
    } catch (err) {
      // No message of these errors quotes a link: they name codes and owners only.
      if (err instanceof LinkRefusedError || err instanceof LinkMismatchError || err instanceof UnresolvedLinkError) {
        // Permanent: the owner refused, answered another link, or a masked link has no source.
        return { settled: await this.settle(row, startedAt, { outcome: 'failed', status: 'failed', code: err.code, error: err.message }) };
      } else {
        const code = err instanceof AppError ? err.code : NotificationsErrors.linkOwnerUnavailable;
        const why = `the owner of a link in this email did not hand it out (${code})`;
        if (row.attempts >= this.settings.env.SEND_MAX_ATTEMPTS) {
          return {
            settled: await this.settle(row, startedAt, {
              outcome: 'failed',
              status: 'failed',
              code,
              error: `gave up after ${row.attempts} attempts: ${why}`,
            }),
          };
        } else {
          return {
            settled: await this.settle(row, startedAt, {
              outcome: 'retry',
              status: 'queued',
              code,
              error: why,
              delayMs: retryDelayMs(row.attempts, this.settings.backoffMs),
            }),
          };
        }
      }
    }
  }

  /** Sends one claimed email and settles the try; returns the lane's next claimed email when the settling claimed one. */
  private async deliver(row: ClaimedRow, session: SmtpSession): Promise<NextClaim> {
    const env = this.settings.env;
    const startedAt = this.clock.now();
    const content = await this.wireContent(row, startedAt);
    if ('settled' in content) return content.settled;
    let raw: Buffer;
    try {
      raw = await buildMessage({
        from: this.settings.from,
        to: { name: row.recipient_name, address: row.recipient_email },
        subject: row.subject,
        text: content.text,
        html: content.html,
        attachments: row.attachments,
        messageId: row.message_id,
        language: row.language,
        kind: row.kind,
        unsubscribeUrl: content.unsubscribeUrl,
        date: startedAt,
      });
    } catch (err) {
      return this.settle(row, startedAt, {
        outcome: 'failed',
        status: 'failed',
        code: NotificationsErrors.unbuildable,
        error: `the message could not be built: ${(err as Error).message}`,
      });
    }
    const controller = new AbortController();
    this.inFlight.set(row.id, controller);
    let result;
    try {
      result = await session.send({
        from: env.MAIL_FROM_ADDRESS,
        to: row.recipient_email,
        raw,
        beforeData: () => this.enterDataPhase(row),
        signal: controller.signal,
        traceContext: row.trace_context,
      });
    } finally {
      this.inFlight.delete(row.id);
    }
    if (result.ok) {
      return this.settle(row, startedAt, { outcome: 'sent', status: 'sent', response: result.response });
    }
    const { failure } = result;
    if (result.claimLost) {
      this.logger.warn({ deliveryId: row.id }, 'claim on an email was lost before its data; another worker owns it now');
      this.notify({ deliveryId: row.id, outcome: 'claim_lost', status: null, attempts: row.attempts });
      return undefined;
    }
    if (result.aborted && !failure.dataHandedOver) {
      return this.settle(row, startedAt, { outcome: 'released', status: 'queued', failure, error: failure.message, code: failure.code });
    }
    const kind = classifySmtpFailure(failure);
    if (kind === 'ambiguous') {
      return this.settle(row, startedAt, {
        outcome: 'ambiguous',
        status: 'ambiguous',
        failure,
        code: failure.code,
        error: `no answer after the message data was sent (${failure.message}); it may have been delivered`,
      });
    } else if (kind === 'permanent') {
      return this.settle(row, startedAt, { outcome: 'failed', status: 'failed', failure, code: failure.code, error: failure.message });
    } else if (row.attempts >= env.SEND_MAX_ATTEMPTS) {
      return this.settle(row, startedAt, {
        outcome: 'failed',
        status: 'failed',
        failure,
        code: failure.code,
        error: `gave up after ${row.attempts} attempts: ${failure.message}`,
      });
    } else {
      return this.settle(row, startedAt, {
        outcome: 'retry',
        status: 'queued',
        failure,
        code: failure.code,
        error: failure.message,
        delayMs: retryDelayMs(row.attempts, this.settings.backoffMs),
      });
    }
  }

  /**
   * Records the outcome of a try, if this worker still holds the claim, with its attempt row. While the worker runs,
   * the same statement claims the lane's next due email (one round trip instead of two): returns it, or null when
   * none was due; undefined when it did not look (the worker is stopping).
   */
  private async settle(row: ClaimedRow, startedAt: Date, s: Settlement): Promise<NextClaim> {
    const response = s.response ?? s.failure?.response ?? null;
    let claimNext = this.running;
    // The lane's next email: one the intake wrote claimed for it (the statement claims none then), else by a hinted id
    // when one waits (see `claim`; if that one is gone, the lane claims anew), else the queue's next.
    let written: ClaimedRow | undefined;
    let hint: string | undefined;
    if (claimNext && this.mayUseHint()) {
      written = this.hints.takeClaimed();
      if (written) claimNext = false;
      else hint = this.hints.take();
    }
    // One statement, so one round trip and atomic: the attempt row is written only when the claim still held.
    const params: unknown[] = [
      row.id,
      row.claim_token,
      s.status,
      s.outcome,
      s.delayMs ?? 0,
      response,
      s.error ?? null,
      s.code ?? null,
      row.attempts,
      s.outcome === 'released' ? 'interrupted' : s.outcome,
      startedAt,
      this.workerId,
      s.failure?.command ?? null,
    ];
    if (claimNext) params.push(uuidv7(), this.settings.env.SEND_LEASE_MS);
    if (hint !== undefined) params.push(hint);
    const settling = queryPrepared<{ settled: number; next: ClaimedRow | null }>(
      this.dataSource,
      `WITH settled AS (
         UPDATE deliveries SET
            status = $3, phase = NULL, lease_until = NULL,
            attempts = CASE WHEN $4 = 'released' THEN greatest(attempts - 1, 0) ELSE attempts END,
            next_attempt_at = now() + ($5::int * interval '1 millisecond'),
            sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END,
            smtp_response = coalesce($6, smtp_response),
            last_error = $7, last_error_code = $8,
            updated_at = now(), version = version + 1
          WHERE id = $1 AND claim_token = $2
          RETURNING id),
       attempt AS (
         INSERT INTO delivery_attempts (delivery_id, attempt, outcome, started_at, worker, error_code, smtp_command, smtp_response, error)
         SELECT settled.id, $9, $10, $11, $12, $8, $13, $6, $7 FROM settled
         RETURNING 1)${
           claimNext
             ? `,
       next AS (${claimStatement('$14', '$12', '$15', { except: '$1', ...(hint !== undefined ? { byId: '$16' } : {}) })})`
             : ''
         }
       SELECT (SELECT count(*) FROM attempt)::int AS settled, ${claimNext ? '(SELECT row_to_json(next) FROM next)' : 'NULL::json'} AS next`,
      params,
    );
    const {
      rows: [answer],
    } = await settling.catch((err: unknown) => {
      // The email written claimed is still this worker's: back to the front for the next claim.
      if (written) this.hints.returnClaimed(written);
      throw err;
    });
    let next: NextClaim;
    if (written) next = this.claimed(written, 'intake');
    else if (!claimNext) next = undefined;
    else if (answer?.next) next = this.claimed(answer.next, hint === undefined ? 'queue' : 'id');
    // A hinted next email that was gone is not "nothing due": undefined makes the lane claim from the queue.
    else next = hint === undefined ? null : undefined;
    if (!answer?.settled) {
      this.logger.warn({ deliveryId: row.id, outcome: s.outcome }, 'an email changed hands while it was being sent; outcome not recorded');
      return next;
    }
    const log = { deliveryId: row.id, kind: row.kind, attempt: row.attempts, outcome: s.outcome, correlationId: row.correlation_id };
    if (s.outcome === 'sent') this.logger.info(log, 'email sent');
    // Server answers can quote the address: the logs get codes, the delivery record gets the words.
    else this.logger.warn({ ...log, code: s.code, responseCode: s.failure?.responseCode ?? null }, `email ${s.outcome}`);
    this.outcomes.inc({ kind: row.kind, outcome: s.outcome });
    this.notify({
      deliveryId: row.id,
      outcome: s.outcome,
      status: s.status,
      attempts: s.outcome === 'released' ? row.attempts - 1 : row.attempts,
      ...(s.error ? { error: s.error } : {}),
    });
    return next;
  }

  /**
   * Gives back an email this lane claimed but did not start (the worker stopped meanwhile): queued again at once,
   * the claim's attempt not counted, no attempt row (nothing was tried). If this fails, the lease recovery does the same.
   */
  private async release(row: ClaimedRow): Promise<void> {
    await queryPrepared(
      this.dataSource,
      `UPDATE deliveries SET status = 'queued', phase = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0),
              next_attempt_at = now(), updated_at = now(), version = version + 1
        WHERE id = ${STILL_CLAIMED}`,
      [row.id, row.claim_token],
    );
  }

  /** Takes back the rows of senders that died (lease ran out); see the class comment for the rule. */
  async recoverAbandoned(): Promise<number> {
    const recovered = await this.dataSource.transaction(async (tx: EntityManager) => {
      const [rows]: [{ id: string; status: DeliveryStatus; attempts: number; claimed_by: string | null; last_error: string }[], number] =
        await tx.query(
          `WITH stale AS (
             SELECT id FROM deliveries WHERE status = 'sending' AND lease_until < now()
             ORDER BY lease_until LIMIT 200 FOR UPDATE SKIP LOCKED)
           UPDATE deliveries d SET
             status = CASE WHEN d.phase = 'data' THEN 'ambiguous' WHEN d.attempts >= $1 THEN 'failed' ELSE 'queued' END,
             last_error = CASE WHEN d.phase = 'data' THEN $2 ELSE $3 END,
             last_error_code = CASE WHEN d.phase = 'data' THEN $4 ELSE $5 END,
             phase = NULL, lease_until = NULL, next_attempt_at = now(), updated_at = now(), version = d.version + 1
           FROM stale WHERE d.id = stale.id
           RETURNING d.id, d.status, d.attempts, d.claimed_by, d.last_error`,
          [
            this.settings.env.SEND_MAX_ATTEMPTS,
            LOST_AFTER_DATA,
            LOST_BEFORE_DATA,
            NotificationsErrors.senderLostAfterData,
            NotificationsErrors.senderLostBeforeData,
          ],
        );
      for (const r of rows) {
        await tx.query(
          `INSERT INTO delivery_attempts (delivery_id, attempt, outcome, started_at, worker, error_code, error)
           VALUES ($1, $2, $3, now(), $4, $5, $6)`,
          [
            r.id,
            r.attempts,
            r.status === 'ambiguous' ? 'ambiguous' : 'interrupted',
            r.claimed_by,
            r.status === 'ambiguous' ? NotificationsErrors.senderLostAfterData : NotificationsErrors.senderLostBeforeData,
            r.last_error,
          ],
        );
      }
      return rows;
    });
    for (const r of recovered) {
      this.logger.warn(
        { deliveryId: r.id, status: r.status, previousWorker: r.claimed_by },
        'took back an email from a sender that stopped',
      );
      this.notify({ deliveryId: r.id, outcome: 'recovered', status: r.status, attempts: r.attempts, error: r.last_error });
    }
    if (recovered.some((r) => r.status === 'queued')) this.wake();
    return recovered.length;
  }

  private async recoverIfDue(): Promise<void> {
    const every = Math.min(Math.max(this.settings.env.SEND_LEASE_MS / 4, 50), 10_000);
    // A timer, not a time the domain sees: the monotonic clock, so a test's ManualClock does not stop recovery.
    if (performance.now() - this.lastRecovery < every) return;
    this.lastRecovery = performance.now();
    await this.recoverAbandoned();
  }

  private notify(notice: DeliveryNotice): void {
    for (const listener of this.listeners) listener(notice);
  }
}
