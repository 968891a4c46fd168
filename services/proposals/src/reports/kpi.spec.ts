import { describe, expect, it } from '@jest/globals';
import { computeKpiReport, type KpiOutcome, type KpiProposal, type KpiTransition } from './kpi.js';
import type { StageKind } from '../programmes/pipeline.js';

let n = 0;
function proposal(broughtInOn: string, steps: [StageKind, string][], over: Partial<KpiProposal> = {}): KpiProposal {
  const transitions: KpiTransition[] = [{ toKind: 'intake', effectiveAt: new Date(`${broughtInOn}T00:00:00+09:00`), seq: 1 }];
  steps.forEach(([toKind, at], i) => transitions.push({ toKind, effectiveAt: new Date(at), seq: i + 2 }));
  return { id: `p${++n}`, broughtInOn, focusFields: ['food'], bureauCodes: ['ishikari'], studyGroupId: null, transitions, ...over };
}

describe('KPI report', () => {
  it('counts a decision at 2003-03-31 23:30 JST in FY2002 and one at 2003-04-01 00:30 JST in FY2003', () => {
    const late = proposal('2003-01-10', [['accepted', '2003-03-31T23:30:00+09:00']]);
    const early = proposal('2003-01-10', [['declined', '2003-04-01T00:30:00+09:00']]);
    const fy2002 = computeKpiReport({ proposals: [late, early], outcomes: [], fromFiscalYear: 2002, toFiscalYear: 2002 });
    const fy2003 = computeKpiReport({ proposals: [late, early], outcomes: [], fromFiscalYear: 2003, toFiscalYear: 2003 });
    expect([fy2002.totals.screened, fy2002.totals.accepted, fy2002.totals.declined]).toEqual([1, 1, 0]);
    expect([fy2003.totals.screened, fy2003.totals.accepted, fy2003.totals.declined]).toEqual([1, 0, 1]);
    expect(fy2003.totals.cumulativeScreened).toBe(2);
    expect(fy2002.totals.received).toBe(2);
    expect(fy2003.totals.received).toBe(0);
  });

  it('counts the stage each proposal stands in at the end of the period, and cumulative figures', () => {
    const onSale = proposal('2000-05-01', [
      ['accepted', '2000-09-01T10:00:00+09:00'],
      ['prototype', '2001-01-01T10:00:00+09:00'],
      ['sales_planned', '2001-06-01T10:00:00+09:00'],
      ['on_sale', '2002-06-01T10:00:00+09:00'],
    ]);
    const planned = proposal('2001-05-01', [
      ['accepted', '2001-09-01T10:00:00+09:00'],
      ['prototype', '2002-01-01T10:00:00+09:00'],
      ['sales_planned', '2002-10-01T10:00:00+09:00'],
    ]);
    const prototyping = proposal('2002-05-01', [
      ['accepted', '2002-09-01T10:00:00+09:00'],
      ['prototype', '2003-01-01T10:00:00+09:00'],
      ['on_sale', '2003-06-01T10:00:00+09:00'],
    ]);
    const r = computeKpiReport({ proposals: [onSale, planned, prototyping], outcomes: [], fromFiscalYear: 2002, toFiscalYear: 2002 });
    expect(r.totals).toMatchObject({
      received: 1,
      cumulativeReceived: 3,
      screened: 1,
      cumulativeScreened: 3,
      reachedPrototype: 1,
      reachedSalesPlanned: 1,
      reachedOnSale: 1,
      inPrototype: 1,
      salesPlanned: 1,
      onSale: 1,
      cumulativeReachedOnSale: 1,
    });
    const range = computeKpiReport({ proposals: [onSale, planned, prototyping], outcomes: [], fromFiscalYear: 2000, toFiscalYear: 2003 });
    expect(range.byFiscalYear.map((y) => [y.fiscalYear, y.counts.screened, y.counts.onSale])).toEqual([
      [2000, 1, 0],
      [2001, 1, 0],
      [2002, 1, 1],
      [2003, 0, 2],
    ]);
    expect(range.totals).toMatchObject({ received: 3, screened: 3, onSale: 2, salesPlanned: 1, reachedOnSale: 2 });
  });

  it('counts a proposal once however often it comes back to a stage', () => {
    const p = proposal('2002-05-01', [
      ['accepted', '2002-09-01T10:00:00+09:00'],
      ['paused', '2002-10-01T10:00:00+09:00'],
      ['accepted', '2002-11-01T10:00:00+09:00'],
    ]);
    expect(computeKpiReport({ proposals: [p], outcomes: [], fromFiscalYear: 2002, toFiscalYear: 2002 }).totals).toMatchObject({
      screened: 1,
      accepted: 1,
    });
  });

  it('sums sales by the fiscal year they are booked in, and counts patents by their dates', () => {
    const p = proposal('2001-05-01', []);
    const outcomes: KpiOutcome[] = [
      { proposalId: p.id, kind: 'sale', occurredOn: '2002-03-31', fiscalYear: 2001, amountYen: 1_000_000 },
      { proposalId: p.id, kind: 'sale', occurredOn: '2002-04-30', fiscalYear: 2002, amountYen: 2_500_000 },
      { proposalId: p.id, kind: 'sale', occurredOn: '2003-05-01', fiscalYear: 2003, amountYen: 9_000_000 },
      { proposalId: p.id, kind: 'patent_filed', occurredOn: '2003-03-31', fiscalYear: null, amountYen: null },
      { proposalId: p.id, kind: 'patent_granted', occurredOn: '2003-04-01', fiscalYear: null, amountYen: null },
      { proposalId: 'unknown', kind: 'sale', occurredOn: '2002-04-30', fiscalYear: 2002, amountYen: 7 },
    ];
    const r = computeKpiReport({ proposals: [p], outcomes, fromFiscalYear: 2002, toFiscalYear: 2002 });
    expect(r.totals).toMatchObject({
      salesYen: 2_500_000,
      cumulativeSalesYen: 3_500_000,
      patentsFiled: 1,
      patentsGranted: 0,
      cumulativePatentsFiled: 1,
      cumulativePatentsGranted: 0,
    });
  });

  it('counts start-ups founded and jobs created (their sum) by the fiscal year of the day, and cumulatively', () => {
    const p = proposal('2001-05-01', [['accepted', '2001-09-01T10:00:00+09:00']], { focusFields: ['food'] });
    const outcomes: KpiOutcome[] = [
      { proposalId: p.id, kind: 'startup_founded', occurredOn: '2002-03-31', fiscalYear: null, amountYen: null },
      { proposalId: p.id, kind: 'startup_founded', occurredOn: '2002-04-01', fiscalYear: null, amountYen: null },
      { proposalId: p.id, kind: 'jobs_created', occurredOn: '2002-03-31', fiscalYear: null, amountYen: null, jobsCreated: 5 },
      { proposalId: p.id, kind: 'jobs_created', occurredOn: '2002-06-01', fiscalYear: null, amountYen: null, jobsCreated: 7 },
      { proposalId: p.id, kind: 'jobs_created', occurredOn: '2003-06-01', fiscalYear: null, amountYen: null, jobsCreated: 100 },
      { proposalId: p.id, kind: 'award', occurredOn: '2002-06-01', fiscalYear: null, amountYen: null },
    ];
    const r = computeKpiReport({ proposals: [p], outcomes, fromFiscalYear: 2001, toFiscalYear: 2002 });
    expect(
      r.byFiscalYear.map((y) => [
        y.fiscalYear,
        y.counts.startupsFounded,
        y.counts.jobsCreated,
        y.counts.cumulativeStartupsFounded,
        y.counts.cumulativeJobsCreated,
      ]),
    ).toEqual([
      [2001, 1, 5, 1, 5],
      [2002, 1, 7, 2, 12],
    ]);
    expect(r.totals).toMatchObject({ startupsFounded: 2, jobsCreated: 12, cumulativeJobsCreated: 12 });
    expect(r.byFocusField[0]!.counts).toMatchObject({ startupsFounded: 2, jobsCreated: 12 });
  });

  it('breaks down by focus field, bureau and study group (a proposal counts under each of its fields)', () => {
    const a = proposal('2002-05-01', [['accepted', '2002-09-01T10:00:00+09:00']], {
      focusFields: ['food', 'bio'],
      bureauCodes: ['tokachi'],
      studyGroupId: 'sg1',
    });
    const b = proposal('2002-05-01', [['declined', '2002-09-01T10:00:00+09:00']], {
      focusFields: ['food'],
      bureauCodes: [],
      studyGroupId: null,
    });
    const r = computeKpiReport({ proposals: [a, b], outcomes: [], fromFiscalYear: 2002, toFiscalYear: 2002 });
    expect(r.byFocusField.map((row) => [row.key, row.counts.screened, row.counts.accepted])).toEqual([
      ['bio', 1, 1],
      ['food', 2, 1],
    ]);
    expect(r.byBureau.map((row) => [row.key, row.counts.screened])).toEqual([
      ['tokachi', 1],
      [null, 1],
    ]);
    expect(r.byStudyGroup.map((row) => [row.key, row.counts.declined])).toEqual([
      ['sg1', 0],
      [null, 1],
    ]);
  });
});
