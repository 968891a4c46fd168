import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Conflict } from '../reviews/conflicts.js';
import { formatInstant } from '@collabo/calendar';
import { ConflictView } from '../reviews/review.view.js';
import type { SupportTeam, TeamMember } from './team.entity.js';

export class TeamMemberView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ['coordinator', 'lead_advisor', 'advisor'] }) role!: string;
  @ApiPropertyOptional({ type: [ConflictView], description: 'Staff only.' }) conflicts?: Conflict[];
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Staff only.' }) waiverReason?: string | null;
}

export class TeamView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ type: [TeamMemberView] }) members!: TeamMemberView[];
  @ApiProperty() formedAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'Also the ETag.' }) version!: number;
}

const ROLE_ORDER = { coordinator: 0, lead_advisor: 1, advisor: 2 } as const;

/** Staff see the whole team; an advisor sees the coordinators and themselves, never the other advisors. */
export function teamView(team: SupportTeam, members: TeamMember[], viewer: { staff: boolean; personId: string }): TeamView {
  const visible = viewer.staff ? members : members.filter((m) => m.role === 'coordinator' || m.personId === viewer.personId);
  return {
    id: team.id,
    proposalId: team.proposalId,
    members: [...visible]
      .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.personId.localeCompare(b.personId))
      .map((m) =>
        viewer.staff
          ? { personId: m.personId, role: m.role, conflicts: m.conflicts, waiverReason: m.waiverReason }
          : { personId: m.personId, role: m.role },
      ),
    formedAt: formatInstant(team.formedAt),
    updatedAt: formatInstant(team.updatedAt),
    version: team.version,
  };
}
