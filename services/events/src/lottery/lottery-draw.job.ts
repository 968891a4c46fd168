import { Clock, KIT_ENV, LOGGER, PeriodicJob } from '@collabo/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { EventsEnv } from '../config/events-env.js';
import { SeatAllocation } from '../registrations/seat-allocation.js';
import { LotteryDraw } from './lottery-draw.entity.js';
import { lotteryAutoDrawDue, newSeed } from './lottery.js';
import { LotteryService } from './lottery.service.js';

/**
 * Draws the lotteries staff have not drawn LOTTERY_AUTO_DRAW_AFTER_MINUTES after their registration
 * deadline, with a random seed (recorded like any other; `automatic: true`). Staff keep that time to draw
 * themselves, e.g. in public with a seed drawn there. Safe with several replicas: each event is drawn
 * under its row lock taken with SKIP LOCKED, after checking that nobody has drawn it, and a draw is the
 * event's one `lottery_draws` row (primary key), so it happens once.
 */
@Injectable()
export class LotteryDrawJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly lottery: LotteryService,
    private readonly seats: SeatAllocation,
    private readonly clock: Clock,
    @Inject(KIT_ENV) private readonly env: EventsEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super({ name: 'lottery-auto-draw', intervalMs: env.LOTTERY_SWEEP_MS, logger });
  }

  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const graceMs = this.env.LOTTERY_AUTO_DRAW_AFTER_MINUTES * 60_000;
    const candidates: { id: string }[] = await this.dataSource.query(
      `SELECT e.id FROM events e
       WHERE e.admission = 'lottery' AND e.status IN ('published', 'changed')
         AND e.registration_closes_at <= $1 AND e.starts_at > $2
         AND NOT EXISTS (SELECT 1 FROM lottery_draws d WHERE d.event_id = e.id)
       ORDER BY e.registration_closes_at, e.id
       LIMIT 50`,
      [new Date(now.getTime() - graceMs), now],
    );
    let drawn = 0;
    for (const { id } of candidates) {
      try {
        drawn += await this.dataSource.transaction(async (tx) => {
          const event = await this.seats.tryLockEvent(tx, id);
          if (!event) return 0; // another replica, or staff, is at it right now
          if (!lotteryAutoDrawDue(event, now, graceMs)) return 0;
          if (await tx.getRepository(LotteryDraw).existsBy({ eventId: id })) return 0;
          const draw = await this.lottery.drawLocked(tx, event, newSeed(), null);
          this.logger.info({ eventId: id, applicants: draw.applicantIds.length, seats: draw.seats }, 'lottery drawn automatically');
          return 1;
        });
      } catch (err) {
        this.logger.warn({ eventId: id, err: (err as Error).message }, 'automatic lottery draw failed; it is tried again later');
      }
    }
    return drawn;
  }
}
