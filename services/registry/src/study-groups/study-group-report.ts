import { FocusFields, type FocusField } from '@collabo/contracts';
import { fiscalYearRange } from '@collabo/calendar';

/** A study group as the yearly report sees it: when it existed, where (bureaus) and on what (focus fields). */
export interface ReportGroup {
  id: string;
  foundedOn: string | null;
  dissolvedOn: string | null;
  bureauCodes: string[];
  focusFields: FocusField[];
}

export interface ReportMembership {
  studyGroupId: string;
  personId: string;
  joinedOn: string;
  leftOn: string | null;
}

export interface ReportCell {
  studyGroups: number;
  members: number;
}

export interface FiscalYearReport extends ReportCell {
  fiscalYear: number;
  start: string;
  end: string;
  /** Distinct people (a person in two groups is two members but one person). */
  people: number;
  byBureau: ({ bureauCode: string | null } & ReportCell)[];
  byFocusField: ({ focusField: FocusField } & ReportCell)[];
}

export interface StudyGroupReport {
  from: number;
  to: number;
  fiscalYears: FiscalYearReport[];
  /** Groups without a founding date: they cannot be placed in a year and are left out. */
  undatedStudyGroups: number;
}

const overlaps = (start: string, end: string, from: string | null, to: string | null) =>
  (from === null || from <= end) && (to === null || to >= start);

/**
 * Study groups and members per fiscal year, for Hokkaido and by bureau and focus field. A group counts in
 * a year when it existed at some point in it; a member when a membership of theirs overlapped the year and its
 * group counts (once per group and year, whatever their roles). A group whose area spans two bureaus (or that has two focus fields) counts in each of them.
 */
export function studyGroupReport(
  groups: ReportGroup[],
  memberships: ReportMembership[],
  from: number,
  to: number,
  bureauCodes: string[],
): StudyGroupReport {
  const dated = groups.filter((g) => g.foundedOn !== null);
  const byGroup = new Map<string, ReportMembership[]>();
  for (const m of memberships) byGroup.set(m.studyGroupId, [...(byGroup.get(m.studyGroupId) ?? []), m]);
  const fiscalYears: FiscalYearReport[] = [];
  for (let fy = from; fy <= to; fy++) {
    const { firstDay: start, lastDay: end } = fiscalYearRange(fy);
    const active = dated.filter((g) => overlaps(start, end, g.foundedOn, g.dissolvedOn));
    // the people of each group that year: a person counts once per group, whatever their role changes (or
    // memberships entered twice before role periods existed)
    const membersOf = new Map(
      active.map((g) => [
        g.id,
        new Set((byGroup.get(g.id) ?? []).filter((m) => overlaps(start, end, m.joinedOn, m.leftOn)).map((m) => m.personId)),
      ]),
    );
    const cell = (subset: ReportGroup[]): ReportCell => ({
      studyGroups: subset.length,
      members: subset.reduce((n, g) => n + membersOf.get(g.id)!.size, 0),
    });
    const people = new Set(active.flatMap((g) => [...membersOf.get(g.id)!]));
    const byBureau: FiscalYearReport['byBureau'] = bureauCodes.map((bureauCode) => ({
      bureauCode,
      ...cell(active.filter((g) => g.bureauCodes.includes(bureauCode))),
    }));
    const nowhere = active.filter((g) => g.bureauCodes.length === 0);
    if (nowhere.length) byBureau.push({ bureauCode: null, ...cell(nowhere) });
    fiscalYears.push({
      fiscalYear: fy,
      start,
      end,
      ...cell(active),
      people: people.size,
      byBureau,
      byFocusField: FocusFields.map((focusField) => ({ focusField, ...cell(active.filter((g) => g.focusFields.includes(focusField))) })),
    });
  }
  return { from, to, fiscalYears, undatedStudyGroups: groups.length - dated.length };
}
