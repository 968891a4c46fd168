/**
 * A steady stream of work for the fault tests: proposal transitions (screening <-> on hold, each one an
 * email to the contact person and one to the coordinator) and guest registrations (a receipt and a
 * confirmation or waitlist email each). What counts afterwards is what the services committed, read
 * back from their APIs, not what the client believed.
 */
import type { Api } from './api.js';

export interface World {
  organizationId: string;
  contact: { id: string; email: string };
  coordinator: { id: string; email: string };
  proposals: string[];
  eventId: string;
}

export interface TrafficCounts {
  attempts: number;
  committed: number;
  failed: number;
}

export class Traffic {
  private running = false;
  private loops: Promise<void>[] = [];
  private guest = 0;
  readonly transitions: TrafficCounts = { attempts: 0, committed: 0, failed: 0 };
  readonly registrations: TrafficCounts = { attempts: 0, committed: 0, failed: 0 };
  private progressWaiters: { target: number; resolve: () => void }[] = [];

  constructor(
    private readonly api: Api,
    private readonly world: World,
    private readonly pauseMs = 60,
  ) {}

  start(): void {
    this.running = true;
    this.loops = [this.transitionLoop(), this.registrationLoop()];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** Resolves once `n` more changes (of either kind) have been committed: traffic flows again. */
  progress(n: number, timeoutMs = 120_000): Promise<void> {
    const target = this.transitions.committed + this.registrations.committed + n;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`traffic did not make ${n} more changes in ${timeoutMs} ms`)), timeoutMs);
      this.progressWaiters.push({
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private committed(counts: TrafficCounts): void {
    counts.committed++;
    const total = this.transitions.committed + this.registrations.committed;
    this.progressWaiters = this.progressWaiters.filter((w) => (total >= w.target ? (w.resolve(), false) : true));
  }

  private async transitionLoop(): Promise<void> {
    let i = 0;
    while (this.running) {
      const id = this.world.proposals[i++ % this.world.proposals.length]!;
      this.transitions.attempts++;
      try {
        const current = await this.api.call<{ stage: { code: string } }>('proposals', 'GET', `/v1/proposals/${id}`);
        if (current.status !== 200) throw new Error(String(current.status));
        const to = current.body.stage.code === 'on_hold' ? 'screening' : 'on_hold';
        const answer = await this.api.call(
          'proposals',
          'POST',
          `/v1/proposals/${id}/transitions`,
          { to, reason: '障害試験の進行' },
          {
            'if-match': current.etag ?? '',
          },
        );
        if (answer.status === 201) this.committed(this.transitions);
        else this.transitions.failed++;
      } catch {
        this.transitions.failed++;
      }
      await new Promise((r) => setTimeout(r, this.pauseMs));
    }
  }

  private async registrationLoop(): Promise<void> {
    while (this.running) {
      this.registrations.attempts++;
      const n = ++this.guest;
      try {
        const answer = await this.api.registerGuest(this.world.eventId, n, n % 3 === 0 ? 'en' : 'ja');
        if (answer.status === 201) this.committed(this.registrations);
        else this.registrations.failed++;
      } catch {
        this.registrations.failed++;
      }
      await new Promise((r) => setTimeout(r, this.pauseMs * 2));
    }
  }
}
