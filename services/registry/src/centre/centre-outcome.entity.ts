import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An outcome of a proposal as the registry stored it from `proposals.evt.outcome.recorded.v1` (the id is the
 * outcome's): what the collaboration centre's yearly report lists for its tenants (patents and awards).
 */
@Entity('centre_outcomes')
@Index('centre_outcomes_organization_idx', ['proposingOrganizationId'])
@Index('centre_outcomes_tenancy_idx', ['tenancyId'], { where: 'tenancy_id IS NOT NULL' })
export class CentreOutcome {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'centre_outcomes_pkey' }) id!: string;
  @Column({ name: 'proposal_id', type: 'uuid' }) proposalId!: string;
  @Column({ name: 'reference_number', type: 'text' }) referenceNumber!: string;
  @Column({ name: 'proposal_title', type: 'jsonb' }) proposalTitle!: { ja: string; en: string };
  @Column({ name: 'proposing_organization_id', type: 'uuid' }) proposingOrganizationId!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text' }) summary!: string;
  @Column({ name: 'patent_number', type: 'text', nullable: true }) patentNumber!: string | null;
  @Column({ name: 'fiscal_year', type: 'integer', nullable: true }) fiscalYear!: number | null;
  @Column({ name: 'occurred_on', type: 'date', nullable: true }) occurredOn!: string | null;
  @Column({ name: 'tenancy_id', type: 'uuid', nullable: true }) tenancyId!: string | null;
  @Column({ type: 'boolean', default: false }) historical!: boolean;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}
