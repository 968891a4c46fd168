/** The rows of a KPI breakdown (by focus field, bureau or study group) with their names, largest first. */
import type { KpiCounts, KpiReport } from './kpi';

export type Breakdown = 'focusField' | 'bureau' | 'studyGroup';
export const BREAKDOWNS: Breakdown[] = ['focusField', 'bureau', 'studyGroup'];

export interface BreakdownRow {
  key: string;
  name: string;
  counts: KpiCounts;
}

export function breakdownRows(
  report: KpiReport,
  by: Breakdown,
  names: { label: (l: { ja: string; en: string }) => string; studyGroup: (id: string) => string | undefined; none: string },
): BreakdownRow[] {
  const rows: BreakdownRow[] =
    by === 'focusField'
      ? report.byFocusField.map((r) => ({ key: r.focusField ?? '', name: names.label(r.label), counts: r }))
      : by === 'bureau'
        ? report.byBureau.map((r) => ({ key: r.bureauCode ?? '', name: names.label(r.label), counts: r }))
        : (report.byStudyGroup ?? []).map((r) => ({
            key: r.studyGroupId ?? '',
            name: r.studyGroupId ? (names.studyGroup(r.studyGroupId) ?? r.studyGroupId) : names.none,
            counts: r,
          }));
  return rows.sort((a, b) => b.counts.received - a.counts.received || a.name.localeCompare(b.name));
}
