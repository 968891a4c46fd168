import { formatInstant } from '@collabo/calendar';
import { Clock } from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { InvalidTransitionError, LotteryAlreadyDrawnError, LotteryNotDueError, LotteryNotFoundError, NotALotteryError } from '../errors.js';
import { isPublic } from '../events/event-rules.js';
import { seatCounts } from '../events/event-views.js';
import type { ExchangeEvent } from '../events/exchange-event.entity.js';
import { Registration } from '../registrations/registration.entity.js';
import { SeatAllocation } from '../registrations/seat-allocation.js';
import { LotteryDraw } from './lottery-draw.entity.js';
import { canonicalApplicants, drawLottery, LOTTERY_ALGORITHM, newSeed } from './lottery.js';

export interface LotteryResult {
  eventId: string;
  seed: string;
  algorithm: string;
  seats: number;
  /** Registration ids of the applicants, in the canonical order the draw starts from. */
  applicants: string[];
  /** The draw order: the first `seats` got a seat, the others wait in this order. */
  order: string[];
  drawnAt: string;
  /** true when the service drew it (nobody had drawn it in time after the deadline). */
  automatic: boolean;
}

function result(draw: LotteryDraw): LotteryResult {
  return {
    eventId: draw.eventId,
    seed: draw.seed,
    algorithm: draw.algorithm,
    seats: draw.seats,
    applicants: draw.applicantIds,
    order: draw.drawnOrder,
    drawnAt: formatInstant(draw.drawnAt),
    automatic: draw.drawnBy === null,
  };
}

/** The lottery of an event: drawn once after its registration window closes, recorded, re-runnable by anyone. */
@Injectable()
export class LotteryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly seats: SeatAllocation,
    private readonly clock: Clock,
  ) {}

  /** Staff draw the lottery (with a seed of their own, e.g. drawn in public, or a random one). */
  async draw(eventId: string, seed: string | undefined, actorId: string): Promise<LotteryResult> {
    return this.dataSource.transaction(async (tx) => {
      const event = await this.seats.lockEvent(tx, eventId);
      return result(await this.drawLocked(tx, event, seed ?? newSeed(), actorId));
    });
  }

  /**
   * Draws the lottery of an event whose row the caller has locked: checks that a draw is due and not done,
   * records it (seed, applicants, order), confirms the winners and waitlists the rest in draw order.
   * `drawnBy` null = drawn by the service (LotteryDrawJob).
   */
  async drawLocked(tx: EntityManager, event: ExchangeEvent, seed: string, drawnBy: string | null): Promise<LotteryDraw> {
    const eventId = event.id;
    if (event.admission !== 'lottery') throw new NotALotteryError();
    if (!isPublic(event.status)) throw new InvalidTransitionError(event.status, 'drawn', ['published', 'changed']);
    const now = this.clock.now();
    const closes = event.registrationClosesAt!;
    if (now.getTime() < closes.getTime()) {
      throw new LotteryNotDueError(closes);
    }
    if (await tx.getRepository(LotteryDraw).existsBy({ eventId })) {
      throw new LotteryAlreadyDrawnError();
    }
    const applicants = await tx
      .getRepository(Registration)
      .find({ where: { eventId, status: 'received' }, lock: { mode: 'pessimistic_write' } });
    const byId = new Map(applicants.map((r) => [r.id, r]));
    const order = drawLottery(
      seed,
      applicants.map((a) => a.id),
    );
    const free = Math.max(0, event.capacity - seatCounts(event, await this.seats.counts(tx, eventId)).held);
    const draw: LotteryDraw = {
      eventId,
      seed,
      algorithm: LOTTERY_ALGORITHM,
      seats: free,
      applicantIds: canonicalApplicants(applicants.map((a) => a.id)),
      drawnOrder: order,
      drawnAt: now,
      drawnBy,
    };
    await tx.getRepository(LotteryDraw).insert(draw);
    for (const [rank, id] of order.entries()) {
      const registration = byId.get(id)!;
      if (rank < free) {
        await this.seats.confirm(tx, event, registration);
      } else {
        await this.seats.update(tx, registration, { status: 'waitlisted', waitlistOrder: rank + 1 });
        await this.seats.announceWaitlisted(tx, event, registration, rank + 1 - free);
      }
    }
    return draw;
  }

  async get(eventId: string): Promise<LotteryResult> {
    const draw = await this.dataSource.getRepository(LotteryDraw).findOneBy({ eventId });
    if (!draw) throw new LotteryNotFoundError();
    return result(draw);
  }

  /** Runs the draw again from its recorded seed and applicants, and says whether it gives the recorded order. */
  async verify(eventId: string): Promise<{ matches: boolean; recomputedOrder: string[]; recordedOrder: string[]; seed: string }> {
    const recorded = await this.get(eventId);
    const recomputedOrder = drawLottery(recorded.seed, recorded.applicants);
    return {
      matches: recomputedOrder.length === recorded.order.length && recomputedOrder.every((id, k) => id === recorded.order[k]),
      recomputedOrder,
      recordedOrder: recorded.order,
      seed: recorded.seed,
    };
  }
}
