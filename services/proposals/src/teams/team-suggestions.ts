import type { FocusField, Sector } from '@collabo/contracts';
import type { Conflict } from '../reviews/conflicts.js';

/**
 * Ranking candidate advisors for a proposal's support team. Conflicted candidates are excluded. The rest
 * are scored on three things, each explained: focus fields they share with the proposal, whether they
 * bring a sector (industry / academia / government) the team does not have yet, and how many open
 * assignments they already carry. Picking is greedy, so the sector bonus follows the team as it fills:
 * the second-best industry expert ranks below an academic once industry is represented.
 */

export const MIX_SECTORS: Sector[] = ['industry', 'academia', 'government'];

export const WEIGHTS = {
  /** Per focus field shared with the proposal. */
  focusMatch: 10,
  /** For bringing a sector the team (with the suggestions above) does not have. */
  newSector: 8,
  /** Per open assignment (reviews not yet written, teams of proposals still in progress). */
  openAssignment: -3,
} as const;

export interface Candidate {
  personId: string;
  /** Sectors of the candidate's current affiliations. */
  sectors: Sector[];
  expertiseFields: FocusField[];
  openAssignments: number;
  conflicts: Conflict[];
}

export interface ScoreFactor {
  factor: 'focus_match' | 'new_sector' | 'open_assignments';
  points: number;
  detail: string;
}

export interface Suggestion {
  rank: number;
  personId: string;
  score: number;
  sectors: Sector[];
  matchingFields: FocusField[];
  openAssignments: number;
  explanation: ScoreFactor[];
}

export interface Exclusion {
  personId: string;
  reason: 'conflict_of_interest' | 'already_on_team';
  conflicts: Conflict[];
}

export interface SuggestionInput {
  candidates: Candidate[];
  focusFields: FocusField[];
  /** Sectors the team already has (its current members). */
  teamSectors: Sector[];
  /** People already on the team: not suggested again. */
  teamMemberIds: string[];
  limit: number;
}

function factors(
  c: Candidate,
  focusFields: FocusField[],
  represented: Set<Sector>,
): { score: number; explanation: ScoreFactor[]; matching: FocusField[] } {
  const matching = c.expertiseFields.filter((f) => focusFields.includes(f));
  const explanation: ScoreFactor[] = [];
  explanation.push({
    factor: 'focus_match',
    points: matching.length * WEIGHTS.focusMatch,
    detail: matching.length ? `shares ${matching.join(', ')} with the proposal` : 'no focus field in common with the proposal',
  });
  const fresh = c.sectors.filter((s) => MIX_SECTORS.includes(s) && !represented.has(s));
  explanation.push({
    factor: 'new_sector',
    points: fresh.length ? WEIGHTS.newSector : 0,
    detail: fresh.length
      ? `brings ${fresh.join(' / ')}, not yet on the team`
      : c.sectors.length
        ? `${c.sectors.join(' / ')} already represented`
        : 'no current affiliation, sector unknown',
  });
  explanation.push({
    factor: 'open_assignments',
    points: c.openAssignments ? c.openAssignments * WEIGHTS.openAssignment : 0,
    detail: `${c.openAssignments} open assignment(s)`,
  });
  return { score: explanation.reduce((sum, f) => sum + f.points, 0), explanation, matching };
}

export function rankSuggestions(input: SuggestionInput): { suggestions: Suggestion[]; excluded: Exclusion[] } {
  const excluded: Exclusion[] = [];
  const pool: Candidate[] = [];
  const onTeam = new Set(input.teamMemberIds);
  const seen = new Set<string>();
  for (const c of input.candidates) {
    if (seen.has(c.personId)) continue;
    seen.add(c.personId);
    if (onTeam.has(c.personId)) excluded.push({ personId: c.personId, reason: 'already_on_team', conflicts: [] });
    else if (c.conflicts.length) excluded.push({ personId: c.personId, reason: 'conflict_of_interest', conflicts: c.conflicts });
    else pool.push(c);
  }
  const represented = new Set<Sector>(input.teamSectors);
  const suggestions: Suggestion[] = [];
  while (pool.length && suggestions.length < input.limit) {
    const scored = pool.map((c) => ({ c, ...factors(c, input.focusFields, represented) }));
    scored.sort(
      (a, b) =>
        b.score - a.score ||
        a.c.openAssignments - b.c.openAssignments ||
        b.matching.length - a.matching.length ||
        a.c.personId.localeCompare(b.c.personId),
    );
    const best = scored[0]!;
    suggestions.push({
      rank: suggestions.length + 1,
      personId: best.c.personId,
      score: best.score,
      sectors: best.c.sectors,
      matchingFields: best.matching,
      openAssignments: best.c.openAssignments,
      explanation: best.explanation,
    });
    best.c.sectors.forEach((s) => represented.add(s));
    pool.splice(pool.indexOf(best.c), 1);
  }
  return { suggestions, excluded };
}
