import { type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * A job that runs every `intervalMs` in this process (never two runs at once). Replicas each run it;
 * the job itself must be safe for that (row locks, SKIP LOCKED, guarded updates). Shutdown waits for
 * a run in progress. (Plumbing: here, beside the registrations' jobs, until the kit offers it; the lottery's
 * job uses it too.)
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;

  protected abstract readonly jobName: string;
  protected abstract readonly intervalMs: number;
  protected abstract readonly logger: Logger;

  /** One pass; returns how many things it did. */
  abstract runOnce(): Promise<number>;

  onApplicationBootstrap(): void {
    this.stopped = false;
    if (this.intervalMs > 0) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    this.running = this.runOnce().then(
      (done) => {
        if (done > 0) this.logger.info({ job: this.jobName, done }, 'periodic job done');
      },
      (err: Error) => this.logger.warn({ job: this.jobName, err: err.message }, 'periodic job failed; it runs again later'),
    );
    await this.running;
    this.running = null;
    this.schedule();
  }
}
