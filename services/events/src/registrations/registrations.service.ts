import { RegistrationCancelledV1, RegistrationReceivedV1 } from '@collabo/contracts';
import { assertIfMatch, Clock, Outbox, page, ValidationFailedError, type Page } from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  AlreadyRegisteredError,
  EventNotFoundError,
  RegistrationNotActiveError,
  RegistrationNotFoundError,
  RegistrationRefusedError,
  SeatOfferExpiredError,
  SeatOfferNotFoundError,
  SeatOfferNotOpenError,
} from '../errors.js';
import { KeyedQueue } from './keyed-queue.js';
import { newToken, sameToken } from './tokens.js';
import { registrationWindow } from '../events/event-rules.js';
import { eventRef, registrationRef } from '../events/event-views.js';
import { ExchangeEvent } from '../events/exchange-event.entity.js';
import { RegistryLookup } from '../registry/registry-lookup.js';
import { admit } from './admission.js';
import type { CreateRegistrationDto, GuestDto, ListRegistrationsQuery, UpdateRegistrationDto } from './dto/registration.dto.js';
import { ownRegistrationView, registrationView, type OwnRegistrationView, type RegistrationView } from './dto/registration.view.js';
import { Registration, type RegistrationSource } from './registration.entity.js';
import { SeatAllocation } from './seat-allocation.js';
import { SeatOffer } from './seat-offer.entity.js';

type RegistrantData = Pick<
  Registration,
  | 'personId'
  | 'personVersion'
  | 'name'
  | 'nameKana'
  | 'email'
  | 'language'
  | 'organizationId'
  | 'organizationName'
  | 'sector'
  | 'focusFields'
  | 'studyGroupIds'
  | 'consentToList'
>;

const ACTIVE = ['received', 'confirmed', 'waitlisted', 'offered'] as const;

function guestData(guest: GuestDto): RegistrantData {
  return {
    personId: null,
    personVersion: null,
    name: guest.name.trim(),
    nameKana: guest.nameKana?.trim() || null,
    email: guest.email.trim(),
    language: guest.language,
    organizationId: null,
    organizationName: guest.organizationName?.trim() || null,
    sector: guest.sector ?? null,
    focusFields: guest.focusFields ?? [],
    studyGroupIds: [],
    consentToList: guest.consentToList ?? false,
  };
}

/**
 * Registration as a use case: first come seats are taken or the registrant waits, in one transaction
 * under the event's row lock (so 500 at once for 50 seats give exactly 50 seats, the rest waiting in
 * arrival order); cancellation frees the seat for the next in line; seat offers are accepted or run out.
 */
@Injectable()
export class RegistrationsService {
  /** Registrations wait here per event, in arrival order, before taking a connection and the event's lock. */
  private readonly arrivals = new KeyedQueue();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly seats: SeatAllocation,
    private readonly registry: RegistryLookup,
    private readonly clock: Clock,
  ) {}

  async registerByStaff(eventId: string, body: CreateRegistrationDto): Promise<RegistrationView> {
    if (body.personId !== undefined && body.guest !== undefined) {
      throw new ValidationFailedError([{ field: 'guest', message: 'give either personId or guest, not both' }]);
    }
    // Ask the registry before taking any lock: a slow answer must not hold up other registrants.
    const data = body.personId ? await this.registry.person(body.personId) : guestData(body.guest!);
    const { registration, position } = await this.register(eventId, data, 'staff');
    return registrationView(registration, position, null);
  }

  async registerGuest(eventId: string, guest: GuestDto): Promise<{ registration: Registration; position: number | null }> {
    return this.register(eventId, guestData(guest), 'public');
  }

  private async register(eventId: string, data: RegistrantData, source: RegistrationSource) {
    try {
      return await this.arrivals.run(eventId, () => this.admitOne(eventId, data, source));
    } catch (err) {
      // The event lock makes this unreachable in practice; the unique index is the last word.
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
        const existing = await this.findActive(this.dataSource.manager, eventId, data);
        if (existing) throw new AlreadyRegisteredError(existing);
      }
      throw err;
    }
  }

  /**
   * One registration, in one transaction under the event's row lock: check the window and duplicates,
   * count the seats, take a seat or a place on the waiting list, and write the messages.
   */
  private async admitOne(eventId: string, data: RegistrantData, source: RegistrationSource) {
    return this.dataSource.transaction(async (tx) => {
      const event = await this.seats.lockEvent(tx, eventId);
      const now = this.clock.now();
      const window = registrationWindow(event, now);
      if (!window.open) {
        throw new RegistrationRefusedError(window.code, window.message, window.at);
      }
      // Seats held, people waiting and this registrant's active registration, in one look.
      const [book]: { held: number; waiting: number; existing: string | null }[] = await tx.query(
        `SELECT count(*) FILTER (WHERE status IN ('confirmed', 'offered', 'attended', 'no_show'))::int AS held,
                  count(*) FILTER (WHERE status = 'waitlisted')::int AS waiting,
                  (array_agg(id) FILTER (WHERE status <> 'cancelled' AND (
                     ($2::uuid IS NOT NULL AND person_id = $2::uuid) OR ($2::uuid IS NULL AND person_id IS NULL AND lower(email) = lower($3)))))[1] AS existing
           FROM registrations WHERE event_id = $1`,
        [eventId, data.personId, data.email],
      );
      if (book!.existing) throw new AlreadyRegisteredError(book!.existing);
      const status = admit({ admission: event.admission, capacity: event.capacity, seatsHeld: book!.held, waiting: book!.waiting });
      const queueNumber = event.nextQueueNumber;
      await tx.query('UPDATE events SET next_queue_number = next_queue_number + 1 WHERE id = $1', [eventId]);
      const registration: Registration = {
        id: uuidv7(),
        eventId,
        queueNumber,
        ...data,
        source,
        status,
        waitlistOrder: status === 'waitlisted' ? queueNumber : null,
        checkInToken: newToken(),
        manageToken: newToken(),
        confirmedAt: status === 'confirmed' ? now : null,
        checkedInAt: null,
        cancelledAt: null,
        cancelledBy: null,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      await tx.getRepository(Registration).insert(registration);
      await this.outbox.add(tx, RegistrationReceivedV1, {
        aggregateId: registration.id,
        data: { event: eventRef(event), registration: registrationRef({ ...registration, status: 'received' }) },
      });
      let position: number | null = null;
      if (status === 'confirmed') await this.seats.announceConfirmed(tx, event, registration);
      if (status === 'waitlisted') {
        position = book!.waiting + 1;
        await this.seats.announceWaitlisted(tx, event, registration, position);
      }
      return { registration, position };
    });
  }

  private async findActive(tx: EntityManager, eventId: string, data: RegistrantData): Promise<string | null> {
    const rows: { id: string }[] = data.personId
      ? await tx.query(`SELECT id FROM registrations WHERE event_id = $1 AND person_id = $2 AND status <> 'cancelled'`, [
          eventId,
          data.personId,
        ])
      : await tx.query(
          `SELECT id FROM registrations WHERE event_id = $1 AND person_id IS NULL AND lower(email) = lower($2) AND status <> 'cancelled'`,
          [eventId, data.email],
        );
    return rows[0]?.id ?? null;
  }

  async get(id: string): Promise<Registration> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!registration) throw new RegistrationNotFoundError(id);
    return registration;
  }

  /** The registration behind a registrant's own link; a wrong token looks exactly like a wrong id. */
  async getWithToken(id: string, token: string): Promise<Registration> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id });
    if (!registration || !sameToken(registration.manageToken, token)) throw new RegistrationNotFoundError(id);
    return registration;
  }

  /** The registration's calendar entry (.ics). */
  async calendarOf(registration: Registration): Promise<string> {
    const event = await this.dataSource.getRepository(ExchangeEvent).findOneByOrFail({ id: registration.eventId });
    return this.seats.registrationCalendar(event, registration);
  }

  async openOffer(registrationId: string): Promise<SeatOffer | null> {
    return this.dataSource.getRepository(SeatOffer).findOneBy({ registrationId, status: 'open' });
  }

  async view(registration: Registration): Promise<RegistrationView> {
    return registrationView(
      registration,
      await this.seats.waitlistPosition(this.dataSource.manager, registration),
      await this.openOffer(registration.id),
    );
  }

  async ownView(registration: Registration): Promise<OwnRegistrationView> {
    return ownRegistrationView(
      registration,
      await this.seats.waitlistPosition(this.dataSource.manager, registration),
      await this.openOffer(registration.id),
    );
  }

  async list(eventId: string, query: ListRegistrationsQuery): Promise<Page<RegistrationView>> {
    await this.assertEventExists(eventId);
    const where: string[] = ['r.event_id = $1'];
    const params: unknown[] = [eventId];
    if (query.status) {
      params.push(query.status);
      where.push(`r.status = $${params.length}`);
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = `$${params.length}`;
      where.push(`(r.name ILIKE ${p} OR r.name_kana ILIKE ${p} OR r.email ILIKE ${p} OR r.organization_name ILIKE ${p})`);
    }
    const order = query.status === 'waitlisted' ? 'r.waitlist_order, r.queue_number' : 'r.queue_number';
    const [{ total }] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM registrations r WHERE ${where.join(' AND ')}`,
      params,
    );
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT r.id FROM registrations r WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    const rows = ids.length ? await this.dataSource.getRepository(Registration).findBy(ids.map((r) => ({ id: r.id }))) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const positions = new Map<string, number>(
      (
        (await this.dataSource.query(
          `SELECT id, row_number() OVER (ORDER BY waitlist_order)::int AS position FROM registrations WHERE event_id = $1 AND status = 'waitlisted'`,
          [eventId],
        )) as { id: string; position: number }[]
      ).map((r) => [r.id, r.position]),
    );
    const offers = new Map(
      (await this.dataSource.getRepository(SeatOffer).findBy(ids.map((r) => ({ registrationId: r.id, status: 'open' as const })))).map(
        (o) => [o.registrationId, o],
      ),
    );
    const items = ids.map(({ id }) => registrationView(byId.get(id)!, positions.get(id) ?? null, offers.get(id) ?? null));
    return page(items, total, query);
  }

  private async assertEventExists(eventId: string): Promise<void> {
    const rows = await this.dataSource.query('SELECT 1 FROM events WHERE id = $1', [eventId]);
    if (!rows.length) throw new EventNotFoundError(eventId);
  }

  async update(id: string, body: UpdateRegistrationDto, ifMatch: string | undefined): Promise<RegistrationView> {
    const updated = await this.dataSource.transaction(async (tx) => {
      const registration = await tx.getRepository(Registration).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!registration) throw new RegistrationNotFoundError(id);
      assertIfMatch(ifMatch, registration.version, 'registration');
      const changes: Partial<Registration> = {};
      if (body.organizationName !== undefined) {
        changes.organizationName = body.organizationName;
        // A name typed by staff replaces the registry link for seating purposes only when there was none.
        if (registration.personId === null) changes.organizationId = null;
      }
      if (body.sector !== undefined) changes.sector = body.sector;
      if (body.focusFields !== undefined) changes.focusFields = body.focusFields;
      if (body.consentToList !== undefined) changes.consentToList = body.consentToList;
      return this.seats.update(tx, registration, changes);
    });
    return this.view(updated);
  }

  /** Cancels a registration; a seat it held goes to the next on the waiting list (as an offer). */
  async cancel(id: string, by: 'staff' | 'registrant', token?: string): Promise<Registration> {
    return this.dataSource.transaction(async (tx) => {
      const found = await tx.getRepository(Registration).findOneBy({ id });
      if (!found || (token !== undefined && !sameToken(found.manageToken, token))) throw new RegistrationNotFoundError(id);
      const event = await this.seats.lockEvent(tx, found.eventId);
      const registration = (await tx.getRepository(Registration).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }))!;
      if (!(ACTIVE as readonly string[]).includes(registration.status)) {
        throw new RegistrationNotActiveError(registration.status);
      }
      const heldSeat = registration.status === 'confirmed' || registration.status === 'offered';
      const now = this.clock.now();
      if (registration.status === 'offered') {
        await tx.query(`UPDATE seat_offers SET status = 'declined', resolved_at = $2 WHERE registration_id = $1 AND status = 'open'`, [
          registration.id,
          now,
        ]);
      }
      await this.seats.update(tx, registration, { status: 'cancelled', cancelledAt: now, cancelledBy: by, waitlistOrder: null });
      await this.outbox.add(tx, RegistrationCancelledV1, {
        aggregateId: registration.id,
        data: { event: eventRef(event), registration: registrationRef(registration), cancelledBy: by },
      });
      if (heldSeat) await this.seats.fillFreeSeats(tx, event);
      return registration;
    });
  }

  /** The seat offer behind a link, checked against the registrant's token. */
  async offerWithToken(offerId: string, token: string): Promise<{ offer: SeatOffer; registration: Registration }> {
    const offer = await this.dataSource.getRepository(SeatOffer).findOneBy({ id: offerId });
    const registration = offer ? await this.dataSource.getRepository(Registration).findOneBy({ id: offer.registrationId }) : null;
    if (!offer || !registration || !sameToken(registration.manageToken, token)) throw new SeatOfferNotFoundError(offerId);
    return { offer, registration };
  }

  /**
   * Accepts a seat offer. An offer past its time is refused (409 EVENTS.OFFER_EXPIRED) even if the
   * periodic job has not seen it yet: it is expired right here and its seat passed on, then refused.
   */
  async acceptOffer(offerId: string, token: string): Promise<Registration> {
    await this.offerWithToken(offerId, token);
    const outcome = await this.dataSource.transaction(async (tx): Promise<{ expiredAt: Date } | { registration: Registration }> => {
      const { offer, event } = await this.lockOffer(tx, offerId);
      if (offer.status === 'expired') return { expiredAt: offer.expiresAt };
      if (offer.status !== 'open') throw new SeatOfferNotOpenError(offer.status);
      if (offer.expiresAt.getTime() <= this.clock.now().getTime()) {
        await this.seats.expireOffer(tx, event, offer);
        await this.seats.fillFreeSeats(tx, event);
        return { expiredAt: offer.expiresAt };
      }
      await tx.getRepository(SeatOffer).update(offer.id, { status: 'accepted', resolvedAt: this.clock.now() });
      const registration = (await tx
        .getRepository(Registration)
        .findOne({ where: { id: offer.registrationId }, lock: { mode: 'pessimistic_write' } }))!;
      await this.seats.confirm(tx, event, registration);
      return { registration };
    });
    if ('expiredAt' in outcome) throw new SeatOfferExpiredError(outcome.expiredAt);
    return outcome.registration;
  }

  /** Declines a seat offer: the registration is cancelled and the seat goes to the next in line. */
  async declineOffer(offerId: string, token: string): Promise<Registration> {
    await this.offerWithToken(offerId, token);
    return this.dataSource.transaction(async (tx) => {
      const { offer, event } = await this.lockOffer(tx, offerId);
      if (offer.status !== 'open') throw new SeatOfferNotOpenError(offer.status);
      const now = this.clock.now();
      await tx.getRepository(SeatOffer).update(offer.id, { status: 'declined', resolvedAt: now });
      const registration = (await tx
        .getRepository(Registration)
        .findOne({ where: { id: offer.registrationId }, lock: { mode: 'pessimistic_write' } }))!;
      await this.seats.update(tx, registration, {
        status: 'cancelled',
        cancelledAt: now,
        cancelledBy: 'offer_declined',
        waitlistOrder: null,
      });
      await this.outbox.add(tx, RegistrationCancelledV1, {
        aggregateId: registration.id,
        data: { event: eventRef(event), registration: registrationRef(registration), cancelledBy: 'registrant' },
      });
      await this.seats.fillFreeSeats(tx, event);
      return registration;
    });
  }

  private async lockOffer(tx: EntityManager, offerId: string): Promise<{ offer: SeatOffer; event: ExchangeEvent }> {
    const found = await tx.getRepository(SeatOffer).findOneBy({ id: offerId });
    if (!found) throw new SeatOfferNotFoundError(offerId);
    const event = await this.seats.lockEvent(tx, found.eventId);
    const offer = (await tx.getRepository(SeatOffer).findOne({ where: { id: offerId }, lock: { mode: 'pessimistic_write' } }))!;
    return { offer, event };
  }
}
