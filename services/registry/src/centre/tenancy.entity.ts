import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { VersionedRecord } from '../database/versioned-record.js';
import { Organization } from '../organizations/organization.entity.js';

/** An organisation's tenancy of a room at the collaboration centre. */
@Entity('tenancies')
@Check('tenancies_check', `to_on IS NULL OR to_on >= from_on`)
@Index('tenancies_organization_idx', ['organizationId'])
export class Tenancy extends VersionedRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'tenancies_pkey' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ type: 'text' }) room!: string;
  @Column({ name: 'from_on', type: 'date' }) from!: string;
  @Column({ name: 'to_on', type: 'date', nullable: true }) to!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;

  @ManyToOne(() => Organization, { nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'tenancies_organization_id_fkey' })
  organization?: Relation<Organization>;
}
