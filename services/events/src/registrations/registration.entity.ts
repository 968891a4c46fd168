import type { Language, RegistrationStatus, Sector } from '@collabo/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RegistrationSource = 'staff' | 'public';
export const CancelledByValues = ['registrant', 'staff', 'event_cancelled', 'offer_expired', 'offer_declined'] as const;
export type CancelledBy = (typeof CancelledByValues)[number];

/** Statuses in which a registration holds a seat. */
export const SEAT_HOLDING: readonly RegistrationStatus[] = ['confirmed', 'offered', 'attended', 'no_show'];
/** Statuses of people who take part (for seating, connections, reports). */
export const ATTENDING: readonly RegistrationStatus[] = ['confirmed', 'attended'];

/**
 * One person's registration for one event: a registry person (name, email, language and seating data
 * copied from the registry at registration time, kept current by PersonUpdated events) or a guest.
 */
@Entity('registrations')
export class Registration {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  /** Arrival order within the event. */
  @Column('integer', { name: 'queue_number' }) queueNumber!: number;
  @Column('uuid', { name: 'person_id', nullable: true }) personId!: string | null;
  @Column('integer', { name: 'person_version', nullable: true }) personVersion!: number | null;
  @Column('text') name!: string;
  @Column('text', { name: 'name_kana', nullable: true }) nameKana!: string | null;
  @Column('text') email!: string;
  @Column('text') language!: Language;
  @Column('uuid', { name: 'organization_id', nullable: true }) organizationId!: string | null;
  @Column('text', { name: 'organization_name', nullable: true }) organizationName!: string | null;
  @Column('text', { nullable: true }) sector!: Sector | null;
  @Column('text', { name: 'focus_fields', array: true }) focusFields!: string[];
  @Column('uuid', { name: 'study_group_ids', array: true }) studyGroupIds!: string[];
  @Column('boolean', { name: 'consent_to_list' }) consentToList!: boolean;
  @Column('text') source!: RegistrationSource;
  @Column('text') status!: RegistrationStatus;
  /** Place in the waiting list: arrival order (first come) or draw order (lottery). */
  @Column('integer', { name: 'waitlist_order', nullable: true }) waitlistOrder!: number | null;
  @Column('text', { name: 'check_in_token' }) checkInToken!: string;
  @Column('text', { name: 'manage_token' }) manageToken!: string;
  @Column('timestamptz', { name: 'confirmed_at', nullable: true }) confirmedAt!: Date | null;
  @Column('timestamptz', { name: 'checked_in_at', nullable: true }) checkedInAt!: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt!: Date | null;
  @Column('text', { name: 'cancelled_by', nullable: true }) cancelledBy!: CancelledBy | null;
  @Column('integer') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
