/**
 * A generated history of the support track, shaped like what the foundation reported: by the end of
 * FY2002, 200 proposals screened, 45 on sale and 20 planning sales (docs/domain.md). It is planned here in
 * Tokyo wall-clock dates, and every figure the KPI report should show is counted from the plan itself,
 * so the test compares the service against an independent count. `loadHistory` enters it through the
 * public API, the way a seeder would (admin, `historical: true`, effective dates).
 */
import type { FocusField } from '@collabo/contracts';
import type { OrganizationV1 } from '@collabo/contracts';
import { api, type Harness } from './harness.js';

export type Category =
  'on_sale' | 'sales_planned' | 'prototyping' | 'discontinued' | 'commercializing' | 'declined' | 'pending' | 'withdrawn';

export interface PlannedStep {
  to: string;
  /** Tokyo wall-clock time with offset. */
  at: string;
}

export interface PlannedOutcome {
  kind: 'prototype' | 'sale' | 'patent_filed' | 'patent_granted' | 'award';
  occurredOn: string;
  amountYen?: number;
  fiscalYear?: number;
  patentNumber?: string;
}

export interface PlannedProposal {
  category: Category;
  broughtInOn: string;
  focusFields: FocusField[];
  bureau: string;
  /** Index of the proposing study group, or null for a company. */
  studyGroup: number | null;
  steps: PlannedStep[];
  outcomes: PlannedOutcome[];
}

/** Fiscal year of a Tokyo wall-clock date or time (`YYYY-MM-DD...`): the test's own reckoning. */
export function fyOf(wallClock: string): number {
  const year = Number(wallClock.slice(0, 4));
  const month = Number(wallClock.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const FIELDS: FocusField[] = ['food', 'housing', 'tourism', 'bio', 'manufacturing'];
const BUREAUS = ['ishikari', 'oshima', 'tokachi', 'kamikawa', 'kushiro', 'okhotsk', 'sorachi', 'iburi'];
export const STUDY_GROUPS = 6;

/** How many of each kind, and the fiscal years they may be brought in and the days into that year. */
const PLAN: { category: Category; count: number; years: number[]; maxDay: number }[] = [
  { category: 'on_sale', count: 45, years: [1998, 1999, 2000], maxDay: 300 },
  { category: 'sales_planned', count: 20, years: [1999, 2000, 2001], maxDay: 150 },
  { category: 'prototyping', count: 15, years: [2000, 2001, 2002], maxDay: 150 },
  { category: 'discontinued', count: 10, years: [1998, 1999, 2000, 2001], maxDay: 200 },
  { category: 'commercializing', count: 10, years: [2000, 2001], maxDay: 200 },
  { category: 'declined', count: 100, years: [1998, 1999, 2000, 2001, 2002], maxDay: 240 },
  { category: 'pending', count: 12, years: [2002], maxDay: 300 },
  { category: 'withdrawn', count: 4, years: [2001, 2002], maxDay: 200 },
];

export function planHistory(seed = 2002): PlannedProposal[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: PlannedProposal[] = [];
  for (const { category, count, years, maxDay } of PLAN) {
    for (let i = 0; i < count; i++) {
      const broughtInOn = addDays(`${pick(years)}-04-01`, between(0, maxDay));
      let day = broughtInOn;
      const steps: PlannedStep[] = [];
      const outcomes: PlannedOutcome[] = [];
      const step = (to: string, after: [number, number]) => {
        day = addDays(day, between(...after));
        steps.push({ to, at: `${day}T10:00:00+09:00` });
      };
      step('pre_screening', [5, 15]);
      if (category === 'withdrawn') {
        step('withdrawn', [5, 30]);
      } else {
        step('screening', [10, 20]);
        if (category === 'declined') step('declined', [20, 40]);
        else if (category !== 'pending') {
          step('accepted', [20, 40]);
          step('team_formed', [10, 20]);
          step('prototyping', [15, 30]);
          if (rnd() < 0.5) outcomes.push({ kind: 'prototype', occurredOn: addDays(day, 20) });
          if (category === 'discontinued') step('discontinued', [30, 90]);
          if (['on_sale', 'sales_planned', 'commercializing'].includes(category)) step('commercializing', [30, 60]);
          if (['on_sale', 'sales_planned'].includes(category)) step('sales_planned', [30, 60]);
          if (category === 'on_sale') {
            step('on_sale', [30, 60]);
            for (let k = 0, sold = day; k < between(1, 3); k++) {
              sold = addDays(sold, between(10, 120));
              if (sold > '2003-03-31') break;
              // A sale in April is sometimes booked in the year before (年度末の売上): say so explicitly.
              const fiscalYear = sold.slice(5, 7) === '04' ? fyOf(sold) - 1 : undefined;
              outcomes.push({
                kind: 'sale',
                occurredOn: sold,
                amountYen: between(10, 400) * 100_000,
                ...(fiscalYear ? { fiscalYear } : {}),
              });
            }
          }
          if (rnd() < 0.3) {
            const filed = addDays(steps[steps.length - 1]!.at.slice(0, 10), between(1, 30));
            outcomes.push({ kind: 'patent_filed', occurredOn: filed, patentNumber: `特願${filed.slice(0, 4)}-${between(100000, 999999)}` });
            if (rnd() < 0.5 && addDays(filed, 200) <= '2003-03-31')
              outcomes.push({ kind: 'patent_granted', occurredOn: addDays(filed, 200) });
          }
        }
      }
      out.push({
        category,
        broughtInOn,
        focusFields: rnd() < 0.3 ? [pick(FIELDS.slice(0, 2)), pick(FIELDS.slice(2))] : [pick(FIELDS)],
        bureau: pick(BUREAUS),
        studyGroup: rnd() < 0.4 ? between(0, STUDY_GROUPS - 1) : null,
        steps,
        outcomes,
      });
    }
  }
  // The fiscal-year boundary: one decision half an hour before the end of FY2002, one half an hour into FY2003.
  const lastDeclined = out.filter((p) => p.category === 'declined' && fyOf(p.broughtInOn) === 2002).at(-1)!;
  lastDeclined.steps[lastDeclined.steps.length - 1] = { to: 'declined', at: '2003-03-31T23:30:00+09:00' };
  const pending = out.find((p) => p.category === 'pending')!;
  pending.category = 'declined';
  pending.steps.push({ to: 'declined', at: '2003-04-01T00:30:00+09:00' });
  // Everything else still pending is decided in FY2003 too.
  for (const p of out.filter((x) => x.category === 'pending')) p.steps.push({ to: 'accepted', at: '2003-05-20T10:00:00+09:00' });
  // Two of the commercialising ones plan sales only after FY2002: they must not count in it.
  for (const p of out.filter((x) => x.category === 'commercializing').slice(0, 2))
    p.steps.push({ to: 'sales_planned', at: '2003-06-02T10:00:00+09:00' });
  return out;
}

/** What the report should say for one group of planned proposals, counted from the plan. */
export interface Expected {
  received: number;
  screened: number;
  accepted: number;
  declined: number;
  reachedOnSale: number;
  cumulativeScreened: number;
  onSale: number;
  salesPlanned: number;
  inPrototype: number;
  patentsFiled: number;
  patentsGranted: number;
  salesYen: number;
  cumulativeSalesYen: number;
}

export function expectedFor(plan: PlannedProposal[], fy: number): Expected {
  const first = (p: PlannedProposal, stages: string[]) => p.steps.find((s) => stages.includes(s.to))?.at ?? null;
  const inYear = (at: string | null) => at !== null && fyOf(at) === fy;
  const byEnd = (at: string | null) => at !== null && fyOf(at) <= fy;
  const stageAtEnd = (p: PlannedProposal) => [...p.steps].reverse().find((s) => fyOf(s.at) <= fy)?.to ?? 'received';
  const outcomes = plan.flatMap((p) => p.outcomes);
  const saleFy = (o: PlannedOutcome) => o.fiscalYear ?? fyOf(o.occurredOn);
  return {
    received: plan.filter((p) => fyOf(p.broughtInOn) === fy).length,
    screened: plan.filter((p) => inYear(first(p, ['accepted', 'declined']))).length,
    accepted: plan.filter((p) => inYear(first(p, ['accepted']))).length,
    declined: plan.filter((p) => inYear(first(p, ['declined']))).length,
    reachedOnSale: plan.filter((p) => inYear(first(p, ['on_sale']))).length,
    cumulativeScreened: plan.filter((p) => byEnd(first(p, ['accepted', 'declined']))).length,
    onSale: plan.filter((p) => stageAtEnd(p) === 'on_sale').length,
    salesPlanned: plan.filter((p) => stageAtEnd(p) === 'sales_planned').length,
    inPrototype: plan.filter((p) => stageAtEnd(p) === 'prototyping').length,
    patentsFiled: outcomes.filter((o) => o.kind === 'patent_filed' && fyOf(o.occurredOn) === fy).length,
    patentsGranted: outcomes.filter((o) => o.kind === 'patent_granted' && fyOf(o.occurredOn) === fy).length,
    salesYen: outcomes.filter((o) => o.kind === 'sale' && saleFy(o) === fy).reduce((sum, o) => sum + o.amountYen!, 0),
    cumulativeSalesYen: outcomes.filter((o) => o.kind === 'sale' && saleFy(o) <= fy).reduce((sum, o) => sum + o.amountYen!, 0),
  };
}

/** Enters the plan through the API, a few proposals at a time. Returns the proposal ids in plan order. */
export async function loadHistory(
  h: Harness,
  plan: PlannedProposal[],
  parties: { companies: OrganizationV1[]; studyGroups: OrganizationV1[] },
  concurrency = 4,
): Promise<string[]> {
  const admin = api(h, h.tokens.admin);
  const ids: string[] = new Array(plan.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const i = next++;
      const p = plan[i]!;
      const proposer = p.studyGroup === null ? parties.companies[i % parties.companies.length]! : parties.studyGroups[p.studyGroup]!;
      const created = await admin.post('/v1/proposals', {
        title: { ja: `事業案 ${i + 1}` },
        summary: { ja: '表計算から移行した記録' },
        proposingOrganizationId: proposer.id,
        contactPersonId: h.registry.person().id,
        focusFields: p.focusFields,
        bureauCodes: [p.bureau],
        broughtInOn: p.broughtInOn,
        historical: true,
      });
      if (created.status !== 201) throw new Error(`proposal ${i}: ${created.status} ${JSON.stringify(created.body)}`);
      ids[i] = created.body.id;
      let version = created.body.version as number;
      for (const s of p.steps) {
        const moved = await admin
          .post(`/v1/proposals/${ids[i]}/transitions`, { to: s.to, reason: '表計算からの移行', effectiveAt: s.at, historical: true })
          .set('if-match', `"${version}"`);
        if (moved.status !== 201) throw new Error(`proposal ${i} -> ${s.to}: ${moved.status} ${JSON.stringify(moved.body)}`);
        version = moved.body.proposal.version;
      }
      for (const o of p.outcomes) {
        const recorded = await admin.post(`/v1/proposals/${ids[i]}/outcomes`, { summary: `${o.kind} ${i + 1}`, ...o, historical: true });
        if (recorded.status !== 201) throw new Error(`proposal ${i} outcome: ${recorded.status} ${JSON.stringify(recorded.body)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return ids;
}
