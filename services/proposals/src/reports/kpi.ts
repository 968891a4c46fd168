import { fiscalYearEnd, fiscalYearOfDate, fiscalYearStart } from '@collabo/calendar';
import type { StageKind } from '../programmes/pipeline.js';

/**
 * The foundation's KPIs over a range of fiscal years. Everything counts by effective dates (when a change
 * took effect, not when it was typed in), by Tokyo calendar days, in Japanese fiscal years.
 *
 * Two kinds of figures:
 * - in the period: proposals received (by the date brought in), screened (first decision, accepted or
 *   declined), accepted, declined, reaching prototype / sales planned / on sale for the first time,
 *   patents filed and granted, sales in yen (by the fiscal year each sale is booked in), start-ups founded
 *   (起業) and jobs created (the sum of the counts recorded), by the day each was recorded as happening;
 * - at the end of the period: cumulative screened / accepted / reached on sale since the beginning, the
 *   proposals standing in prototype, sales planned and on sale at that moment, cumulative patents, sales,
 *   start-ups and jobs. "By the end of FY2002 about 200 screened, 45 on sale, 20 planning sales" reads
 *   `cumulativeScreened`, `onSale` and `salesPlanned` of FY2002.
 * A proposal counts once per figure, however often it went back and forth.
 */

export interface KpiTransition {
  toKind: StageKind;
  effectiveAt: Date;
  seq: number;
}

export interface KpiProposal {
  id: string;
  broughtInOn: string;
  focusFields: string[];
  bureauCodes: string[];
  studyGroupId: string | null;
  transitions: KpiTransition[];
}

export interface KpiOutcome {
  proposalId: string;
  kind: 'prototype' | 'sale' | 'patent_filed' | 'patent_granted' | 'award' | 'startup_founded' | 'jobs_created';
  occurredOn: string;
  /** For sales: the fiscal year the sale is booked in. */
  fiscalYear: number | null;
  amountYen: number | null;
  /** For jobs created: how many. */
  jobsCreated?: number | null;
}

export const KPI_FIELDS = [
  'received',
  'screened',
  'accepted',
  'declined',
  'reachedPrototype',
  'reachedSalesPlanned',
  'reachedOnSale',
  'patentsFiled',
  'patentsGranted',
  'salesYen',
  'cumulativeReceived',
  'cumulativeScreened',
  'cumulativeAccepted',
  'cumulativeReachedOnSale',
  'inPrototype',
  'salesPlanned',
  'onSale',
  'cumulativePatentsFiled',
  'cumulativePatentsGranted',
  'cumulativeSalesYen',
  'startupsFounded',
  'jobsCreated',
  'cumulativeStartupsFounded',
  'cumulativeJobsCreated',
] as const;
export type KpiField = (typeof KPI_FIELDS)[number];
export type KpiCounts = Record<KpiField, number>;

export interface KpiRow {
  key: string | null;
  counts: KpiCounts;
}

export interface KpiReport {
  fromFiscalYear: number;
  toFiscalYear: number;
  /** First instant of the range and the first instant after it (Asia/Tokyo midnights). */
  periodStart: Date;
  periodEnd: Date;
  totals: KpiCounts;
  byFiscalYear: { fiscalYear: number; counts: KpiCounts }[];
  byFocusField: KpiRow[];
  byBureau: KpiRow[];
  byStudyGroup: KpiRow[];
}

interface Milestones {
  proposal: KpiProposal;
  decision: Date | null;
  accepted: Date | null;
  declined: Date | null;
  prototype: Date | null;
  salesPlanned: Date | null;
  onSale: Date | null;
}

function milestones(p: KpiProposal): Milestones {
  const first = (pred: (k: StageKind) => boolean): Date | null => {
    let best: Date | null = null;
    for (const t of p.transitions) if (pred(t.toKind) && (best === null || t.effectiveAt < best)) best = t.effectiveAt;
    return best;
  };
  return {
    proposal: p,
    decision: first((k) => k === 'accepted' || k === 'declined'),
    accepted: first((k) => k === 'accepted'),
    declined: first((k) => k === 'declined'),
    prototype: first((k) => k === 'prototype'),
    salesPlanned: first((k) => k === 'sales_planned'),
    onSale: first((k) => k === 'on_sale'),
  };
}

/** The kind of stage a proposal stood in just before `at` (history is in effective-date order). */
function kindAt(p: KpiProposal, at: Date): StageKind | null {
  let kind: StageKind | null = null;
  let best: KpiTransition | null = null;
  for (const t of p.transitions) {
    if (t.effectiveAt >= at) continue;
    if (!best || t.effectiveAt > best.effectiveAt || (t.effectiveAt.getTime() === best.effectiveAt.getTime() && t.seq > best.seq)) {
      best = t;
      kind = t.toKind;
    }
  }
  return kind;
}

function zero(): KpiCounts {
  return Object.fromEntries(KPI_FIELDS.map((f) => [f, 0])) as KpiCounts;
}

function count(proposals: Milestones[], outcomes: KpiOutcome[], from: number, to: number): KpiCounts {
  const start = fiscalYearStart(from);
  const end = fiscalYearEnd(to);
  const within = (d: Date | null) => d !== null && d >= start && d < end;
  const before = (d: Date | null) => d !== null && d < end;
  const c = zero();
  for (const m of proposals) {
    const fy = fiscalYearOfDate(m.proposal.broughtInOn);
    if (fy >= from && fy <= to) c.received++;
    if (fy <= to) c.cumulativeReceived++;
    if (within(m.decision)) c.screened++;
    if (within(m.accepted)) c.accepted++;
    if (within(m.declined)) c.declined++;
    if (within(m.prototype)) c.reachedPrototype++;
    if (within(m.salesPlanned)) c.reachedSalesPlanned++;
    if (within(m.onSale)) c.reachedOnSale++;
    if (before(m.decision)) c.cumulativeScreened++;
    if (before(m.accepted)) c.cumulativeAccepted++;
    if (before(m.onSale)) c.cumulativeReachedOnSale++;
    const kind = kindAt(m.proposal, end);
    if (kind === 'prototype') c.inPrototype++;
    if (kind === 'sales_planned') c.salesPlanned++;
    if (kind === 'on_sale') c.onSale++;
  }
  for (const o of outcomes) {
    const fy = o.kind === 'sale' && o.fiscalYear !== null ? o.fiscalYear : fiscalYearOfDate(o.occurredOn);
    const inRange = fy >= from && fy <= to;
    const upTo = fy <= to;
    if (o.kind === 'patent_filed') {
      if (inRange) c.patentsFiled++;
      if (upTo) c.cumulativePatentsFiled++;
    } else if (o.kind === 'patent_granted') {
      if (inRange) c.patentsGranted++;
      if (upTo) c.cumulativePatentsGranted++;
    } else if (o.kind === 'sale') {
      if (inRange) c.salesYen += o.amountYen ?? 0;
      if (upTo) c.cumulativeSalesYen += o.amountYen ?? 0;
    } else if (o.kind === 'startup_founded') {
      if (inRange) c.startupsFounded++;
      if (upTo) c.cumulativeStartupsFounded++;
    } else if (o.kind === 'jobs_created') {
      if (inRange) c.jobsCreated += o.jobsCreated ?? 0;
      if (upTo) c.cumulativeJobsCreated += o.jobsCreated ?? 0;
    }
  }
  return c;
}

function breakdown(
  all: Milestones[],
  outcomes: KpiOutcome[],
  keysOf: (p: KpiProposal) => (string | null)[],
  from: number,
  to: number,
): KpiRow[] {
  const groups = new Map<string | null, Set<string>>();
  for (const m of all) {
    const keys = keysOf(m.proposal);
    for (const key of keys.length ? keys : [null]) {
      if (!groups.has(key)) groups.set(key, new Set());
      groups.get(key)!.add(m.proposal.id);
    }
  }
  const rows: KpiRow[] = [];
  for (const [key, ids] of groups) {
    rows.push({
      key,
      counts: count(
        all.filter((m) => ids.has(m.proposal.id)),
        outcomes.filter((o) => ids.has(o.proposalId)),
        from,
        to,
      ),
    });
  }
  // Named keys in order, the "none" group last.
  return rows.sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key)));
}

export function computeKpiReport(input: {
  proposals: KpiProposal[];
  outcomes: KpiOutcome[];
  fromFiscalYear: number;
  toFiscalYear: number;
}): KpiReport {
  const { fromFiscalYear: from, toFiscalYear: to } = input;
  if (from > to) throw new Error('fromFiscalYear after toFiscalYear');
  const all = input.proposals.map(milestones);
  const known = new Set(input.proposals.map((p) => p.id));
  const outcomes = input.outcomes.filter((o) => known.has(o.proposalId));
  const byFiscalYear = [];
  for (let fy = from; fy <= to; fy++) byFiscalYear.push({ fiscalYear: fy, counts: count(all, outcomes, fy, fy) });
  return {
    fromFiscalYear: from,
    toFiscalYear: to,
    periodStart: fiscalYearStart(from),
    periodEnd: fiscalYearEnd(to),
    totals: count(all, outcomes, from, to),
    byFiscalYear,
    byFocusField: breakdown(all, outcomes, (p) => p.focusFields, from, to),
    byBureau: breakdown(all, outcomes, (p) => p.bureauCodes, from, to),
    byStudyGroup: breakdown(all, outcomes, (p) => (p.studyGroupId ? [p.studyGroupId] : []), from, to),
  };
}
