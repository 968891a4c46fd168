import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export interface PeriodicJobSettings {
  /** The job's name in logs (and, with `acrossReplicas`, in its advisory lock). */
  name: string;
  /** Pause between the end of one run and the start of the next; 0 = the job never runs by itself. */
  intervalMs: number;
  logger: Logger;
  /**
   * The service database: at most one replica runs the job at a time (a transaction-scoped advisory lock named
   * after the job, held for the run by a transaction of its own); a replica that finds it held skips that turn. Without it each replica runs the job
   * on its own schedule, and the job itself must be safe for that (row locks, SKIP LOCKED, guarded updates).
   */
  acrossReplicas?: DataSource;
}

/** The advisory lock a job with `acrossReplicas` holds while it runs (for tests and operators who hold it by hand). */
export function periodicJobLockKey(name: string): string {
  return `collabo.periodic-job:${name}`;
}

/**
 * A job that runs every `intervalMs` in this process, never two runs at once here (and, with `acrossReplicas`,
 * never two at once across the replicas that share the database). It starts when the application has started
 * and stops on shutdown, which waits for a run in progress. A failed run is logged and the job runs again at
 * the next turn.
 *
 * ```ts
 * @Injectable()
 * export class ReminderJob extends PeriodicJob {
 *   constructor(clock: Clock, @Inject(KIT_ENV) env: MyEnv, @Inject(LOGGER) logger: Logger) {
 *     super({ name: 'reminders', intervalMs: env.REMINDER_SWEEP_MS, logger });
 *   }
 *   async runOnce(): Promise<number> { … return done; }
 * }
 * ```
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number | null> | null = null;
  private stopped = true;

  protected constructor(protected readonly job: PeriodicJobSettings) {}

  /** One pass; returns how many things it did. Tests may call it directly. */
  abstract runOnce(): Promise<number>;

  onApplicationBootstrap(): void {
    this.stopped = false;
    if (this.job.intervalMs > 0) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Whether a next turn is waiting on the timer (never after shutdown, nor for a job without an interval). */
  get scheduled(): boolean {
    return this.timer !== null;
  }

  /** Resolves once the run in progress in this process, if any, has ended (however it ended). */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  /**
   * Runs one pass now, as a turn of the schedule would: resolves with what it did, or `null` when it did not run
   * because a run is in progress in this process (or, with `acrossReplicas`, in another replica). Errors reject.
   */
  runNow(): Promise<number | null> {
    if (this.running) return Promise.resolve(null);
    const run = (this.running = this.runExclusively().finally(() => {
      if (this.running === run) this.running = null;
    }));
    return run;
  }

  private async runExclusively(): Promise<number | null> {
    const dataSource = this.job.acrossReplicas;
    if (!dataSource) return this.runOnce();
    // A transaction-scoped lock, held by a transaction open for the run: it works through a transaction-mode
    // pooler too, and goes with the transaction however the run ends. The run's own work uses other connections.
    return dataSource.transaction(async (tx) => {
      const [{ locked }] = (await tx.query('SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked', [
        periodicJobLockKey(this.job.name),
      ])) as { locked: boolean }[];
      return locked ? this.runOnce() : null;
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.job.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (this.stopped) return;
    try {
      const done = await this.runNow();
      if (done) this.job.logger.info({ job: this.job.name, done }, 'periodic job done');
    } catch (err) {
      this.job.logger.warn({ job: this.job.name, err: (err as Error).message }, 'periodic job failed; it runs again later');
    }
    this.schedule();
  }
}
