import { Column, Entity, PrimaryColumn } from 'typeorm';
import { numberColumn } from '../database/column-transformers.js';

export const OutcomeKinds = ['prototype', 'sale', 'patent_filed', 'patent_granted', 'award'] as const;
export type OutcomeKind = (typeof OutcomeKinds)[number];

/** A result of a supported proposal: a prototype, a sale (yen, fiscal year), a patent filed or granted, an award. */
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
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
  @Column('uuid', { name: 'recorded_by', nullable: true }) recordedBy!: string | null;
  /** Brought over from paper or spreadsheets: the event says so, so that nobody is emailed about the past. */
  @Column('boolean') historical!: boolean;
}
