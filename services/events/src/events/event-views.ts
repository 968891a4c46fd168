import { PageView } from '@collabo/service-kit';
import { formatInstant, formatInstantOrNull, type IcsEvent } from '@collabo/calendar';
import { EventKinds, type EventKind, type EventRefV1, type RegistrationRefV1 } from '@collabo/contracts';
import { ApiProperty } from '@nestjs/swagger';
import type { Registration } from '../registrations/registration.entity.js';
import {
  AdmissionModes,
  EventLanguages,
  EventStatuses,
  VenueKinds,
  type AdmissionMode,
  type EventLanguage,
  type EventStatus,
  type ExchangeEvent,
  type VenueKind,
} from './exchange-event.entity.js';

export class LocalizedTextView {
  @ApiProperty() ja!: string;
  @ApiProperty({ nullable: true, type: String }) en!: string | null;
}

export class OrganizationRefView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class VenueView {
  @ApiProperty({ enum: VenueKinds }) kind!: VenueKind;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty() capacity!: number;
}

export class SeatCountsView {
  @ApiProperty({ description: 'Confirmed, offered, attended and no-show registrations: seats taken' }) held!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty({ description: 'Seats offered to the waiting list and not answered yet' }) offered!: number;
  @ApiProperty() waitlisted!: number;
  @ApiProperty({ description: 'Lottery applications before the draw' }) received!: number;
  @ApiProperty() attended!: number;
  @ApiProperty() noShow!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty() free!: number;
}

/** An event as staff see it. */
export class EventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EventKinds }) kind!: EventKind;
  @ApiProperty({ type: LocalizedTextView }) title!: LocalizedTextView;
  @ApiProperty({ type: LocalizedTextView }) description!: LocalizedTextView;
  @ApiProperty({ type: OrganizationRefView }) organizer!: OrganizationRefView;
  @ApiProperty({ type: [OrganizationRefView] }) coOrganizers!: OrganizationRefView[];
  @ApiProperty({ type: VenueView }) venue!: VenueView;
  @ApiProperty({ format: 'date-time', example: '2026-12-01T18:00:00.000+09:00' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ description: 'Fiscal year (年度) of the start' }) fiscalYear!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationOpensAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationClosesAt!: string | null;
  @ApiProperty() capacity!: number;
  @ApiProperty({ enum: AdmissionModes }) admission!: AdmissionMode;
  @ApiProperty() feeYen!: number;
  @ApiProperty() partyFeeYen!: number;
  @ApiProperty({ enum: EventLanguages }) language!: EventLanguage;
  @ApiProperty({ enum: EventStatuses }) status!: EventStatus;
  @ApiProperty({ description: 'Recorded after it took place: completed from the start, attendance by registry person' })
  historical!: boolean;
  @ApiProperty({ type: SeatCountsView }) seats!: SeatCountsView;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) publishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) cancelledAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) reminderSentAt!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** An event as anyone may see it: no registrant, no internal field. */
export class PublicEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EventKinds }) kind!: EventKind;
  @ApiProperty({ type: LocalizedTextView }) title!: LocalizedTextView;
  @ApiProperty({ type: LocalizedTextView }) description!: LocalizedTextView;
  @ApiProperty() organizerName!: string;
  @ApiProperty({ type: [String] }) coOrganizerNames!: string[];
  @ApiProperty({ type: VenueView }) venue!: VenueView;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registrationOpensAt!: string | null;
  @ApiProperty({ format: 'date-time' }) registrationClosesAt!: string;
  @ApiProperty() capacity!: number;
  @ApiProperty({ enum: AdmissionModes }) admission!: AdmissionMode;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: 'First come: seats still free (0 = new registrants join the waiting list); null for a lottery',
  })
  seatsLeft!: number | null;
  @ApiProperty() feeYen!: number;
  @ApiProperty() partyFeeYen!: number;
  @ApiProperty({ enum: EventLanguages }) language!: EventLanguage;
  @ApiProperty({ enum: EventStatuses }) status!: EventStatus;
}

export const EventPageView = PageView(EventView, 'EventPage');
export const PublicEventPageView = PageView(PublicEventView, 'PublicEventPage');

export type StatusCounts = Partial<Record<Registration['status'], number>>;

export function seatCounts(e: ExchangeEvent, counts: StatusCounts): SeatCountsView {
  const c = (s: Registration['status']) => counts[s] ?? 0;
  const held = c('confirmed') + c('offered') + c('attended') + c('no_show');
  return {
    held,
    confirmed: c('confirmed'),
    offered: c('offered'),
    waitlisted: c('waitlisted'),
    received: c('received'),
    attended: c('attended'),
    noShow: c('no_show'),
    cancelled: c('cancelled'),
    free: Math.max(0, e.capacity - held),
  };
}

export function eventView(e: ExchangeEvent, counts: StatusCounts): EventView {
  return {
    id: e.id,
    kind: e.kind,
    title: { ja: e.titleJa, en: e.titleEn },
    description: { ja: e.descriptionJa, en: e.descriptionEn },
    organizer: { id: e.organizerId, name: e.organizerName },
    coOrganizers: e.coOrganizers,
    venue: { kind: e.venueKind, name: e.venueName, address: e.venueAddress, capacity: e.venueCapacity },
    startsAt: formatInstant(e.startsAt),
    endsAt: formatInstant(e.endsAt),
    fiscalYear: e.fiscalYear,
    registrationOpensAt: formatInstantOrNull(e.registrationOpensAt),
    registrationClosesAt: formatInstantOrNull(e.registrationClosesAt),
    capacity: e.capacity,
    admission: e.admission,
    feeYen: e.feeYen,
    partyFeeYen: e.partyFeeYen,
    language: e.language,
    status: e.status,
    historical: e.historical,
    seats: seatCounts(e, counts),
    publishedAt: formatInstantOrNull(e.publishedAt),
    cancelledAt: formatInstantOrNull(e.cancelledAt),
    cancelReason: e.cancelReason,
    completedAt: formatInstantOrNull(e.completedAt),
    reminderSentAt: formatInstantOrNull(e.reminderSentAt),
    version: e.version,
    createdAt: formatInstant(e.createdAt),
    updatedAt: formatInstant(e.updatedAt),
  };
}

export function publicEventView(e: ExchangeEvent, counts: StatusCounts): PublicEventView {
  const seats = seatCounts(e, counts);
  return {
    id: e.id,
    kind: e.kind,
    title: { ja: e.titleJa, en: e.titleEn },
    description: { ja: e.descriptionJa, en: e.descriptionEn },
    organizerName: e.organizerName,
    coOrganizerNames: e.coOrganizers.map((o) => o.name),
    venue: { kind: e.venueKind, name: e.venueName, address: e.venueAddress, capacity: e.venueCapacity },
    startsAt: formatInstant(e.startsAt),
    endsAt: formatInstant(e.endsAt),
    registrationOpensAt: formatInstantOrNull(e.registrationOpensAt ?? e.publishedAt),
    registrationClosesAt: formatInstant(e.registrationClosesAt ?? e.startsAt),
    capacity: e.capacity,
    admission: e.admission,
    seatsLeft: e.admission === 'first_come' ? (seats.waitlisted > 0 ? 0 : seats.free) : null,
    feeYen: e.feeYen,
    partyFeeYen: e.partyFeeYen,
    language: e.language,
    status: e.status,
  };
}

/** What every events-service message carries about the event. */
export function eventRef(e: ExchangeEvent): EventRefV1 {
  return {
    eventId: e.id,
    kind: e.kind,
    title: { ja: e.titleJa, en: e.titleEn },
    startsAt: formatInstant(e.startsAt),
    endsAt: formatInstant(e.endsAt),
    venue: { name: e.venueName, address: e.venueAddress },
    language: e.language,
    feeYen: e.feeYen,
    partyFeeYen: e.partyFeeYen,
  };
}

export function registrationRef(r: Registration): RegistrationRefV1 {
  return {
    registrationId: r.id,
    registrant: {
      personId: r.personId,
      name: r.name,
      organizationName: r.organizationName,
      email: r.email,
      language: r.language,
    },
    status: r.status,
  };
}

export const CALENDAR_DESCRIPTION_LIMIT = 1500;

/** PRODID of the service's iCalendar text (`@collabo/calendar`'s `buildIcs`): registrations' entries and the public feed. */
export const EVENTS_ICS_PRODID = '-//Collabo//Exchange events//JA';

/** The calendar entry of an event; for a registration, its own UID so each registrant's calendar keeps one entry. */
export function calendarEntry(e: ExchangeEvent, options: { uid: string; language: 'ja' | 'en'; url?: string | null }): IcsEvent {
  const title = options.language === 'en' && e.titleEn ? e.titleEn : e.titleJa;
  const full = options.language === 'en' && e.descriptionEn ? e.descriptionEn : e.descriptionJa;
  // A calendar entry is a reminder, not the programme: keep it short (and the confirmation message bounded).
  const description = full.length > CALENDAR_DESCRIPTION_LIMIT ? `${full.slice(0, CALENDAR_DESCRIPTION_LIMIT)}…` : full;
  const fees =
    options.language === 'en'
      ? `Fee: ¥${e.feeYen.toLocaleString('en')} / party: ¥${e.partyFeeYen.toLocaleString('en')}`
      : `参加費: ${e.feeYen.toLocaleString('ja')}円 / 懇親会費: ${e.partyFeeYen.toLocaleString('ja')}円`;
  return {
    uid: options.uid,
    sequence: e.version,
    start: e.startsAt,
    end: e.endsAt,
    summary: title,
    description: [description, fees].filter(Boolean).join('\n\n'),
    location: [e.venueName, e.venueAddress].filter(Boolean).join(', '),
    status: e.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
    url: options.url ?? null,
    lastModified: e.updatedAt,
  };
}
