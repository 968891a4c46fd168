import type { MembershipRole } from '@collabo/contracts';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { Membership } from './membership.entity.js';

/**
 * One role period of a membership: the role held from `fromOn` to `toOn` (null: until the membership ends).
 * The periods of a membership follow each other without gap or overlap, the first starting on the day the person
 * joined; a role change ends the current period the day before the new one starts (see role-periods.ts).
 */
@Entity('membership_roles')
@Check('membership_roles_check', `to_on IS NULL OR to_on >= from_on`)
@Index('membership_roles_period_key', ['membershipId', 'fromOn'], { unique: true })
export class MembershipRolePeriod {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'membership_roles_pkey' }) id!: string;
  @Column({ name: 'membership_id', type: 'uuid' }) membershipId!: string;
  @Column({ type: 'text' }) role!: MembershipRole;
  @Column({ name: 'from_on', type: 'date' }) fromOn!: string;
  @Column({ name: 'to_on', type: 'date', nullable: true }) toOn!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;

  @ManyToOne(() => Membership, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'membership_id', foreignKeyConstraintName: 'membership_roles_membership_id_fkey' })
  membership?: Relation<Membership>;
}
