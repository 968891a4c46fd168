import { Clock, KIT_ENV, LOGGER, PeriodicJob } from '@collabo/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { EventsEnv } from '../config/events-env.js';
import { SeatAllocation } from './seat-allocation.js';
import { SeatOffer } from './seat-offer.entity.js';

/**
 * Passes on seat offers that ran out: each becomes expired (OfferExpired), and the seat is offered to
 * the next on the waiting list. Safe with several replicas: an event is worked on under its row lock,
 * taken with SKIP LOCKED, so a replica skips what another is doing and finds it done next time.
 */
@Injectable()
export class OfferExpiryJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly seats: SeatAllocation,
    private readonly clock: Clock,
    @Inject(KIT_ENV) env: EventsEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'seat-offer-expiry', intervalMs: env.SEAT_OFFER_SWEEP_MS, logger });
  }

  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const events: { event_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT event_id FROM seat_offers WHERE status = 'open' AND expires_at <= $1 LIMIT 100`,
      [now],
    );
    let expired = 0;
    for (const { event_id: eventId } of events) {
      expired += await this.dataSource.transaction(async (tx) => {
        const event = await this.seats.tryLockEvent(tx, eventId);
        if (!event) return 0;
        const due = await tx
          .getRepository(SeatOffer)
          .createQueryBuilder('o')
          .where(`o.event_id = :eventId AND o.status = 'open' AND o.expires_at <= :now`, { eventId, now })
          .orderBy('o.expires_at')
          .addOrderBy('o.id')
          .setLock('pessimistic_write')
          .getMany();
        for (const offer of due) await this.seats.expireOffer(tx, event, offer);
        if (due.length) await this.seats.fillFreeSeats(tx, event);
        return due.length;
      });
    }
    return expired;
  }
}
