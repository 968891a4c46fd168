import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FocusFields, Sectors, type FocusField, type Sector } from '@collabo/contracts';
import type { Conflict } from '../reviews/conflicts.js';
import { formatInstant } from '@collabo/calendar';
import { ConflictView } from '../reviews/review.view.js';
import type { SupportTeam, TeamMember } from './team.entity.js';
import type { Exclusion, ScoreFactor } from './team-suggestions.js';

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

/** What one factor added to (or took from) a candidate's score, and why. */
export class ScoreFactorView {
  @ApiProperty({ enum: ['focus_match', 'new_sector', 'open_assignments'] }) factor!: ScoreFactor['factor'];
  @ApiProperty({ type: Number }) points!: number;
  @ApiProperty({ description: 'In English, for staff' }) detail!: string;
}

/** A candidate advisor, ranked, with the score explained factor by factor. */
export class TeamSuggestionView {
  @ApiProperty({ type: Number, description: '1 for the best' }) rank!: number;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ type: Number }) score!: number;
  @ApiProperty({ enum: Sectors, isArray: true, description: 'Of the candidate’s current affiliations' }) sectors!: Sector[];
  @ApiProperty({ enum: FocusFields, isArray: true, description: 'The candidate’s expertise the proposal shares' })
  matchingFields!: FocusField[];
  @ApiProperty({ type: Number, description: 'Reviews not yet written, teams of proposals still in progress' }) openAssignments!: number;
  @ApiProperty({ type: [ScoreFactorView] }) explanation!: ScoreFactorView[];
}

/** A candidate left out, and why. */
export class TeamExclusionView {
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty({ enum: ['conflict_of_interest', 'already_on_team'] }) reason!: Exclusion['reason'];
  @ApiProperty({ type: [ConflictView], description: 'The conflicts of interest found (empty when already on the team)' })
  conflicts!: Conflict[];
}

/** `GET /v1/proposals/{id}/team-suggestions`. */
export class TeamSuggestionsView {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ type: [String], description: 'The proposal’s focus fields' }) focusFields!: string[];
  @ApiProperty({ enum: Sectors, isArray: true, description: 'Sectors the team’s current members bring' }) teamSectors!: Sector[];
  @ApiProperty({ description: 'false when the registry could not list every advisor account' }) candidatesComplete!: boolean;
  @ApiProperty({ type: Number, description: 'How many years back an affiliation still makes a conflict of interest' })
  lookBackYears!: number;
  @ApiProperty({ type: [TeamSuggestionView] }) suggestions!: TeamSuggestionView[];
  @ApiProperty({ type: [TeamExclusionView] }) excluded!: TeamExclusionView[];
}
