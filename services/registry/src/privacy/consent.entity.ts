import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Person } from '../people/person.entity.js';
import type { ConsentPurpose, ConsentSource, WithdrawalChannel } from './consent-purposes.js';

/**
 * A consent a person gave for one purpose, with the date and where it came from; withdrawn when `withdrawnAt`
 * is set (the row stays, so the history is shown in a disclosure). At most one in force per person and purpose.
 */
@Entity('consents')
@Index('consents_person_idx', ['personId'])
@Index('consents_in_force_key', ['personId', 'purpose'], { unique: true, where: 'withdrawn_at IS NULL' })
export class Consent {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'consents_pkey' }) id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'text' }) purpose!: ConsentPurpose;
  @Column({ type: 'text' }) source!: ConsentSource;
  @Column({ name: 'given_at', type: 'timestamptz' }) givenAt!: Date;
  @Column({ name: 'recorded_by', type: 'uuid', nullable: true }) recordedBy!: string | null;
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true }) withdrawnAt!: Date | null;
  @Column({ name: 'withdrawn_via', type: 'text', nullable: true }) withdrawnVia!: WithdrawalChannel | null;
  @Column({ name: 'withdrawn_by', type: 'uuid', nullable: true }) withdrawnBy!: string | null;

  @ManyToOne(() => Person, { nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'consents_person_id_fkey' })
  person?: Relation<Person>;
}
