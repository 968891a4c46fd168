import { buildIcs, formatInstant } from '@collabo/calendar';
import {
  RegistrationConfirmedV1,
  RegistrationOfferExpiredV1,
  RegistrationSeatOfferedV2,
  RegistrationWaitlistedV1,
} from '@collabo/contracts';
import { Clock, KIT_ENV, Outbox } from '@collabo/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EventNotFoundError } from '../errors.js';
import type { EventsEnv } from '../config/events-env.js';
import { seatOfferLink, type RegistrantLink } from './registrant-links.js';
import { calendarEntry, EVENTS_ICS_PRODID, eventRef, registrationRef, seatCounts, type StatusCounts } from '../events/event-views.js';
import { ExchangeEvent } from '../events/exchange-event.entity.js';
import { canOfferSeats, freeSeats, offerExpiry } from './admission.js';
import { Registration } from './registration.entity.js';
import { SeatOffer } from './seat-offer.entity.js';

/**
 * The seat book of an event, used inside the caller's transaction after it has locked the event row
 * (`lockEvent`): every change to who holds a seat for an event happens under that one lock, so seats are
 * never given twice and the waiting list keeps its order.
 */
@Injectable()
export class SeatAllocation {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(KIT_ENV) private readonly env: EventsEnv,
  ) {}

  /** Locks the event row for the rest of the transaction (SELECT … FOR UPDATE). */
  async lockEvent(tx: EntityManager, eventId: string): Promise<ExchangeEvent> {
    const event = await tx.getRepository(ExchangeEvent).findOne({ where: { id: eventId }, lock: { mode: 'pessimistic_write' } });
    if (!event) throw new EventNotFoundError(eventId);
    return event;
  }

  /** Same, but gives up at once (null) when another transaction holds the event: for periodic jobs on several replicas. */
  async tryLockEvent(tx: EntityManager, eventId: string): Promise<ExchangeEvent | null> {
    return tx
      .getRepository(ExchangeEvent)
      .findOne({ where: { id: eventId }, lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } });
  }

  async counts(tx: EntityManager, eventId: string): Promise<StatusCounts> {
    const rows: { status: Registration['status']; n: number }[] = await tx.query(
      'SELECT status, count(*)::int AS n FROM registrations WHERE event_id = $1 GROUP BY status',
      [eventId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** 1-based place on the waiting list. */
  async waitlistPosition(tx: EntityManager, registration: Registration): Promise<number | null> {
    if (registration.status !== 'waitlisted' || registration.waitlistOrder === null) return null;
    const [{ n }] = await tx.query(
      `SELECT count(*)::int AS n FROM registrations WHERE event_id = $1 AND status = 'waitlisted' AND waitlist_order <= $2`,
      [registration.eventId, registration.waitlistOrder],
    );
    return n;
  }

  async update(tx: EntityManager, registration: Registration, changes: Partial<Registration>): Promise<Registration> {
    const now = this.clock.now();
    Object.assign(registration, changes, { version: registration.version + 1, updatedAt: now });
    await tx.getRepository(Registration).update(registration.id, { ...changes, version: registration.version, updatedAt: now });
    return registration;
  }

  /** The registration's calendar entry (.ics), in the registrant's language. */
  registrationCalendar(event: ExchangeEvent, registration: Registration): string {
    return buildIcs([calendarEntry(event, { uid: `${registration.id}@events.collabo`, language: registration.language })], {
      now: this.clock.now(),
      prodId: EVENTS_ICS_PRODID,
      name: registration.language === 'en' && event.titleEn ? event.titleEn : event.titleJa,
    });
  }

  /** Gives the registration a seat and tells the registrant (with the QR token and the calendar entry). */
  async confirm(tx: EntityManager, event: ExchangeEvent, registration: Registration): Promise<void> {
    await this.update(tx, registration, { status: 'confirmed', confirmedAt: this.clock.now(), waitlistOrder: null });
    await this.announceConfirmed(tx, event, registration);
  }

  async announceConfirmed(tx: EntityManager, event: ExchangeEvent, registration: Registration): Promise<void> {
    await this.outbox.add(tx, RegistrationConfirmedV1, {
      aggregateId: registration.id,
      data: {
        event: eventRef(event),
        registration: registrationRef(registration),
        checkInToken: registration.checkInToken,
        calendar: this.registrationCalendar(event, registration),
      },
    });
  }

  async announceWaitlisted(tx: EntityManager, event: ExchangeEvent, registration: Registration, position: number): Promise<void> {
    await this.outbox.add(tx, RegistrationWaitlistedV1, {
      aggregateId: registration.id,
      data: { event: eventRef(event), registration: registrationRef(registration), position },
    });
  }

  /** The link to a seat offer: the usable one for the registrant (over RPC only), the masked one for messages. */
  acceptLink(offerId: string, manageToken: string): RegistrantLink {
    return seatOfferLink(this.env.PUBLIC_BASE_URL, offerId, manageToken);
  }

  /**
   * Offers every free seat to the next people on the waiting list, in order. A seat is free when the
   * capacity is above the seats held (confirmed, offered, attended, no-show); an open offer holds its seat.
   */
  async fillFreeSeats(tx: EntityManager, event: ExchangeEvent): Promise<SeatOffer[]> {
    const now = this.clock.now();
    if (!canOfferSeats(event.status, event.startsAt, now)) return [];
    const free = freeSeats(event.capacity, seatCounts(event, await this.counts(tx, event.id)).held);
    if (free === 0) return [];
    const next = await tx.getRepository(Registration).find({
      where: { eventId: event.id, status: 'waitlisted' },
      order: { waitlistOrder: 'ASC' },
      take: free,
      lock: { mode: 'pessimistic_write' },
    });
    const offers: SeatOffer[] = [];
    for (const registration of next) {
      const offer: SeatOffer = {
        id: uuidv7(),
        eventId: event.id,
        registrationId: registration.id,
        offeredAt: now,
        expiresAt: offerExpiry(now, this.env.SEAT_OFFER_TTL_MINUTES, event.startsAt),
        status: 'open',
        resolvedAt: null,
      };
      await tx.getRepository(SeatOffer).insert(offer);
      await this.update(tx, registration, { status: 'offered' });
      // The message carries the link masked: the notifications service asks for the usable one
      // (GetRegistrantLinkV1) when it sends the email, so no stored row or event can accept the seat.
      await this.outbox.add(tx, RegistrationSeatOfferedV2, {
        aggregateId: registration.id,
        data: {
          event: eventRef(event),
          registration: registrationRef(registration),
          offerId: offer.id,
          expiresAt: formatInstant(offer.expiresAt),
          maskedAcceptUrl: this.acceptLink(offer.id, registration.manageToken).masked,
        },
      });
      offers.push(offer);
    }
    return offers;
  }

  /** An offer ran out: the registrant loses the place (their registration is cancelled) and the seat moves on. */
  async expireOffer(tx: EntityManager, event: ExchangeEvent, offer: SeatOffer): Promise<void> {
    const now = this.clock.now();
    await tx.getRepository(SeatOffer).update(offer.id, { status: 'expired', resolvedAt: now });
    Object.assign(offer, { status: 'expired', resolvedAt: now });
    const registration = await tx
      .getRepository(Registration)
      .findOne({ where: { id: offer.registrationId }, lock: { mode: 'pessimistic_write' } });
    if (!registration || registration.status !== 'offered') return;
    await this.update(tx, registration, { status: 'cancelled', cancelledAt: now, cancelledBy: 'offer_expired', waitlistOrder: null });
    await this.outbox.add(tx, RegistrationOfferExpiredV1, {
      aggregateId: registration.id,
      data: { event: eventRef(event), registration: registrationRef(registration), offerId: offer.id },
    });
  }

  /** Withdraws every open offer of an event (cancelled or completed); the offered people go back to waiting. */
  async withdrawOpenOffers(tx: EntityManager, event: ExchangeEvent): Promise<void> {
    const now = this.clock.now();
    const open = await tx.getRepository(SeatOffer).find({ where: { eventId: event.id, status: 'open' } });
    for (const offer of open) {
      await tx.getRepository(SeatOffer).update(offer.id, { status: 'withdrawn', resolvedAt: now });
    }
    if (open.length) {
      await tx.query(
        `UPDATE registrations SET status = 'waitlisted', version = version + 1, updated_at = $2
         WHERE id = ANY($1::uuid[]) AND status = 'offered'`,
        [open.map((o) => o.registrationId), now],
      );
    }
  }
}
