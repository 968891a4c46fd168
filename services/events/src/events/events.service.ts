import { buildIcs, fiscalYearOfInstant, formatInstant } from '@collabo/calendar';
import { EventCancelledV1, EventChangedV1, EventCompletedV2, EventPublishedV1 } from '@collabo/contracts';
import { assertIfMatch, Clock, KIT_ENV, Outbox, page, ValidationFailedError, type Page } from '@collabo/service-kit';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type { EventsEnv } from '../config/events-env.js';
import { CapacityBelowSeatsHeldError, EventNotFoundError, EventNotStartedError, InvalidTransitionError } from '../errors.js';
import { questionnaireLink } from '../registrations/registrant-links.js';
import { Registration } from '../registrations/registration.entity.js';
import { SeatAllocation } from '../registrations/seat-allocation.js';
import { RegistryLookup } from '../registry/registry-lookup.js';
import type { CreateEventDto, ListEventsQuery, PublicEventsQuery, UpdateEventDto } from './dto/event.dto.js';
import {
  ALLOWED_FROM,
  canDo,
  checkHistorical,
  checkSchedule,
  defaultChangeMessage,
  eventOrganizers,
  isPublic,
  materialChanges,
  reminderDueAt,
  type EventAction,
  type FieldProblem,
} from './event-rules.js';
import {
  calendarEntry,
  EVENTS_ICS_PRODID,
  eventRef,
  eventView,
  publicEventView,
  registrationRef,
  seatCounts,
  type EventView,
  type PublicEventView,
  type StatusCounts,
} from './event-views.js';
import { ExchangeEvent, type OrganizationRef } from './exchange-event.entity.js';
import { instant, optionalInstant } from './instants.js';

const ACTIVE_STATUSES = ['received', 'confirmed', 'waitlisted', 'offered'] as const;

/** Exchange events as a use case: drafting, publishing, changing, cancelling, completing, listing. */
@Injectable()
export class EventsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly seats: SeatAllocation,
    private readonly registry: RegistryLookup,
    private readonly clock: Clock,
    @Inject(KIT_ENV) private readonly env: EventsEnv,
  ) {}

  private async organizers(
    organizerId: string,
    coOrganizerIds: string[],
  ): Promise<{ organizer: OrganizationRef; coOrganizers: OrganizationRef[] }> {
    const refs = [{ field: 'organizerId', id: organizerId }, ...coOrganizerIds.map((id, k) => ({ field: `coOrganizerIds.${k}`, id }))];
    return eventOrganizers(await this.registry.organizations(refs), organizerId, coOrganizerIds);
  }

  /** What is wrong with a create request beyond its shape: the schedule, and for a historical event that it is over. */
  checkNew(body: CreateEventDto, now: Date): FieldProblem[] {
    const endsAt = instant(body.endsAt);
    const problems = checkSchedule({
      startsAt: instant(body.startsAt),
      endsAt,
      registrationOpensAt: optionalInstant(body.registrationOpensAt) ?? null,
      registrationClosesAt: optionalInstant(body.registrationClosesAt) ?? null,
      capacity: body.capacity,
      venueCapacity: body.venue.capacity,
      admission: body.admission,
    });
    if (body.historical === true) problems.push(...checkHistorical({ endsAt }, now));
    return problems;
  }

  /**
   * The event a checked create request describes, with its organisers as the registry named them: a draft, or
   * for a historical event one completed at once (so it is never published, open or reminded of).
   */
  newEvent(
    body: CreateEventDto,
    organizers: { organizer: OrganizationRef; coOrganizers: OrganizationRef[] },
    actorId: string,
    now: Date,
  ): ExchangeEvent {
    const startsAt = instant(body.startsAt);
    const historical = body.historical === true;
    const { organizer, coOrganizers } = organizers;
    return {
      id: uuidv7(),
      kind: body.kind,
      titleJa: body.title.ja,
      titleEn: body.title.en ?? null,
      descriptionJa: body.description?.ja ?? '',
      descriptionEn: body.description?.en ?? null,
      organizerId: organizer.id,
      organizerName: organizer.name,
      coOrganizers,
      venueKind: body.venue.kind,
      venueName: body.venue.name,
      venueAddress: body.venue.address ?? null,
      venueCapacity: body.venue.capacity,
      startsAt,
      endsAt: instant(body.endsAt),
      fiscalYear: fiscalYearOfInstant(startsAt),
      registrationOpensAt: optionalInstant(body.registrationOpensAt) ?? null,
      registrationClosesAt: optionalInstant(body.registrationClosesAt) ?? null,
      capacity: body.capacity,
      admission: body.admission,
      feeYen: body.feeYen,
      partyFeeYen: body.partyFeeYen,
      language: body.language,
      status: historical ? 'completed' : 'draft',
      historical,
      nextQueueNumber: 1,
      reminderDueAt: reminderDueAt(startsAt, this.env.REMINDER_HOUR_JST),
      reminderSentAt: null,
      publishedAt: null,
      cancelledAt: null,
      cancelReason: null,
      completedAt: historical ? now : null,
      version: 1,
      createdBy: actorId,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Drafts an event, or records a historical one (no message of any kind: nobody is told of a past event). */
  async create(body: CreateEventDto, actorId: string): Promise<EventView> {
    const now = this.clock.now();
    const problems = this.checkNew(body, now);
    if (problems.length) throw new ValidationFailedError(problems);
    const event = this.newEvent(body, await this.organizers(body.organizerId, body.coOrganizerIds ?? []), actorId, now);
    await this.dataSource.getRepository(ExchangeEvent).insert(event);
    return eventView(event, {});
  }

  async get(id: string): Promise<EventView> {
    const event = await this.find(this.dataSource.manager, id);
    return eventView(event, await this.seats.counts(this.dataSource.manager, id));
  }

  async find(tx: EntityManager, id: string): Promise<ExchangeEvent> {
    const event = await tx.getRepository(ExchangeEvent).findOneBy({ id });
    if (!event) throw new EventNotFoundError(id);
    return event;
  }

  private assertAllowed(event: ExchangeEvent, action: EventAction): void {
    if (!canDo(action, event.status)) throw new InvalidTransitionError(event.status, action, ALLOWED_FROM[action]);
  }

  private async bump(tx: EntityManager, event: ExchangeEvent, changes: Partial<ExchangeEvent>): Promise<void> {
    Object.assign(event, changes, { version: event.version + 1, updatedAt: this.clock.now() });
    await tx.getRepository(ExchangeEvent).update(event.id, { ...changes, version: event.version, updatedAt: event.updatedAt });
  }

  private async activeRegistrations(tx: EntityManager, eventId: string): Promise<Registration[]> {
    return tx.getRepository(Registration).find({ where: { eventId, status: In([...ACTIVE_STATUSES]) }, order: { queueNumber: 'ASC' } });
  }

  async update(id: string, body: UpdateEventDto, ifMatch: string | undefined): Promise<EventView> {
    // Registry lookups happen before the transaction; the organisers are re-checked only when they change.
    const current = await this.find(this.dataSource.manager, id);
    const organizerChange =
      body.organizerId !== undefined || body.coOrganizerIds !== undefined
        ? await this.organizers(body.organizerId ?? current.organizerId, body.coOrganizerIds ?? current.coOrganizers.map((o) => o.id))
        : null;
    const event = await this.dataSource.transaction(async (tx) => {
      const event = await this.seats.lockEvent(tx, id);
      assertIfMatch(ifMatch, event.version, 'event');
      this.assertAllowed(event, 'edited');
      if (body.admission !== undefined && body.admission !== event.admission && event.status !== 'draft') {
        throw new ValidationFailedError([{ field: 'admission', message: 'the admission mode can only change while the event is a draft' }]);
      }
      const next: ExchangeEvent = { ...event };
      if (body.kind !== undefined) next.kind = body.kind;
      if (body.title !== undefined) Object.assign(next, { titleJa: body.title.ja, titleEn: body.title.en ?? null });
      if (body.description !== undefined)
        Object.assign(next, { descriptionJa: body.description.ja, descriptionEn: body.description.en ?? null });
      if (organizerChange) {
        Object.assign(next, {
          organizerId: organizerChange.organizer.id,
          organizerName: organizerChange.organizer.name,
          coOrganizers: organizerChange.coOrganizers,
        });
      }
      if (body.venue !== undefined) {
        Object.assign(next, {
          venueKind: body.venue.kind,
          venueName: body.venue.name,
          venueAddress: body.venue.address ?? null,
          venueCapacity: body.venue.capacity,
        });
      }
      if (body.startsAt !== undefined) next.startsAt = instant(body.startsAt);
      if (body.endsAt !== undefined) next.endsAt = instant(body.endsAt);
      const opens = optionalInstant(body.registrationOpensAt);
      if (opens !== undefined) next.registrationOpensAt = opens;
      const closes = optionalInstant(body.registrationClosesAt);
      if (closes !== undefined) next.registrationClosesAt = closes;
      if (body.capacity !== undefined) next.capacity = body.capacity;
      if (body.admission !== undefined) next.admission = body.admission;
      if (body.feeYen !== undefined) next.feeYen = body.feeYen;
      if (body.partyFeeYen !== undefined) next.partyFeeYen = body.partyFeeYen;
      if (body.language !== undefined) next.language = body.language;
      const problems = checkSchedule(next);
      if (problems.length) throw new ValidationFailedError(problems);
      const counts = await this.seats.counts(tx, id);
      const held = seatCounts(event, counts).held;
      if (next.capacity < held) throw new CapacityBelowSeatsHeldError(held);
      const now = this.clock.now();
      if (next.startsAt.getTime() !== event.startsAt.getTime()) {
        next.fiscalYear = fiscalYearOfInstant(next.startsAt);
        next.reminderDueAt = reminderDueAt(next.startsAt, this.env.REMINDER_HOUR_JST);
        // A moved event gets a fresh reminder, unless the new reminder time has already passed.
        if (next.reminderDueAt.getTime() > now.getTime()) next.reminderSentAt = null;
      }
      const changedFields = isPublic(event.status) ? materialChanges(event, next) : [];
      if (changedFields.length) next.status = 'changed';
      const { id: _id, version: _v, createdAt: _c, createdBy: _b, nextQueueNumber: _q, ...changes } = next;
      await this.bump(tx, event, changes);
      if (changedFields.length) {
        const registrations = await this.activeRegistrations(tx, id);
        await this.outbox.add(tx, EventChangedV1, {
          aggregateId: id,
          data: {
            event: eventRef(event),
            changedFields,
            message: body.changeNote ?? defaultChangeMessage(changedFields),
            registrations: registrations.map(registrationRef),
          },
        });
      }
      // A larger capacity frees seats: they go to the waiting list as offers.
      if (isPublic(event.status)) await this.seats.fillFreeSeats(tx, event);
      return event;
    });
    return eventView(event, await this.seats.counts(this.dataSource.manager, id));
  }

  async publish(id: string, ifMatch: string | undefined): Promise<EventView> {
    const event = await this.dataSource.transaction(async (tx) => {
      const event = await this.seats.lockEvent(tx, id);
      assertIfMatch(ifMatch, event.version, 'event');
      this.assertAllowed(event, 'published');
      const now = this.clock.now();
      if (event.startsAt.getTime() <= now.getTime()) {
        throw new ValidationFailedError([{ field: 'startsAt', message: 'an event that has already started cannot be published' }]);
      }
      await this.bump(tx, event, { status: 'published', publishedAt: now });
      await this.outbox.add(tx, EventPublishedV1, {
        aggregateId: id,
        data: {
          event: eventRef(event),
          registrationOpensAt: formatInstant(event.registrationOpensAt ?? now),
          registrationClosesAt: formatInstant(event.registrationClosesAt ?? event.startsAt),
        },
      });
      return event;
    });
    return eventView(event, {});
  }

  /** Cancels an event: every active registration is cancelled with it, and the registrants are told. */
  async cancel(id: string, reason: string, ifMatch: string | undefined): Promise<EventView> {
    const event = await this.dataSource.transaction(async (tx) => {
      const event = await this.seats.lockEvent(tx, id);
      assertIfMatch(ifMatch, event.version, 'event');
      this.assertAllowed(event, 'cancelled');
      const wasPublic = isPublic(event.status);
      const now = this.clock.now();
      await this.seats.withdrawOpenOffers(tx, event);
      const registrations = await this.activeRegistrations(tx, id);
      await tx.query(
        `UPDATE registrations SET status = 'cancelled', cancelled_at = $2, cancelled_by = 'event_cancelled', waitlist_order = NULL,
           version = version + 1, updated_at = $2
         WHERE event_id = $1 AND status = ANY($3::text[])`,
        [id, now, [...ACTIVE_STATUSES]],
      );
      await this.bump(tx, event, { status: 'cancelled', cancelledAt: now, cancelReason: reason });
      if (wasPublic) {
        await this.outbox.add(tx, EventCancelledV1, {
          aggregateId: id,
          data: {
            event: eventRef(event),
            reason,
            registrations: registrations.map((r) => registrationRef({ ...r, status: 'cancelled' })),
          },
        });
      }
      return event;
    });
    return eventView(event, await this.seats.counts(this.dataSource.manager, id));
  }

  /**
   * Closes an event after it started: confirmed registrants who never checked in become no-shows, and
   * EventCompleted (in the same transaction) thanks the attendees, each with the (masked) link to their
   * own questionnaire. An event completes once; completing it again is refused (409), so the thanks go out once.
   */
  async complete(id: string, ifMatch: string | undefined): Promise<EventView> {
    const event = await this.dataSource.transaction(async (tx) => {
      const event = await this.seats.lockEvent(tx, id);
      assertIfMatch(ifMatch, event.version, 'event');
      this.assertAllowed(event, 'completed');
      const now = this.clock.now();
      if (now.getTime() < event.startsAt.getTime()) {
        throw new EventNotStartedError('An event can be completed once it has started.', event.startsAt);
      }
      await this.seats.withdrawOpenOffers(tx, event);
      await tx.query(
        `UPDATE registrations SET status = 'no_show', version = version + 1, updated_at = $2 WHERE event_id = $1 AND status = 'confirmed'`,
        [id, now],
      );
      await this.bump(tx, event, { status: 'completed', completedAt: now });
      const attendees = await tx
        .getRepository(Registration)
        .find({ where: { eventId: id, status: 'attended' }, order: { queueNumber: 'ASC' } });
      // Each attendee's link is masked: the notifications service asks for the usable one
      // (GetRegistrantLinkV1) when it sends the thanks, so no stored row or event opens the questionnaire.
      await this.outbox.add(tx, EventCompletedV2, {
        aggregateId: id,
        data: {
          event: eventRef(event),
          attendees: attendees.map((r) => ({
            registration: registrationRef(r),
            maskedQuestionnaireUrl: questionnaireLink(this.env.PUBLIC_BASE_URL, r.id, r.manageToken).masked,
          })),
        },
      });
      return event;
    });
    return eventView(event, await this.seats.counts(this.dataSource.manager, id));
  }

  private async countsOf(ids: string[]): Promise<Map<string, StatusCounts>> {
    const out = new Map<string, StatusCounts>();
    if (!ids.length) return out;
    const rows: { event_id: string; status: Registration['status']; n: number }[] = await this.dataSource.query(
      'SELECT event_id, status, count(*)::int AS n FROM registrations WHERE event_id = ANY($1::uuid[]) GROUP BY event_id, status',
      [ids],
    );
    for (const r of rows) out.set(r.event_id, { ...(out.get(r.event_id) ?? {}), [r.status]: r.n });
    return out;
  }

  async list(query: ListEventsQuery): Promise<Page<EventView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.status) add((p) => `status = ${p}`, query.status);
    if (query.kind) add((p) => `kind = ${p}`, query.kind);
    if (query.from) add((p) => `starts_at >= ${p}`, instant(query.from));
    if (query.to) add((p) => `starts_at < ${p}`, instant(query.to));
    if (query.fiscalYear !== undefined) add((p) => `fiscal_year = ${p}`, query.fiscalYear);
    if (query.organizationId)
      add((p) => `(organizer_id = ${p} OR co_organizers @> jsonb_build_array(jsonb_build_object('id', ${p}::text)))`, query.organizationId);
    if (query.historical) add((p) => `historical = ${p}`, query.historical === 'true');
    if (query.q) add((p) => `(title_ja ILIKE ${p} OR title_en ILIKE ${p})`, `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    return this.pageOf(where, params, query, 'starts_at DESC, id', (e, c) => eventView(e, c));
  }

  async listPublic(query: PublicEventsQuery): Promise<Page<PublicEventView>> {
    const where: string[] = [`status IN ('published', 'changed')`];
    const params: unknown[] = [];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (query.from) add((p) => `starts_at >= ${p}`, instant(query.from));
    else add((p) => `ends_at > ${p}`, this.clock.now());
    if (query.to) add((p) => `starts_at < ${p}`, instant(query.to));
    if (query.kind) add((p) => `kind = ${p}`, query.kind);
    if (query.language) add((p) => `language = ${p}`, query.language);
    return this.pageOf(where, params, query, 'starts_at, id', (e, c) => publicEventView(e, c));
  }

  private async pageOf<V>(
    where: string[],
    params: unknown[],
    query: { limit: number; offset: number },
    order: string,
    view: (e: ExchangeEvent, c: StatusCounts) => V,
  ): Promise<Page<V>> {
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM events ${clause}`, params);
    const ids: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM events ${clause} ORDER BY ${order} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.limit, query.offset],
    );
    const events = ids.length ? await this.dataSource.getRepository(ExchangeEvent).findBy({ id: In(ids.map((r) => r.id)) }) : [];
    const byId = new Map(events.map((e) => [e.id, e]));
    const counts = await this.countsOf(ids.map((r) => r.id));
    return page(
      ids.map(({ id }) => view(byId.get(id)!, counts.get(id) ?? {})),
      total,
      query,
    );
  }

  async getPublic(id: string): Promise<PublicEventView> {
    const event = await this.dataSource.getRepository(ExchangeEvent).findOneBy({ id });
    if (!event || !(isPublic(event.status) || (event.status === 'completed' && event.publishedAt))) throw new EventNotFoundError(id);
    return publicEventView(event, await this.seats.counts(this.dataSource.manager, id));
  }

  /** The public calendar feed: events open to the public that are not over, and recently cancelled ones (so calendars drop them). */
  async publicFeed(): Promise<string> {
    const now = this.clock.now();
    const events = await this.dataSource.query(
      `SELECT id FROM events
       WHERE published_at IS NOT NULL AND ends_at > $1::timestamptz - interval '30 days'
         AND status IN ('published', 'changed', 'cancelled', 'completed')
       ORDER BY starts_at, id LIMIT 500`,
      [now],
    );
    const rows = events.length
      ? await this.dataSource
          .getRepository(ExchangeEvent)
          .find({ where: { id: In(events.map((e: { id: string }) => e.id)) }, order: { startsAt: 'ASC' } })
      : [];
    return buildIcs(
      rows.map((e) => calendarEntry(e, { uid: `${e.id}@events.collabo`, language: 'ja' })),
      { now, prodId: EVENTS_ICS_PRODID, name: 'コラボほっかいどう 交流会・セミナー / Collabo exchange events' },
    );
  }
}
