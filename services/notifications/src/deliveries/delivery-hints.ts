import { Injectable } from '@nestjs/common';

/** How many events' rows wait for their transaction's outcome, and how many committed rows wait for a lane, at most. */
const STAGED_MAX = 2_000;
const READY_MAX = 10_000;

/**
 * The ids of the emails this replica's intake just recorded, handed to its delivery lanes so that a lane claims an
 * email by its primary key instead of reading the queue's head. The head of a busy queue is a run of index entries of
 * rows already claimed or sent (dead versions that only vacuum removes), and every claim that reads it steps past all
 * of them: under a backlog that costs Postgres more the longer the backlog, which is when it can least afford it.
 *
 * Only a hint: an id is staged while the event's transaction is open, made ready when the consumer reports the event
 * applied (committed), and dropped otherwise; a lane that finds its hinted row gone (another replica or lane took it,
 * its retry is not due) claims from the queue's head as before, and so does one claim in `SCAN_EVERY` so that retries
 * and other replicas' rows are never starved by a stream of hints. Losing hints (a full buffer, a restart) loses
 * nothing: the rows are in the table, and the head-of-queue claim finds them.
 */
@Injectable()
export class DeliveryHints {
  private readonly staged = new Map<string, string[]>();
  private readonly ready = new Set<string>();

  /** Ids written in the open transaction of event `eventId`. */
  stage(eventId: string, ids: readonly string[]): void {
    if (ids.length === 0) return;
    const already = this.staged.get(eventId);
    if (already) {
      already.push(...ids);
      return;
    }
    if (this.staged.size >= STAGED_MAX) {
      // The oldest entry is one whose outcome was never reported (a caller outside the consumers): drop it.
      const [oldest] = this.staged.keys();
      if (oldest !== undefined) this.staged.delete(oldest);
    }
    this.staged.set(eventId, [...ids]);
  }

  /** The event's transaction committed (`true`: its ids become claimable hints) or did not (they are dropped). */
  settle(eventId: string | null, committed: boolean): boolean {
    if (eventId === null) return false;
    const ids = this.staged.get(eventId);
    if (!ids) return false;
    this.staged.delete(eventId);
    if (!committed) return false;
    for (const id of ids) {
      if (this.ready.size >= READY_MAX) break;
      this.ready.add(id);
    }
    return true;
  }

  /** The oldest ready id, removed; undefined when none is waiting. */
  take(): string | undefined {
    for (const id of this.ready) {
      this.ready.delete(id);
      return id;
    }
    return undefined;
  }

  get size(): number {
    return this.ready.size;
  }
}
