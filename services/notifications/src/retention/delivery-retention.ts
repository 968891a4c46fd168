import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { Clock, LOGGER, ServiceMetrics } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { DataSource, type EntityManager } from 'typeorm';
import { NotificationSettings } from '../config/notification-settings.js';
import { retentionCutoff, SETTLED_STATUSES } from './retention-policy.js';

/** Rows per transaction: short transactions, short row locks. */
const BATCH = 500;

/** One replica at a time does the work (a transaction-scoped advisory lock, released with the transaction). */
const LOCK = 'collabo.notifications.delivery-retention';

export interface RetentionRun {
  /** Rows last changed before this were due. */
  cutoff: Date | null;
  redacted: number;
  /** Another replica held the lock: it does the work; this one did (the rest of) nothing. */
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
 * Every replica runs it every DELIVERY_RETENTION_INTERVAL_MS; a transaction-scoped advisory lock lets one
 * replica work at a time, `FOR UPDATE SKIP LOCKED` keeps rows that are changing right now out of a batch,
 * and `redacted_at IS NULL` makes a second pass over a row a no-op.
 */
@Injectable()
export class DeliveryRetention implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private readonly listeners = new Set<(run: RetentionRun) => void>();
  private readonly redactedTotal: Counter;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: NotificationSettings,
    private readonly clock: Clock,
    metrics: ServiceMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.redactedTotal =
      (metrics.registry.getSingleMetric('notification_deliveries_redacted_total') as Counter | undefined) ??
      new Counter({
        name: 'notification_deliveries_redacted_total',
        help: 'Settled emails whose personal data was removed after the retention period',
        registers: [metrics.registry],
      });
  }

  onApplicationBootstrap(): void {
    if (this.settings.env.DELIVERY_RETENTION_DAYS === 0) {
      this.logger.info('delivery retention is off (DELIVERY_RETENTION_DAYS=0): emails keep their personal data');
      return;
    }
    this.timer = setInterval(() => this.tick(), this.settings.env.DELIVERY_RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current?.catch(() => undefined);
  }

  /** Observe each run (tests await these instead of sleeping). */
  onRun(listener: (run: RetentionRun) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tick(): void {
    if (this.current) return;
    this.current = this.runOnce()
      .catch((err: Error) => this.logger.warn({ err: err.message }, 'delivery retention run failed; trying again at the next interval'))
      .finally(() => {
        this.current = null;
      });
  }

  /** One pass: every settled email past retention, in batches, as long as this replica holds the lock. */
  async runOnce(): Promise<RetentionRun> {
    const cutoff = retentionCutoff(this.clock.now(), this.settings.env.DELIVERY_RETENTION_DAYS);
    const run: RetentionRun = { cutoff, redacted: 0, skipped: false };
    if (cutoff) {
      for (;;) {
        const done = await this.dataSource.transaction((tx) => this.batch(tx, cutoff));
        if (done === null) {
          run.skipped = true;
          break;
        }
        run.redacted += done;
        if (done < BATCH) break;
      }
    }
    if (run.redacted > 0) {
      this.redactedTotal.inc(run.redacted);
      this.logger.info({ redacted: run.redacted, cutoff: cutoff?.toISOString() }, 'removed the personal data of emails past retention');
    }
    for (const listener of this.listeners) listener(run);
    return run;
  }

  /** Redacts up to BATCH rows; null when another replica holds the lock. */
  private async batch(tx: EntityManager, cutoff: Date): Promise<number | null> {
    const [{ locked }]: [{ locked: boolean }] = await tx.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [LOCK]);
    if (!locked) return null;
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
    return rows.length;
  }
}
