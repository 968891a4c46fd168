import { isCalendarDate, parseInstant, tokyoDateOf, yearsBefore } from '@collabo/calendar';

/**
 * Conflicts of interest at assignment: an advisor may not review (or join the team of) a proposal when
 * they are affiliated, now or within the look-back period, with the proposing organisation or a
 * participating one, or are (or recently were) a member of the proposing study group.
 */

export interface AffiliationFact {
  organizationId: string;
  organizationName?: string | null;
  /** ISO date or date-time; null = open. */
  from: string | null;
  to: string | null;
}

export interface MembershipFact {
  studyGroupId: string;
  joinedOn: string;
  leftOn: string | null;
}

export interface ProposalParties {
  proposingOrganizationId: string;
  participatingOrganizationIds: string[];
  studyGroupId: string | null;
}

export type ConflictKind = 'affiliated_with_proposer' | 'affiliated_with_participant' | 'member_of_study_group';

export interface Conflict {
  kind: ConflictKind;
  organizationId: string;
  organizationName: string | null;
  from: string | null;
  to: string | null;
}

/**
 * The calendar day of a registry date (`YYYY-MM-DD`, as the registry writes them) or date-time (its Tokyo day);
 * null for an open end.
 */
export function dayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const text: string = value;
  if (isCalendarDate(value)) return value;
  const instant = parseInstant(text);
  return instant ? tokyoDateOf(instant) : text.slice(0, 10);
}

/** True when a period that ended on `to` (null = still running) reaches into the look-back window ending today. */
function withinLookBack(to: string | null, today: string, lookBackYears: number): boolean {
  const end = dayOf(to);
  return end === null || end >= yearsBefore(today, lookBackYears);
}

export function findConflicts(
  parties: ProposalParties,
  facts: { affiliations: AffiliationFact[]; memberships: MembershipFact[] },
  today: string,
  lookBackYears: number,
): Conflict[] {
  const conflicts: Conflict[] = [];
  const participants = new Set(parties.participatingOrganizationIds);
  for (const a of facts.affiliations) {
    if (!withinLookBack(a.to, today, lookBackYears)) continue;
    const kind: ConflictKind | null =
      a.organizationId === parties.proposingOrganizationId || a.organizationId === parties.studyGroupId
        ? 'affiliated_with_proposer'
        : participants.has(a.organizationId)
          ? 'affiliated_with_participant'
          : null;
    if (kind) {
      conflicts.push({
        kind,
        organizationId: a.organizationId,
        organizationName: a.organizationName ?? null,
        from: dayOf(a.from),
        to: dayOf(a.to),
      });
    }
  }
  if (parties.studyGroupId) {
    for (const m of facts.memberships) {
      if (m.studyGroupId !== parties.studyGroupId || !withinLookBack(m.leftOn, today, lookBackYears)) continue;
      conflicts.push({
        kind: 'member_of_study_group',
        organizationId: m.studyGroupId,
        organizationName: null,
        from: dayOf(m.joinedOn),
        to: dayOf(m.leftOn),
      });
    }
  }
  return conflicts;
}
