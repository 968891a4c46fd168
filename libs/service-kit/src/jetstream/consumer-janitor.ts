import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export interface ConsumerJanitorOptions {
  /** How often a replica cleans up (the first pass runs at start). */
  intervalMs: number;
  /** Delete inbox rows older than this (longer than the streams keep messages, so a redelivery still finds its row). */
  inboxRetentionMs: number;
  /** Delete dead letters resolved (retried or dismissed) longer ago than this: they hold whole payloads, personal data included. */
  deadLetterRetentionMs: number;
  /**
   * Unresolved dead letters parked longer ago than this keep their metadata only: the payload is dropped
   * (NULL, `redacted_at` set; the error text stays), so a forgotten one does not keep personal data for ever.
   * A redacted dead letter can be dismissed but no longer retried.
   */
  deadLetterPayloadRetentionMs: number;
}

const DAY = 24 * 60 * 60 * 1000;

export const DEFAULT_CONSUMER_JANITOR_OPTIONS: ConsumerJanitorOptions = {
  intervalMs: 60 * 60 * 1000,
  inboxRetentionMs: 35 * DAY,
  deadLetterRetentionMs: 90 * DAY,
  // As long as the streams keep the message (DEFAULT_STREAM_SETTINGS.maxAgeMs).
  deadLetterPayloadRetentionMs: 30 * DAY,
};

export interface JanitorPass {
  /** false: another replica was cleaning up at that moment, this one did nothing. */
  ran: boolean;
  inboxDeleted: number;
  deadLettersDeleted: number;
  deadLettersRedacted: number;
}

/**
 * The consumer side's housekeeping, on the consumer side's tables (`inbox`, `dead_letters`): hourly, old inbox
 * rows and resolved dead letters go, and unresolved dead letters past `deadLetterPayloadRetentionMs` lose their
 * payload (metadata and error text stay). One replica at a time does a pass (a transaction-scoped advisory
 * lock; a replica that finds it taken skips that pass). The outbox relay cleans up only its own outbox rows.
 */
export class ConsumerJanitor {
  private readonly options: ConsumerJanitorOptions;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> = Promise.resolve();
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    /** Advisory-lock key: one per service database. */
    private readonly lockKey: string,
    private readonly logger: Logger,
    options: Partial<ConsumerJanitorOptions> = {},
  ) {
    this.options = { ...DEFAULT_CONSUMER_JANITOR_OPTIONS, ...options };
  }

  /** Runs a pass now and then every `intervalMs` until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const pass = async (): Promise<void> => {
      await this.run().catch((err: unknown) =>
        this.logger.warn({ err: (err as Error).message }, 'consumer clean-up (inbox, dead letters) failed; next pass later'),
      );
      if (this.running) this.timer = setTimeout(() => (this.pass = pass()), this.options.intervalMs).unref();
    };
    this.pass = pass();
  }

  /** Stops the schedule and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }

  /** One pass (exposed for tests and operators). */
  async run(): Promise<JanitorPass> {
    const olderThan = `now() - ($1::bigint * interval '1 millisecond')`;
    const result = await this.dataSource.transaction(async (tx) => {
      const [{ locked }] = (await tx.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [this.lockKey])) as {
        locked: boolean;
      }[];
      if (!locked) return { ran: false, inboxDeleted: 0, deadLettersDeleted: 0, deadLettersRedacted: 0 };
      const [, inboxDeleted] = (await tx.query(`DELETE FROM inbox WHERE processed_at < ${olderThan}`, [this.options.inboxRetentionMs])) as [
        unknown,
        number,
      ];
      const [, deadLettersDeleted] = (await tx.query(`DELETE FROM dead_letters WHERE resolved_at < ${olderThan}`, [
        this.options.deadLetterRetentionMs,
      ])) as [unknown, number];
      const [, deadLettersRedacted] = (await tx.query(
        `UPDATE dead_letters SET payload = NULL, redacted_at = now()
          WHERE resolved_at IS NULL AND redacted_at IS NULL AND parked_at < ${olderThan}`,
        [this.options.deadLetterPayloadRetentionMs],
      )) as [unknown, number];
      return { ran: true, inboxDeleted, deadLettersDeleted, deadLettersRedacted };
    });
    if (result.deadLettersRedacted)
      this.logger.info({ deadLetters: result.deadLettersRedacted }, 'payloads of old unresolved dead letters dropped');
    return result;
  }
}
