import type { EventKind } from '@collabo/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EventStatuses = ['draft', 'published', 'changed', 'cancelled', 'completed'] as const;
export type EventStatus = (typeof EventStatuses)[number];
export const VenueKinds = ['centre', 'university', 'izakaya', 'hall', 'other'] as const;
export type VenueKind = (typeof VenueKinds)[number];
export const AdmissionModes = ['first_come', 'lottery'] as const;
export type AdmissionMode = (typeof AdmissionModes)[number];
export const EventLanguages = ['ja', 'en', 'ja_en'] as const;
export type EventLanguage = (typeof EventLanguages)[number];

export interface OrganizationRef {
  id: string;
  name: string;
}

/** An exchange event (交流会, seminar, matching meeting, forum or site visit) as stored. */
@Entity('events')
export class ExchangeEvent {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') kind!: EventKind;
  @Column('text', { name: 'title_ja' }) titleJa!: string;
  @Column('text', { name: 'title_en', nullable: true }) titleEn!: string | null;
  @Column('text', { name: 'description_ja' }) descriptionJa!: string;
  @Column('text', { name: 'description_en', nullable: true }) descriptionEn!: string | null;
  @Column('uuid', { name: 'organizer_id' }) organizerId!: string;
  @Column('text', { name: 'organizer_name' }) organizerName!: string;
  @Column('jsonb', { name: 'co_organizers' }) coOrganizers!: OrganizationRef[];
  @Column('text', { name: 'venue_kind' }) venueKind!: VenueKind;
  @Column('text', { name: 'venue_name' }) venueName!: string;
  @Column('text', { name: 'venue_address', nullable: true }) venueAddress!: string | null;
  @Column('integer', { name: 'venue_capacity' }) venueCapacity!: number;
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('integer', { name: 'fiscal_year' }) fiscalYear!: number;
  @Column('timestamptz', { name: 'registration_opens_at', nullable: true }) registrationOpensAt!: Date | null;
  @Column('timestamptz', { name: 'registration_closes_at', nullable: true }) registrationClosesAt!: Date | null;
  @Column('integer') capacity!: number;
  @Column('text') admission!: AdmissionMode;
  @Column('integer', { name: 'fee_yen' }) feeYen!: number;
  @Column('integer', { name: 'party_fee_yen' }) partyFeeYen!: number;
  @Column('text') language!: EventLanguage;
  @Column('text') status!: EventStatus;
  /** Recorded after it took place (completed from the start; no registration, no messages); attendance in `event_attendances`. */
  @Column('boolean') historical!: boolean;
  @Column('integer', { name: 'next_queue_number' }) nextQueueNumber!: number;
  @Column('timestamptz', { name: 'reminder_due_at' }) reminderDueAt!: Date;
  @Column('timestamptz', { name: 'reminder_sent_at', nullable: true }) reminderSentAt!: Date | null;
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt!: Date | null;
  @Column('integer') version!: number;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

/** Who attended a historical event, by registry person. */
@Entity('event_attendances')
export class EventAttendance {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId!: string;
  @PrimaryColumn('uuid', { name: 'person_id' }) personId!: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
}
