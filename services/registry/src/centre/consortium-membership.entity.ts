import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { bigintAsNumber, VersionedRecord } from '../database/versioned-record.js';
import { Organization } from '../organizations/organization.entity.js';

/** An organisation's membership of a consortium in one fiscal year, with what it contributed. */
@Entity('consortium_memberships')
@Check('consortium_memberships_contributed_people_check', `contributed_people >= 0`)
@Check('consortium_memberships_contributed_yen_check', `contributed_yen >= 0`)
@Index('consortium_memberships_key', ['consortiumId', 'organizationId', 'fiscalYear'], { unique: true })
@Index('consortium_memberships_organization_idx', ['organizationId'])
export class ConsortiumMembership extends VersionedRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'consortium_memberships_pkey' }) id!: string;
  @Column({ name: 'consortium_id', type: 'uuid' }) consortiumId!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  /** 年度, named by the year it starts (1 April). */
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ name: 'contributed_people', type: 'integer', default: 0 }) contributedPeople!: number;
  @Column({ name: 'contributed_yen', type: 'bigint', default: 0, transformer: bigintAsNumber }) contributedYen!: number;
  @Column({ name: 'contributed_facilities', type: 'text', nullable: true }) contributedFacilities!: string | null;
  @Column({ type: 'text', nullable: true }) note!: string | null;

  @ManyToOne(() => Organization, { nullable: false })
  @JoinColumn({ name: 'consortium_id', foreignKeyConstraintName: 'consortium_memberships_consortium_id_fkey' })
  consortium?: Relation<Organization>;

  @ManyToOne(() => Organization, { nullable: false })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'consortium_memberships_organization_id_fkey' })
  organization?: Relation<Organization>;
}
