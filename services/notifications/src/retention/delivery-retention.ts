import { Inject, Injectable } from '@nestjs/common';
import { Clock, LOGGER, PeriodicJob, recordRemoval, ServiceMetrics } from '@collabo/service-kit';
import type { Logger } from 'pino';
import type { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationSettings } from '../config/notification-settings.js';
import { retentionCutoff, SETTLED_STATUSES } from './retention-policy.js';

/** Rows per transaction: short transactions, short row locks. */
const BATCH = 500;

/** The job's name; with `acrossReplicas` its advisory lock is `periodicJobLockKey(RETENTION_JOB)`. */
export const RETENTION_JOB = 'notifications.delivery-retention';

export interface RetentionRun {
  /** Rows last changed before this were due. */
  cutoff: Date | null;
  redacted: number;
  /** Another replica held the job (its lock), or a run was already in progress here: that one does the work. */
  skipped: boolean;
}

/**
 * Removes the personal data of settled emails past DELIVERY_RETENTION_DAYS (see retention-policy.ts): the
 * address, name and person id, the rendered text, HTML and attachments, the unsubscribe link, the secret links'
 * sources (`secret_links`: the recipient key, account, invitation and registration ids they name) and the mail
 * server's words (which can quote the address), also from the attempts. The
 * recipient key becomes `redacted:<delivery id>`, so the unique key still holds and nothing links the row
 * to the person. Kept: kind, category, status, Message-ID, subject, dates, tries, the proposal or event.
 *
 * A kit `PeriodicJob` with `acrossReplicas`: every replica takes a turn every DELIVERY_RETENTION_INTERVAL_MS,
 * and the job's advisory lock lets one replica at a time do a run (the others skip that turn).
 * `FOR UPDATE SKIP LOCKED` keeps rows that are changing right now out of a batch, and `redacted_at IS NULL`
 * makes a second pass over a row a no-op.
 */
@Injectable()
export class DeliveryRetention extends PeriodicJob {
  private readonly listeners = new Set<(run: RetentionRun) => void>();
  private readonly redactedTotal: Counter;
  /** What the last run of this replica did (runs never overlap within one process). */
  private last: RetentionRun | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: NotificationSettings,
    private readonly clock: Clock,
    metrics: ServiceMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const off = settings.env.DELIVERY_RETENTION_DAYS === 0;
    super({ name: RETENTION_JOB, intervalMs: off ? 0 : settings.env.DELIVERY_RETENTION_INTERVAL_MS, logger, acrossReplicas: dataSource });
    this.redactedTotal = metrics.counter({
      name: 'notification_deliveries_redacted_total',
      help: 'Settled emails whose personal data was removed after the retention period',
    });
  }

  override onApplicationBootstrap(): void {
    if (this.settings.env.DELIVERY_RETENTION_DAYS === 0) {
      this.logger.info('delivery retention is off (DELIVERY_RETENTION_DAYS=0): emails keep their personal data');
    }
    super.onApplicationBootstrap();
  }

  /** Observe each turn, skipped ones included (tests await these instead of sleeping). */
  onRun(listener: (run: RetentionRun) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * One turn now, as the timer takes it (under the job's lock), told as a RetentionRun; a turn in progress
   * in this process is waited for first, so this one is skipped only when another replica holds the job.
   */
  async run(): Promise<RetentionRun> {
    await this.settled();
    await this.runNow();
    return this.last!;
  }

  /** A turn of the schedule (or `run()`): a turn that found the job held elsewhere is reported as skipped. */
  override async runNow(): Promise<number | null> {
    const done = await super.runNow();
    if (done === null) this.report({ cutoff: this.cutoff(), redacted: 0, skipped: true });
    return done;
  }

  /**
   * One pass, every settled email past retention in batches; the kit calls it while this replica holds the
   * job's lock. Call `run()` rather than this: this one does not take the lock.
   */
  async runOnce(): Promise<number> {
    const cutoff = this.cutoff();
    let redacted = 0;
    if (cutoff) {
      for (;;) {
        const done = await this.dataSource.transaction((tx) => this.batch(tx, cutoff));
        redacted += done;
        if (done < BATCH) break;
      }
    }
    if (redacted > 0) {
      this.redactedTotal.inc(redacted);
      this.logger.info({ redacted, cutoff: cutoff?.toISOString() }, 'removed the personal data of emails past retention');
    }
    this.report({ cutoff, redacted, skipped: false });
    return redacted;
  }

  private cutoff(): Date | null {
    return retentionCutoff(this.clock.now(), this.settings.env.DELIVERY_RETENTION_DAYS);
  }

  private report(run: RetentionRun): void {
    this.last = run;
    for (const listener of this.listeners) listener(run);
  }

  /** Redacts up to BATCH rows. */
  private async batch(tx: EntityManager, cutoff: Date): Promise<number> {
    const [rows]: [{ id: string }[], number] = await tx.query(
      `WITH due AS (
         SELECT id FROM deliveries
          WHERE redacted_at IS NULL AND status = ANY($1::text[]) AND updated_at < $2
          ORDER BY updated_at, id
          LIMIT $3
          FOR UPDATE SKIP LOCKED)
       UPDATE deliveries d SET
         recipient_key = 'redacted:' || d.id, person_id = NULL, recipient_email = NULL, recipient_name = NULL,
         text_body = '', html_body = '', attachments = '[]', unsubscribe_url = NULL, secret_links = '[]',
         last_error = NULL, smtp_response = NULL,
         redacted_at = $4, updated_at = now(), version = d.version + 1
       FROM due WHERE d.id = due.id
       RETURNING d.id`,
      [[...SETTLED_STATUSES], cutoff, BATCH, this.clock.now()],
    );
    if (rows.length) {
      await tx.query(`UPDATE delivery_attempts SET smtp_response = NULL, error = NULL WHERE delivery_id = ANY($1::uuid[])`, [
        rows.map((r) => r.id),
      ]);
    }
    // One policy, one report (issue #20): counted in the retention log with the batch.
    await recordRemoval(tx, this.clock.now(), 'delivery_bodies', 'redacted', rows.length);
    return rows.length;
  }
}
