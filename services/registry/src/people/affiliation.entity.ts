import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { VersionedRecord } from '../database/versioned-record.js';
import { Organization } from '../organizations/organization.entity.js';
import { Person } from './person.entity.js';

/** Where a person works or worked: organisation, department, title, from/to. */
@Entity('affiliations')
@Check('affiliations_check', `to_on IS NULL OR from_on IS NULL OR to_on >= from_on`)
@Index('affiliations_person_idx', ['personId'])
@Index('affiliations_organization_idx', ['organizationId'])
export class Affiliation extends VersionedRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'affiliations_pkey' }) id!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ type: 'text', nullable: true }) department!: string | null;
  @Column({ type: 'text', nullable: true }) title!: string | null;
  @Column({ name: 'from_on', type: 'date', nullable: true }) from!: string | null;
  @Column({ name: 'to_on', type: 'date', nullable: true }) to!: string | null;

  @ManyToOne(() => Person, { nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'affiliations_person_id_fkey' })
  person?: Relation<Person>;

  @ManyToOne(() => Organization, { nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'affiliations_organization_id_fkey' })
  organization?: Relation<Organization>;
}
