import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numberColumn } from '../database/column-transformers.js';

export const OutcomeKinds = ['prototype', 'sale', 'patent_filed', 'patent_granted', 'award', 'startup_founded', 'jobs_created'] as const;
export type OutcomeKind = (typeof OutcomeKinds)[number];

/**
 * A result of a supported proposal: a prototype, a sale (yen, fiscal year), a patent filed or granted, an award
 * (optionally naming the registry tenancy it came from), a start-up founded (起業), jobs created (a count).
 */
@Entity('outcomes')
export class Outcome {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('text') kind!: OutcomeKind;
  @Column('text') summary!: string;
  @Column('date', { name: 'occurred_on' }) occurredOn!: string;
  @Column('bigint', { name: 'amount_yen', nullable: true, transformer: numberColumn }) amountYen!: number | null;
  @Column('int', { name: 'fiscal_year', nullable: true }) fiscalYear!: number | null;
  @Column('text', { name: 'patent_number', nullable: true }) patentNumber!: string | null;
  /** `jobs_created` only: how many jobs. */
  @Column('int', { name: 'jobs_created', nullable: true }) jobsCreated!: number | null;
  /** `award` only, optional: the registry tenancy (a room at the collaboration centre) the award came from. */
  @Column('uuid', { name: 'tenancy_id', nullable: true }) tenancyId!: string | null;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
  /** Brought over from paper or spreadsheets: the event says so, so that nobody is emailed about the past. */
  @Column('boolean') historical!: boolean;
}
