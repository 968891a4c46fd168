import type { MembershipRole } from '@collabo/contracts';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { VersionedRecord } from '../database/versioned-record.js';
import { Organization } from '../organizations/organization.entity.js';
import { Person } from '../people/person.entity.js';

/** A person's membership of a study group (an organisation of kind `study_group`): role, joined, left. */
@Entity('memberships')
@Check('memberships_check', `left_on IS NULL OR left_on >= joined_on`)
@Index('memberships_study_group_idx', ['studyGroupId'])
@Index('memberships_person_idx', ['personId'])
export class Membership extends VersionedRecord {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'memberships_pkey' }) id!: string;
  @Column({ name: 'study_group_id', type: 'uuid' }) studyGroupId!: string;
  @Column({ name: 'person_id', type: 'uuid' }) personId!: string;
  @Column({ type: 'text' }) role!: MembershipRole;
  @Column({ name: 'joined_on', type: 'date' }) joinedOn!: string;
  @Column({ name: 'left_on', type: 'date', nullable: true }) leftOn!: string | null;

  @ManyToOne(() => Organization, { nullable: false })
  @JoinColumn({ name: 'study_group_id', foreignKeyConstraintName: 'memberships_study_group_id_fkey' })
  studyGroup?: Relation<Organization>;

  @ManyToOne(() => Person, { nullable: false })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'memberships_person_id_fkey' })
  person?: Relation<Person>;
}
