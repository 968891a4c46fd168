import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Conflict } from '../reviews/conflicts.js';

export const TeamRoles = ['coordinator', 'lead_advisor', 'advisor'] as const;
export type TeamRole = (typeof TeamRoles)[number];

/** The support team around an accepted proposal: a coordinator and advisors with roles. */
@Entity('teams')
export class SupportTeam {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('timestamptz', { name: 'formed_at' }) formedAt!: Date;
  @Column('uuid', { name: 'formed_by', nullable: true }) formedBy!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('int') version!: number;
}

@Entity('team_members')
export class TeamMember {
  @PrimaryColumn('uuid', { name: 'team_id' }) teamId!: string;
  @PrimaryColumn('uuid', { name: 'person_id' }) personId!: string;
  @Column('text') role!: TeamRole;
  @Column('jsonb') conflicts!: Conflict[];
  @Column('text', { name: 'waiver_reason', nullable: true }) waiverReason!: string | null;
  @Column('timestamptz', { name: 'added_at' }) addedAt!: Date;
}
