import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A questionnaire answered after the event (satisfaction 1 = very dissatisfied … 5 = very satisfied). */
@Entity('questionnaire_answers')
export class QuestionnaireAnswer {
  @PrimaryColumn('uuid', { name: 'registration_id' }) registrationId!: string;
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  @Column('integer') satisfaction!: number;
  @Column('text', { nullable: true }) comments!: string | null;
  @Column('boolean', { name: 'would_join_again', nullable: true }) wouldJoinAgain!: boolean | null;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

export type ConnectionKind = 'business_cards' | 'conversation';

/** Two attendees who met at the event (business cards exchanged); stored once per pair, smaller id first. */
@Entity('connections')
export class Connection {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'registration_a' }) registrationA!: string;
  @Column('uuid', { name: 'registration_b' }) registrationB!: string;
  @Column('text') kind!: ConnectionKind;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
}

export const FollowUpKinds = ['meeting', 'site_visit', 'joint_research', 'proposal', 'other'] as const;
export type FollowUpKind = (typeof FollowUpKinds)[number];
export const FollowUpStatuses = ['open', 'done', 'dropped'] as const;
export type FollowUpStatus = (typeof FollowUpStatuses)[number];

/** Something agreed at or after the event: a follow-up meeting, a site visit, joint research. */
@Entity('follow_ups')
export class FollowUp {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  @Column('uuid', { name: 'registration_ids', array: true }) registrationIds!: string[];
  @Column('text') kind!: FollowUpKind;
  @Column('text') note!: string;
  @Column('date', { name: 'due_on', nullable: true }) dueOn!: string | null;
  @Column('text') status!: FollowUpStatus;
  @Column('date', { name: 'done_on', nullable: true }) doneOn!: string | null;
  @Column('uuid', { name: 'owner_id', nullable: true }) ownerId!: string | null;
  @Column('integer') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

/** A proposal brought in to the proposals service that names this event as its origin. */
@Entity('event_proposals')
export class EventProposal {
  @PrimaryColumn('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('uuid', { name: 'event_id' }) eventId!: string;
  @Column('text', { name: 'reference_number' }) referenceNumber!: string;
  @Column('text', { name: 'title_ja' }) titleJa!: string;
  @Column('text', { name: 'title_en', nullable: true }) titleEn!: string | null;
  @Column('uuid', { name: 'proposing_organization_id' }) proposingOrganizationId!: string;
  @Column('uuid', { name: 'contact_person_id' }) contactPersonId!: string;
  @Column('text', { name: 'focus_fields', array: true }) focusFields!: string[];
  @Column('date', { name: 'brought_in_on' }) broughtInOn!: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
}
