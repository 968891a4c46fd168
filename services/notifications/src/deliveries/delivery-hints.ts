import { Injectable } from '@nestjs/common';
import type { EmailAttachment } from '../templates/template-types.js';
import type { SecretLink } from './secret-links.js';

/** A delivery row as a lane holds it while it sends: what its claim returns (or the intake wrote, see `claimedFor`). */
export interface ClaimedRow {
  id: string;
  kind: string;
  language: 'ja' | 'en';
  recipient_email: string;
  recipient_name: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: EmailAttachment[];
  unsubscribe_url: string | null;
  secret_links: SecretLink[] | null;
  message_id: string;
  attempts: number;
  claim_token: string;
  correlation_id: string | null;
  /** The W3C trace context of the event handling that wrote the row (jsonb), or null. */
  trace_context: unknown;
}

/** The delivery worker of this replica, while it takes emails: whom an email written already claimed is claimed by. */
export interface ClaimingWorker {
  workerId: string;
  leaseMs: number;
  /** Emails written already claimed that may wait for a lane at once (the worker's lanes). */
  slots: number;
}

/** How many events' rows wait for their transaction's outcome, and how many committed rows wait for a lane, at most. */
const STAGED_MAX = 2_000;
const READY_MAX = 10_000;
/** Emails are written claimed only while at most this many committed ids per lane wait ahead of them (see `claimedFor`). */
const IDS_AHEAD_PER_SLOT = 4;

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
 *
 * Rows written claimed (`claimedFor`) are more than a hint: they are this worker's until a lane sends them, the worker
 * gives them back when it stops, or (the process died) their lease runs out and the recovery queues them again.
 */
@Injectable()
export class DeliveryHints {
  private readonly staged = new Map<string, string[]>();
  /** Committed ids, oldest first, each with its place in the order of commits (`seq`). */
  private readonly ready = new Map<string, number>();
  private readonly stagedClaimed = new Map<string, ClaimedRow[]>();
  /** Slots `claimedFor` promised to events that have not staged their rows yet (one statement can write fewer). */
  private readonly reserved = new Map<string, number>();
  /** Committed rows written claimed, oldest first, each with its place in the same order as the ids. */
  private readonly readyClaimed: { row: ClaimedRow; seq: number }[] = [];
  private seq = 0;
  private worker: ClaimingWorker | null = null;
  private orphans: ((rows: ClaimedRow[]) => void) | null = null;

  /**
   * The worker takes emails from now on: the intake may write an event's emails already claimed for it
   * (`claimedFor`), which saves each of them the claim (a new version of a row with every index of the table, and a
   * round trip).
   */
  openForClaims(worker: ClaimingWorker): void {
    this.worker = { ...worker };
    this.orphans = null;
  }

  /**
   * The worker stops taking emails: no more are written claimed, and the claimed ones no lane took are handed back
   * (the worker releases them); `orphans` gets those of transactions that commit after this.
   */
  closeForClaims(orphans: (rows: ClaimedRow[]) => void): ClaimedRow[] {
    this.worker = null;
    this.orphans = orphans;
    return this.readyClaimed.splice(0).map((c) => c.row);
  }

  /**
   * The worker event `eventId`'s `count` due emails may be written claimed for: when the rows written claimed that wait
   * for a lane or for their transaction, and those other events were promised and have not staged yet, leave room for
   * these among its slots, and few committed ids wait ahead of them (under a backlog an email written claimed would wait
   * as long as the backlog, its lease running); else null, and they are written queued as before. A yes reserves the
   * slots for the event until it stages its rows (`stageClaimed`) or its outcome is known (`settle`), so that events
   * handled at once by several consumers do not together take more than the slots. The lanes take both kinds in the
   * order of the commits (`takeClaimed`).
   */
  claimedFor(eventId: string, count: number): ClaimingWorker | null {
    if (!this.worker || count === 0 || this.ready.size > this.worker.slots * IDS_AHEAD_PER_SLOT) return null;
    let waiting = this.readyClaimed.length;
    for (const rows of this.stagedClaimed.values()) waiting += rows.length;
    for (const promised of this.reserved.values()) waiting += promised;
    if (waiting + count > this.worker.slots) return null;
    if (this.reserved.size >= STAGED_MAX) {
      // The oldest is one whose outcome was never reported (a caller outside the consumers): drop it.
      const [oldest] = this.reserved.keys();
      if (oldest !== undefined) this.reserved.delete(oldest);
    }
    this.reserved.set(eventId, (this.reserved.get(eventId) ?? 0) + count);
    return this.worker;
  }

  /** Rows written claimed in the open transaction of event `eventId` (see `claimedFor`): they take its reserved slots. */
  stageClaimed(eventId: string, rows: readonly ClaimedRow[]): void {
    const promised = this.reserved.get(eventId);
    if (promised !== undefined) {
      if (promised > rows.length) this.reserved.set(eventId, promised - rows.length);
      else this.reserved.delete(eventId);
    }
    stageIn(this.stagedClaimed, eventId, rows);
  }

  /**
   * The oldest committed row written claimed, removed, when no committed id is older (a lane takes that one first,
   * by `take`); undefined otherwise.
   */
  takeClaimed(): ClaimedRow | undefined {
    const first = this.readyClaimed[0];
    const oldestId: number | undefined = this.ready.values().next().value;
    if (!first || (oldestId !== undefined && oldestId < first.seq)) return undefined;
    return this.readyClaimed.shift()!.row;
  }

  /** Puts back a row `takeClaimed` gave out that the lane could not start with (its statement failed): first in line. */
  returnClaimed(row: ClaimedRow): void {
    if (this.worker) this.readyClaimed.unshift({ row, seq: 0 });
    else this.orphans?.([row]);
  }

  /** Ids written in the open transaction of event `eventId`. */
  stage(eventId: string, ids: readonly string[]): void {
    stageIn(this.staged, eventId, ids);
  }

  /** The event's transaction committed (`true`: its ids become claimable hints) or did not (they are dropped). */
  settle(eventId: string | null, committed: boolean): boolean {
    if (eventId === null) return false;
    this.reserved.delete(eventId);
    const claimed = this.stagedClaimed.get(eventId);
    if (claimed) {
      this.stagedClaimed.delete(eventId);
      // Rows of a transaction that did not commit do not exist; committed ones are the worker's, or (it stopped
      // meanwhile) handed back to it to release.
      if (committed && this.worker) this.readyClaimed.push(...claimed.map((row) => ({ row, seq: ++this.seq })));
      else if (committed) this.orphans?.(claimed);
    }
    const ids = this.staged.get(eventId);
    if (!ids) return claimed !== undefined && committed;
    this.staged.delete(eventId);
    if (!committed) return false;
    for (const id of ids) {
      if (this.ready.size >= READY_MAX) break;
      if (!this.ready.has(id)) this.ready.set(id, ++this.seq);
    }
    return true;
  }

  /** The oldest ready id, removed; undefined when none is waiting. */
  take(): string | undefined {
    for (const id of this.ready.keys()) {
      this.ready.delete(id);
      return id;
    }
    return undefined;
  }

  get size(): number {
    return this.ready.size;
  }
}

/** Adds an event's items to those staged for its open transaction, at most STAGED_MAX events at once. */
function stageIn<T>(staged: Map<string, T[]>, eventId: string, items: readonly T[]): void {
  if (items.length === 0) return;
  const already = staged.get(eventId);
  if (already) {
    already.push(...items);
    return;
  }
  if (staged.size >= STAGED_MAX) {
    // The oldest entry is one whose outcome was never reported (a caller outside the consumers): drop it.
    const [oldest] = staged.keys();
    if (oldest !== undefined) staged.delete(oldest);
  }
  staged.set(eventId, [...items]);
}
