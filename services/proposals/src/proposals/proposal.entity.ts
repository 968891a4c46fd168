import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A business proposal brought in for support. `version` is its ETag; every change bumps it. */
@Entity('proposals')
export class Proposal {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'reference_number' }) referenceNumber!: string;
  @Column('uuid', { name: 'programme_id' }) programmeId!: string;
  @Column('text', { name: 'title_ja' }) titleJa!: string;
  @Column('text', { name: 'title_en', nullable: true }) titleEn!: string | null;
  @Column('text', { name: 'summary_ja' }) summaryJa!: string;
  @Column('text', { name: 'summary_en', nullable: true }) summaryEn!: string | null;
  @Column('uuid', { name: 'proposing_organization_id' }) proposingOrganizationId!: string;
  @Column('text', { name: 'proposing_organization_kind' }) proposingOrganizationKind!: string;
  @Column('text', { name: 'proposing_organization_name' }) proposingOrganizationName!: string;
  @Column('uuid', { name: 'study_group_id', nullable: true }) studyGroupId!: string | null;
  @Column('uuid', { name: 'contact_person_id' }) contactPersonId!: string;
  @Column('uuid', { name: 'coordinator_id', nullable: true }) coordinatorId!: string | null;
  @Column('text', { name: 'focus_fields', array: true }) focusFields!: string[];
  @Column('text', { name: 'municipality_codes', array: true }) municipalityCodes!: string[];
  @Column('text', { name: 'bureau_codes', array: true }) bureauCodes!: string[];
  @Column('uuid', { name: 'participating_organization_ids', array: true }) participatingOrganizationIds!: string[];
  @Column('text', { name: 'support_requested' }) supportRequested!: string;
  @Column('date', { name: 'brought_in_on' }) broughtInOn!: string;
  @Column('uuid', { name: 'origin_event_id', nullable: true }) originEventId!: string | null;
  @Column('text') stage!: string;
  @Column('text', { name: 'resume_stage', nullable: true }) resumeStage!: string | null;
  @Column('uuid', { name: 'rubric_id', nullable: true }) rubricId!: string | null;
  @Column('boolean') historical!: boolean;
  /** The foundation's old reference number, for proposals brought over by the history import. */
  @Column('text', { name: 'legacy_reference', nullable: true }) legacyReference!: string | null;
  @Column('uuid', { name: 'history_import_id', nullable: true }) historyImportId!: string | null;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

/** One line of a proposal's history: appended, never rewritten (a database trigger refuses updates). */
@Entity('proposal_transitions')
export class ProposalTransition {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('int') seq!: number;
  @Column('text', { name: 'from_stage', nullable: true }) fromStage!: string | null;
  @Column('text', { name: 'to_stage' }) toStage!: string;
  @Column('text') reason!: string;
  @Column('timestamptz', { name: 'effective_at' }) effectiveAt!: Date;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('boolean') resumed!: boolean;
  @Column('boolean') historical!: boolean;
}
