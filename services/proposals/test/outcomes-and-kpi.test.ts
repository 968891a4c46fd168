import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OutcomeRecordedV1 } from '@collabo/contracts';
import { readEvents } from '@collabo/service-kit/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { tokyoToday } from './support/dates.js';
import { api, bringIn, move, startHarness, type Harness } from './support/harness.js';
import { STUDY_GROUPS, expectedFor, fyOf, loadHistory, planHistory, type PlannedProposal } from './support/history.js';

describe('outcomes', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const record = (id: string, body: object, token = h.tokens.coordinator) => api(h, token).post(`/v1/proposals/${id}/outcomes`, body);

  it('records prototypes, sales in yen with their fiscal year, patents and awards, and publishes each', async () => {
    const p = await bringIn(h);
    const sale = await record(p.id, { kind: 'sale', summary: '道内スーパーで販売開始', occurredOn: '2003-03-31', amountYen: 12_500_000 });
    expect(sale.status).toBe(201);
    expect(sale.body).toMatchObject({
      kind: 'sale',
      amountYen: 12_500_000,
      fiscalYear: 2002,
      patentNumber: null,
      recordedBy: h.ids.coordinator,
    });
    const booked = await record(p.id, {
      kind: 'sale',
      summary: '3月分の売上',
      occurredOn: '2003-04-10',
      amountYen: 800_000,
      fiscalYear: 2002,
    });
    expect(booked.body.fiscalYear).toBe(2002);
    const filed = await record(p.id, {
      kind: 'patent_filed',
      summary: 'コンブ仮根から成る食品素材',
      occurredOn: '2002-09-01',
      patentNumber: '特願2002-123456',
    });
    expect(filed.body).toMatchObject({ patentNumber: '特願2002-123456', amountYen: null, fiscalYear: null });
    expect((await record(p.id, { kind: 'patent_granted', summary: '特許取得', occurredOn: '2004-02-01' })).status).toBe(201);
    expect((await record(p.id, { kind: 'award', summary: 'グッドデザイン賞', occurredOn: '2002-10-01' })).status).toBe(201);
    expect((await record(p.id, { kind: 'prototype', summary: '試作品第一号', occurredOn: '2002-06-01' })).status).toBe(201);

    const list = await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/outcomes`);
    expect(list.body.items.map((o: { kind: string }) => o.kind)).toEqual([
      'prototype',
      'patent_filed',
      'award',
      'sale',
      'sale',
      'patent_granted',
    ]);
    const { envelopes } = await readEvents<OutcomeRecordedV1.Data>(h.nc, h.prefix, OutcomeRecordedV1.subject, 6);
    expect(envelopes.find((e) => e.data.outcomeId === sale.body.id)?.data).toMatchObject({
      kind: 'sale',
      summary: '道内スーパーで販売開始',
      amountYen: 12_500_000,
      fiscalYear: 2002,
      occurredOn: '2003-03-31',
      patentNumber: null,
      proposal: { proposalId: p.id },
    });
    expect(envelopes.find((e) => e.data.outcomeId === filed.body.id)?.data).toMatchObject({
      kind: 'patent_filed',
      occurredOn: '2002-09-01',
      patentNumber: '特願2002-123456',
    });
  });

  it('records start-ups founded, jobs created (a count) and awards naming their tenancy, in the record and the event', async () => {
    const p = await bringIn(h);
    const tenancyId = uuidv7();
    const startup = await record(p.id, { kind: 'startup_founded', summary: '株式会社こんぶ創業', occurredOn: '2003-02-01' });
    expect(startup.body).toMatchObject({ kind: 'startup_founded', jobsCreated: null, tenancyId: null, amountYen: null });
    const jobs = await record(p.id, { kind: 'jobs_created', summary: '製造ラインの新規雇用', occurredOn: '2003-03-01', jobsCreated: 12 });
    expect([jobs.status, jobs.body.jobsCreated]).toEqual([201, 12]);
    const award = await record(p.id, { kind: 'award', summary: 'グッドデザイン賞', occurredOn: '2003-01-15', tenancyId });
    expect([award.status, award.body.tenancyId]).toEqual([201, tenancyId]);
    const total = (await h.dataSource.query('SELECT count(*)::int AS n FROM outcomes'))[0].n as number;
    const { envelopes } = await readEvents<OutcomeRecordedV1.Data>(h.nc, h.prefix, OutcomeRecordedV1.subject, total);
    const data = (id: string) => envelopes.find((e) => e.data.outcomeId === id)?.data;
    expect(data(jobs.body.id)).toMatchObject({ kind: 'jobs_created', jobsCreated: 12, tenancyId: null, occurredOn: '2003-03-01' });
    expect(data(award.body.id)).toMatchObject({ kind: 'award', tenancyId, jobsCreated: null });
    expect(data(startup.body.id)).toMatchObject({ kind: 'startup_founded' });
  });

  it('refuses what does not fit the kind, odd amounts and dates in the future, naming the field', async () => {
    const p = await bringIn(h);
    const cases: [object, string][] = [
      [{ kind: 'sale', summary: 'x', occurredOn: '2002-05-01' }, 'amountYen'],
      [{ kind: 'award', summary: 'x', occurredOn: '2002-05-01', amountYen: 5 }, 'amountYen'],
      [{ kind: 'patent_filed', summary: 'x', occurredOn: '2002-05-01', fiscalYear: 2002 }, 'fiscalYear'],
      [{ kind: 'award', summary: 'x', occurredOn: '2002-05-01', patentNumber: '1' }, 'patentNumber'],
      [{ kind: 'sale', summary: 'x', occurredOn: '2002-05-01', amountYen: -1 }, 'amountYen'],
      [{ kind: 'sale', summary: 'x', occurredOn: '2002-05-01', amountYen: 10.5 }, 'amountYen'],
      [{ kind: 'sale', summary: 'x', occurredOn: '2002-05-01', amountYen: '1000' }, 'amountYen'],
      [{ kind: 'sale', summary: 'x', occurredOn: '2999-05-01', amountYen: 1 }, 'occurredOn'],
      [{ kind: 'sale', summary: 'x', occurredOn: '2002-02-30', amountYen: 1 }, 'occurredOn'],
      [{ kind: 'income', summary: 'x', occurredOn: '2002-05-01' }, 'kind'],
      [{ kind: 'award', summary: ' ', occurredOn: '2002-05-01' }, 'summary'],
      [{ kind: 'award', summary: 'x'.repeat(501), occurredOn: '2002-05-01' }, 'summary'],
      [{ kind: 'jobs_created', summary: 'x', occurredOn: '2002-05-01' }, 'jobsCreated'],
      [{ kind: 'jobs_created', summary: 'x', occurredOn: '2002-05-01', jobsCreated: 0 }, 'jobsCreated'],
      [{ kind: 'jobs_created', summary: 'x', occurredOn: '2002-05-01', jobsCreated: 2.5 }, 'jobsCreated'],
      [{ kind: 'startup_founded', summary: 'x', occurredOn: '2002-05-01', jobsCreated: 3 }, 'jobsCreated'],
      [{ kind: 'startup_founded', summary: 'x', occurredOn: '2002-05-01', tenancyId: uuidv7() }, 'tenancyId'],
      [{ kind: 'award', summary: 'x', occurredOn: '2002-05-01', tenancyId: 'room-301' }, 'tenancyId'],
    ];
    for (const [body, field] of cases) {
      const res = await record(p.id, body);
      expect([field, res.status, res.body.errors?.[0]?.field]).toEqual([field, 400, field]);
    }
    expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/outcomes`)).body.total).toBe(0);
  });

  it('marks outcomes brought over from old records as historical, in the record and in the event, dated before today', async () => {
    const p = await bringIn(h);
    const old = await record(p.id, { kind: 'award', summary: '北海道新技術・新製品開発賞', occurredOn: '2001-11-20', historical: true });
    expect([old.status, old.body.historical]).toEqual([201, true]);
    const fresh = await record(p.id, { kind: 'award', summary: '本日の受賞', occurredOn: tokyoToday(h.clock.now()) });
    expect([fresh.status, fresh.body.historical]).toEqual([201, false]);
    const today = await record(p.id, { kind: 'award', summary: 'x', occurredOn: tokyoToday(h.clock.now()), historical: true });
    expect([today.status, today.body.errors?.[0]?.field]).toEqual([400, 'occurredOn']);
    expect((await record(p.id, { kind: 'award', summary: 'x', occurredOn: '2001-11-20', historical: 'yes' })).status).toBe(400);
    const total = (await h.dataSource.query('SELECT count(*)::int AS n FROM outcomes'))[0].n as number;
    const { envelopes } = await readEvents<OutcomeRecordedV1.Data>(h.nc, h.prefix, OutcomeRecordedV1.subject, total);
    expect(envelopes.find((e) => e.data.outcomeId === old.body.id)?.data.historical).toBe(true);
    expect(envelopes.find((e) => e.data.outcomeId === fresh.body.id)?.data.historical).toBe(false);
  });

  it('lets only admins and coordinators record, and answers 404 for an unknown proposal', async () => {
    const p = await bringIn(h);
    const body = { kind: 'award', summary: 'x', occurredOn: '2002-05-01' };
    expect((await record(p.id, body, h.tokens.viewer)).status).toBe(403);
    expect((await record(p.id, body, await h.token(['advisor']))).status).toBe(403);
    expect((await record(uuidv7(), body)).status).toBe(404);
    expect((await record(p.id, body, h.tokens.admin)).status).toBe(201);
  });
});

describe('the KPI report', () => {
  let h: Harness;
  let plan: PlannedProposal[];
  let studyGroups: string[];

  beforeAll(async () => {
    h = await startHarness();
    plan = planHistory();
    const companies = Array.from({ length: 10 }, () => h.registry.organization('company'));
    const groups = Array.from({ length: STUDY_GROUPS }, () => h.registry.organization('study_group'));
    studyGroups = groups.map((g) => g.id);
    await loadHistory(h, plan, { companies, studyGroups: groups });
  }, 120_000);
  afterAll(async () => h?.close());

  /** The report on the generated history (the support track), unless the query names another programme. */
  const kpi = async (query: string, token = h.tokens.viewer) => {
    const res = await api(h, token).get(`/v1/reports/kpi?${query}${query.includes('programme=') ? '' : '&programme=support-track'}`);
    expect([query, res.status]).toEqual([query, 200]);
    return res.body;
  };
  const pick = (row: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k]]));

  it('was generated like the foundation’s history: 200 screened, 45 on sale and 20 planning sales by the end of FY2002', () => {
    const fy2002 = expectedFor(plan, 2002);
    expect([fy2002.cumulativeScreened, fy2002.onSale, fy2002.salesPlanned]).toEqual([200, 45, 20]);
  });

  it('says so for FY2002, and gives exactly the counts generated', async () => {
    const report = await kpi('fiscalYear=2002&programme=support-track');
    expect(report).toMatchObject({
      fromFiscalYear: 2002,
      toFiscalYear: 2002,
      programme: 'support-track',
      timezone: 'Asia/Tokyo',
      periodStart: '2002-04-01T00:00:00.000+09:00',
      periodEnd: '2003-04-01T00:00:00.000+09:00',
    });
    expect([report.totals.cumulativeScreened, report.totals.onSale, report.totals.salesPlanned]).toEqual([200, 45, 20]);
    const expected = expectedFor(plan, 2002);
    expect(pick(report.totals, Object.keys(expected))).toEqual(expected);
  });

  it('counts every fiscal year of a range by effective dates', async () => {
    const report = await kpi('fromFiscalYear=1998&toFiscalYear=2003');
    expect(report.byFiscalYear.map((y: { fiscalYear: number }) => y.fiscalYear)).toEqual([1998, 1999, 2000, 2001, 2002, 2003]);
    for (const year of report.byFiscalYear) {
      const expected = expectedFor(plan, year.fiscalYear);
      expect([year.fiscalYear, pick(year, Object.keys(expected))]).toEqual([year.fiscalYear, expected]);
    }
    // The range's own totals: flows summed over the years, stocks as at its end.
    const sum = (k: 'screened' | 'received' | 'salesYen') =>
      report.byFiscalYear.reduce((a: number, y: Record<string, number>) => a + y[k]!, 0);
    expect([report.totals.screened, report.totals.received, report.totals.salesYen]).toEqual([
      sum('screened'),
      sum('received'),
      sum('salesYen'),
    ]);
    expect(report.totals.onSale).toBe(report.byFiscalYear.at(-1).onSale);
  });

  it('puts a decision at 2003-03-31 23:30 JST in FY2002 and one at 2003-04-01 00:30 JST in FY2003', async () => {
    // On its own programme (a copy of the support track), so that nothing else counts.
    const {
      version: _v,
      note: _n,
      createdAt: _c,
      createdBy: _b,
      ...track
    } = (await api(h, h.tokens.viewer).get('/v1/programmes/support-track')).body;
    const rubric = {
      fiscalYear: 1990,
      minTotal: 60,
      minCriterionRatio: 0.3,
      criteria: [{ code: 'overall', label: { ja: '総合', en: 'Overall' }, maxPoints: 100 }],
    };
    expect((await api(h, h.tokens.admin).post('/v1/programmes', { ...track, code: 'boundary-check', rubric })).status).toBe(201);
    for (const [decision, at] of [
      ['accepted', '2003-03-31T23:30:00+09:00'],
      ['declined', '2003-04-01T00:30:00+09:00'],
    ]) {
      const p = await bringIn(h, {
        token: h.tokens.admin,
        body: { programmeCode: 'boundary-check', broughtInOn: '2003-01-15', historical: true },
      });
      await move(h, p, 'pre_screening', { effectiveAt: '2003-02-01T10:00:00+09:00', historical: true }, h.tokens.admin);
      await move(h, p, 'screening', { effectiveAt: '2003-03-01T10:00:00+09:00', historical: true }, h.tokens.admin);
      expect((await move(h, p, decision!, { effectiveAt: at, historical: true }, h.tokens.admin)).status).toBe(201);
    }
    const keys = ['received', 'screened', 'accepted', 'declined', 'cumulativeScreened'];
    expect(pick((await kpi('fiscalYear=2002&programme=boundary-check')).totals, keys)).toEqual({
      received: 2,
      screened: 1,
      accepted: 1,
      declined: 0,
      cumulativeScreened: 1,
    });
    expect(pick((await kpi('fiscalYear=2003&programme=boundary-check')).totals, keys)).toEqual({
      received: 0,
      screened: 1,
      accepted: 0,
      declined: 1,
      cumulativeScreened: 2,
    });
    // The generated history has the same two moments (as declines); its per-year counts above include them.
    expect(
      plan.filter((p) => p.steps.some((s) => s.at === '2003-03-31T23:30:00+09:00' || s.at === '2003-04-01T00:30:00+09:00')),
    ).toHaveLength(2);
  });

  it('breaks the figures down by focus field, bureau and study group', async () => {
    const report = await kpi('fiscalYear=2002');
    const keys = ['cumulativeScreened', 'screened', 'onSale', 'salesPlanned', 'received'];
    for (const row of report.byFocusField) {
      const expected = expectedFor(
        plan.filter((p) => p.focusFields.includes(row.focusField)),
        2002,
      );
      expect([row.focusField, pick(row, keys)]).toEqual([row.focusField, pick(expected as never, keys)]);
    }
    expect(report.byFocusField.find((r: { focusField: string }) => r.focusField === 'food').label).toEqual({ ja: '食', en: 'Food' });
    for (const row of report.byBureau) {
      const expected = expectedFor(
        plan.filter((p) => p.bureau === row.bureauCode),
        2002,
      );
      expect([row.bureauCode, pick(row, keys)]).toEqual([row.bureauCode, pick(expected as never, keys)]);
    }
    expect(report.byBureau.find((r: { bureauCode: string }) => r.bureauCode === 'tokachi').label.ja).toBe('十勝総合振興局');
    for (const row of report.byStudyGroup) {
      const index = row.studyGroupId === null ? null : studyGroups.indexOf(row.studyGroupId);
      const expected = expectedFor(
        plan.filter((p) => p.studyGroup === index),
        2002,
      );
      expect([row.studyGroupId, pick(row, keys)]).toEqual([row.studyGroupId, pick(expected as never, keys)]);
    }
    expect(report.byStudyGroup.at(-1).studyGroupId).toBeNull();
  });

  it('answers as CSV with the same figures', async () => {
    const res = await api(h, h.tokens.viewer).get('/v1/reports/kpi?fiscalYear=2002&programme=support-track&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="kpi-FY2002.csv"');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.slice(0, 6)).toEqual(['dimension', 'key', 'label_ja', 'label_en', 'from_fiscal_year', 'to_fiscal_year']);
    const total = Object.fromEntries(header.map((k, i) => [k, lines[1]!.split(',')[i]]));
    expect(pick(total, ['dimension', 'cumulativeScreened', 'onSale', 'salesPlanned'])).toEqual({
      dimension: 'total',
      cumulativeScreened: '200',
      onSale: '45',
      salesPlanned: '20',
    });
    expect(lines.some((l) => l.startsWith('focus_field,food,食,Food,2002,2002,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('bureau,tokachi,十勝総合振興局,Tokachi,'))).toBe(true);
    const byAccept = await api(h, h.tokens.viewer).get('/v1/reports/kpi?fromFiscalYear=2001&toFiscalYear=2002').set('accept', 'text/csv');
    expect([byAccept.headers['content-type'], byAccept.headers['content-disposition']]).toEqual([
      'text/csv; charset=utf-8',
      'attachment; filename="kpi-FY2001-FY2002.csv"',
    ]);
  });

  it('refuses a missing or inconsistent period and unknown formats, naming the field', async () => {
    for (const [query, field] of [
      ['', 'fiscalYear'],
      ['fiscalYear=2002&fromFiscalYear=2001', 'fiscalYear'],
      ['fromFiscalYear=2001', 'toFiscalYear'],
      ['fromFiscalYear=2003&toFiscalYear=2001', 'toFiscalYear'],
      ['fromFiscalYear=1990&toFiscalYear=2100', 'toFiscalYear'],
      ['fiscalYear=abc', 'fiscalYear'],
      ['fiscalYear=1989', 'fiscalYear'],
      ['fiscalYear=2002&format=xml', 'format'],
      ['fiscalYear=2002&programme=Bad!', 'programme'],
    ]) {
      const res = await api(h, h.tokens.viewer).get(`/v1/reports/kpi?${query}`);
      expect([query, res.status, res.body.errors?.[0]?.field]).toEqual([query, 400, field]);
    }
    const unknown = await api(h, h.tokens.viewer).get('/v1/reports/kpi?fiscalYear=2002&programme=no-such-programme');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'PROPOSALS.PROGRAMME_NOT_FOUND']);
  });

  it('is for admins, coordinators and viewers', async () => {
    expect((await request(h.svc.http).get('/v1/reports/kpi?fiscalYear=2002')).status).toBe(401);
    expect((await api(h, await h.token(['advisor'])).get('/v1/reports/kpi?fiscalYear=2002')).status).toBe(403);
    for (const token of [h.tokens.admin, h.tokens.coordinator])
      expect((await api(h, token).get('/v1/reports/kpi?fiscalYear=2002')).status).toBe(200);
  });

  it('counts proposals moved live (not only history) the same way', async () => {
    const thisYear = fyOf(tokyoToday(h.clock.now()));
    const before = (await kpi(`fiscalYear=${thisYear}`)).totals;
    const p = await bringIn(h);
    await move(h, p, 'pre_screening');
    await move(h, p, 'withdrawn');
    const after = (await kpi(`fiscalYear=${thisYear}`)).totals;
    expect([after.received - before.received, after.screened - before.screened]).toEqual([1, 0]);
  });
});
