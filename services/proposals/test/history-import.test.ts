import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { api, bringIn, startHarness, type Harness } from './support/harness.js';

/**
 * The CSV import of proposal history (issue 16, item 4): one row per act, proposals keyed by their old
 * reference number; a dry run reports every problem by line and column; a commit is all or nothing; UTF-8
 * (with or without BOM) and Shift_JIS; everything historical (events included, so nothing is mailed); counted
 * in the KPI report by effective dates; one request for the whole file, whatever the per-person write limit.
 */
const HEADER = [
  'legacy_ref',
  'record',
  'date',
  'time',
  'stage',
  'reason',
  'title_ja',
  'summary_ja',
  'proposing_organization_id',
  'contact_person_id',
  'coordinator_id',
  'focus_fields',
  'outcome_kind',
  'outcome_summary',
  'amount_yen',
  'jobs_created',
  'tenancy_id',
];
type Cells = Partial<Record<(typeof HEADER)[number], string | number>>;

const csvLine = (cells: Cells) =>
  HEADER.map((c) => {
    const v = String(cells[c] ?? '');
    return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }).join(',');
const csv = (rows: Cells[], header = HEADER.join(',')) => [header, ...rows.map(csvLine)].join('\r\n') + '\r\n';
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('history import', () => {
  let h: Harness;
  // Two writes a minute per person: the whole file is one request (each test uses its own coordinator).
  beforeAll(async () => {
    h = await startHarness({ env: { WRITE_RATE_LIMIT_PER_MINUTE: '2' } });
  });
  afterAll(async () => h?.close());

  const coordinator = () => h.token(['coordinator'], h.registry.person().id);
  const send = (token: string, body: Buffer | string, query = 'dryRun=true', type = 'text/csv') =>
    request(h.svc.http).post(`/v1/proposals/import?${query}`).set('authorization', `Bearer ${token}`).set('content-type', type).send(body);

  /** A proposal's history as rows: brought in, screened and accepted or declined, with outcomes when accepted. */
  const history = (legacyRef: string, options: { accepted: boolean; year: number; title?: string }): Cells[] => {
    const org = h.registry.organization('company');
    const person = h.registry.person();
    const y = options.year;
    const rows: Cells[] = [
      {
        legacy_ref: legacyRef,
        record: 'brought_in',
        date: `${y}/5/10`,
        title_ja: options.title ?? `昆布仮根の食品素材 ${legacyRef}`,
        summary_ja: '昆布の仮根から食品素材を試作する。',
        proposing_organization_id: org.id,
        contact_person_id: person.id,
        focus_fields: 'food;bio',
      },
      { legacy_ref: legacyRef, record: 'stage', date: `${y}-06-01`, stage: 'pre_screening' },
      { legacy_ref: legacyRef, record: 'stage', date: `${y}-07-01`, time: '10:00', stage: 'screening', reason: '書類が揃った' },
      {
        legacy_ref: legacyRef,
        record: 'stage',
        date: `${y}-09-15`,
        stage: options.accepted ? 'accepted' : 'declined',
        reason: '審査委員会',
      },
    ];
    if (options.accepted) {
      rows.push(
        { legacy_ref: legacyRef, record: 'stage', date: `${y}-10-01`, stage: 'team_formed' },
        {
          legacy_ref: legacyRef,
          record: 'outcome',
          date: `${y + 1}-02-01`,
          outcome_kind: 'startup_founded',
          outcome_summary: '株式会社昆布',
        },
        {
          legacy_ref: legacyRef,
          record: 'outcome',
          date: `${y + 1}-02-01`,
          outcome_kind: 'jobs_created',
          outcome_summary: '新規雇用',
          jobs_created: 7,
        },
        {
          legacy_ref: legacyRef,
          record: 'outcome',
          date: `${y}-12-01`,
          outcome_kind: 'sale',
          outcome_summary: '初売上',
          amount_yen: '1,200,000',
        },
        {
          legacy_ref: legacyRef,
          record: 'outcome',
          date: `${y}-11-20`,
          outcome_kind: 'award',
          outcome_summary: 'グッドデザイン賞',
          tenancy_id: uuidv7(),
        },
      );
    }
    return rows;
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await h.dataSource.query(sql, params))[0].n);

  it('a dry run of a good file reports the counts and writes nothing', async () => {
    const before = await count(`SELECT count(*) AS n FROM proposals`);
    const file = Buffer.concat([
      BOM,
      Buffer.from(csv([...history('旧-0001', { accepted: true, year: 2001 }), ...history('旧-0002', { accepted: false, year: 2001 })])),
    ]);
    const res = await send(await coordinator(), file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      dryRun: true,
      encoding: 'utf-8-bom',
      rows: 13,
      valid: 13,
      invalid: 0,
      proposals: 2,
      transitions: 7,
      outcomes: 4,
      errors: [],
    });
    expect(res.body.created).toBeUndefined();
    expect(await count(`SELECT count(*) AS n FROM proposals`)).toBe(before);
  });

  it('reports every problem by line and column, and a commit of a bad file writes nothing (422)', async () => {
    const taken = await bringIn(h, { token: h.tokens.admin });
    await h.dataSource.query(`UPDATE proposals SET legacy_reference = '旧-TAKEN' WHERE id = $1`, [taken.id]);
    const good = history('旧-0100', { accepted: true, year: 2002 });
    const rows: Cells[] = [
      ...good.slice(0, 2), // line 2, 3
      { legacy_ref: '旧-0100', record: 'stage', date: '2002-06-20', stage: 'accepted' }, // 4: not allowed from pre_screening
      { legacy_ref: '旧-0100', record: 'stage', date: '2002-05-20', stage: 'team_formed' }, // 5: before the previous change
      { legacy_ref: '旧-0100', record: 'outcome', date: '2002-13-01', outcome_kind: 'sale', outcome_summary: 'x', amount_yen: '12万' }, // 6
      { legacy_ref: '旧-0100', record: 'outcome', date: '2002-12-01', outcome_kind: 'prototype', outcome_summary: '試作', jobs_created: 3 }, // 7
      { legacy_ref: '旧-0100', record: 'outcome', date: '2002-12-01', outcome_kind: 'award', outcome_summary: '賞', tenancy_id: 'room-3' }, // 8
      { legacy_ref: '旧-0200', record: 'stage', date: '2002-06-01', stage: 'pre_screening' }, // 9: never brought in
      {
        legacy_ref: '旧-0300',
        record: 'brought_in',
        date: '2002-05-01',
        title_ja: '題',
        summary_ja: '概要',
        proposing_organization_id: uuidv7(),
        contact_person_id: uuidv7(),
        focus_fields: 'food',
        stage: 'received',
      }, // 10: unknown organisation and person, a stage cell on a brought_in row
      { legacy_ref: '旧-0400', record: 'outcome', date: '2002-05-01', outcome_kind: 'jobs_created', outcome_summary: '雇用' }, // 11: no brought_in, no count
      { ...history('旧-TAKEN', { accepted: false, year: 2002 })[0] }, // 12: already imported
      { legacy_ref: '', record: 'moved', date: '2099-01-01' }, // 13
      { legacy_ref: '旧-0500', record: 'brought_in', date: '2026-11-28', title_ja: '題', summary_ja: '概要' }, // 14: today; no proposer
    ];
    const token = await coordinator();
    const dry = await send(token, csv(rows));
    expect(dry.status).toBe(200);
    const at = (line: number) =>
      (dry.body.errors as { line: number; field: string; message: string }[])
        .filter((e) => e.line === line)
        .map((e) => e.field)
        .sort();
    expect(dry.body).toMatchObject({ rows: 13, invalid: 11, valid: 2 });
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([]);
    expect(at(4)).toEqual(['stage']);
    expect(dry.body.errors.find((e: { line: number }) => e.line === 4).message).toMatch(/pre_screening -> accepted \(allowed: .*screening/);
    expect(at(5)).toEqual(['date']);
    expect(at(6)).toEqual(['amount_yen', 'date']);
    expect(at(7)).toEqual(['jobs_created']);
    expect(at(8)).toEqual(['tenancy_id']);
    expect(at(9)).toEqual(['record']);
    expect(at(10)).toEqual(['contact_person_id', 'proposing_organization_id', 'stage']);
    expect(at(11)).toEqual(['jobs_created', 'record']);
    expect(at(12)).toEqual(['legacy_ref']);
    expect(at(13)).toEqual(['date', 'legacy_ref', 'record']);
    expect(at(14)).toEqual(['contact_person_id', 'date', 'proposing_organization_id']);

    const before = await count(`SELECT count(*) AS n FROM proposals`);
    const outboxBefore = await count(`SELECT count(*) AS n FROM outbox`);
    const commit = await send(token, csv(rows), 'dryRun=false');
    expect(commit.status).toBe(422);
    expect(commit.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(commit.body).toMatchObject({ code: 'PROPOSALS.IMPORT_INVALID', report: { invalid: 11 } });
    expect(commit.body.errors).toContainEqual({ field: 'line 4: stage', message: expect.stringContaining('does not allow') });
    expect([await count(`SELECT count(*) AS n FROM proposals`), await count(`SELECT count(*) AS n FROM outbox`)]).toEqual([
      before,
      outboxBefore,
    ]);
  });

  it('a commit brings in every proposal with its history and outcomes, all historical, nothing to mail', async () => {
    const rows = [...history('旧-1001', { accepted: true, year: 2003 }), ...history('旧-1002', { accepted: false, year: 2003 })];
    const token = await coordinator();
    const res = await send(token, Buffer.concat([BOM, Buffer.from(csv(rows))]), 'dryRun=false');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ dryRun: false, invalid: 0, proposals: 2, transitions: 7, outcomes: 4, importId: expect.any(String) });
    const created = res.body.created as { legacyRef: string; id: string; referenceNumber: string }[];
    expect(created.map((c) => [c.legacyRef, c.referenceNumber])).toEqual([
      ['旧-1001', expect.stringMatching(/^P2003-\d{4}$/)],
      ['旧-1002', expect.stringMatching(/^P2003-\d{4}$/)],
    ]);

    const accepted = await api(h, h.tokens.viewer).get(`/v1/proposals/${created[0]!.id}`);
    expect(accepted.body).toMatchObject({
      legacyReference: '旧-1001',
      historical: true,
      broughtInOn: '2003-05-10',
      stage: { code: 'team_formed' },
    });
    expect(accepted.body.rubric).toMatchObject({ fiscalYear: expect.any(Number) });
    const found = await api(h, h.tokens.viewer).get(`/v1/proposals?q=${encodeURIComponent('旧-1002')}`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([created[1]!.id]);

    const transitions = await api(h, h.tokens.viewer).get(`/v1/proposals/${created[0]!.id}/transitions`);
    expect(
      transitions.body.items.map((t: { to: { code: string }; effectiveAt: string; historical: boolean; reason: string }) => [
        t.to.code,
        t.effectiveAt,
        t.historical,
      ]),
    ).toEqual([
      ['received', '2003-05-10T00:00:00.000+09:00', true],
      ['pre_screening', '2003-06-01T00:00:00.000+09:00', true],
      ['screening', '2003-07-01T10:00:00.000+09:00', true],
      ['accepted', '2003-09-15T00:00:00.000+09:00', true],
      ['team_formed', '2003-10-01T00:00:00.000+09:00', true],
    ]);
    const outcomes = await api(h, h.tokens.viewer).get(`/v1/proposals/${created[0]!.id}/outcomes`);
    expect(outcomes.body.items.map((o: { kind: string; historical: boolean }) => [o.kind, o.historical])).toEqual([
      ['award', true],
      ['sale', true],
      ['startup_founded', true],
      ['jobs_created', true],
    ]);
    expect(outcomes.body.items.find((o: { kind: string }) => o.kind === 'sale')).toMatchObject({ amountYen: 1_200_000, fiscalYear: 2003 });

    // The events: the same as the API's historical path, every one of them saying historical, so that
    // notifications mail nobody about the past (its rules skip `historical`).
    const events: { subject: string; envelope: { data: { historical?: boolean } } }[] = await h.dataSource.query(
      `SELECT subject, envelope FROM outbox WHERE aggregate_id = ANY($1::text[]) ORDER BY seq`,
      [created.map((c) => c.id)],
    );
    const bySubject = events.reduce<Record<string, number>>(
      (n, e) => ({ ...n, [e.subject.replace(/^.*proposals\.evt\./, '')]: (n[e.subject.replace(/^.*proposals\.evt\./, '')] ?? 0) + 1 }),
      {},
    );
    expect(bySubject).toEqual({
      'proposal.submitted.v1': 2,
      'proposal.advanced.v1': 7,
      'proposal.decided.v1': 2,
      'outcome.recorded.v1': 4,
    });
    expect(events.filter((e) => e.envelope.data.historical !== true)).toEqual([]);

    const run = await h.dataSource.query(
      `SELECT rows, proposals, transitions, outcomes, encoding, imported_by FROM history_imports WHERE id = $1`,
      [res.body.importId],
    );
    expect(run).toEqual([{ rows: 13, proposals: 2, transitions: 7, outcomes: 4, encoding: 'utf-8-bom', imported_by: expect.any(String) }]);

    // The same file again: every proposal is already there.
    const again = await send(await coordinator(), Buffer.concat([BOM, Buffer.from(csv(rows))]));
    expect(again.body.errors.filter((e: { field: string }) => e.field === 'legacy_ref')).toHaveLength(2);
  });

  it('counts in the KPI report by effective dates, start-ups and jobs included', async () => {
    const rows = [
      ...history('旧-KPI-1', { accepted: true, year: 1995 }),
      ...history('旧-KPI-2', { accepted: true, year: 1995 }),
      ...history('旧-KPI-3', { accepted: false, year: 1995 }),
    ];
    const res = await send(await coordinator(), csv(rows), 'dryRun=false');
    expect(res.status).toBe(200);
    const kpi = async (fy: number) => (await api(h, h.tokens.viewer).get(`/v1/reports/kpi?fiscalYear=${fy}`)).body.totals;
    // Brought in 1995-05-10 (FY1995), decided 1995-09-15, start-ups and jobs on 1996-02-01 (FY1995 still).
    expect(await kpi(1995)).toMatchObject({
      received: 3,
      screened: 3,
      accepted: 2,
      declined: 1,
      startupsFounded: 2,
      jobsCreated: 14,
      cumulativeStartupsFounded: 2,
      cumulativeJobsCreated: 14,
      salesYen: 2_400_000,
    });
    expect(await kpi(1996)).toMatchObject({
      received: 0,
      startupsFounded: 0,
      jobsCreated: 0,
      cumulativeStartupsFounded: 2,
      cumulativeJobsCreated: 14,
    });
    // The CSV has the same figures, in columns of their own.
    const text = (await api(h, h.tokens.viewer).get('/v1/reports/kpi?fiscalYear=1995&format=csv')).text.replace(/^\uFEFF/, '');
    const [header, total] = text.split('\r\n').map((l) => l.split(','));
    const cell = (name: string) => total![header!.indexOf(name)];
    expect(['startupsFounded', 'jobsCreated', 'cumulativeStartupsFounded', 'cumulativeJobsCreated'].map(cell)).toEqual([
      '2',
      '14',
      '2',
      '14',
    ]);
  });

  it('reads Shift_JIS (cp932) files, as Excel in Japan saves them', async () => {
    const rows = history('旧-SJIS-1', { accepted: false, year: 2004, title: '髙橋①の＜試作＞～' });
    const bytes = iconv.encode(csv(rows), 'cp932');
    const token = await coordinator();
    const res = await send(token, bytes, 'dryRun=false');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ encoding: 'shift_jis', invalid: 0, proposals: 1 });
    const p = await api(h, h.tokens.viewer).get(`/v1/proposals/${res.body.created[0].id}`);
    expect(p.body.title.ja).toBe('髙橋①の＜試作＞～');
  });

  it('a file of 150 proposals is one write, whatever the per-person write limit (2 a minute here)', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => history(`旧-BULK-${i}`, { accepted: i % 3 === 0, year: 1998 })).flat();
    const token = await coordinator();
    const res = await send(token, csv(rows), 'dryRun=false');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ proposals: 150, invalid: 0 });
    expect(await count(`SELECT count(*) AS n FROM proposals WHERE legacy_reference LIKE '旧-BULK-%'`)).toBe(150);
  });

  it('takes a file larger than the JSON body limit (HTTP_BODY_LIMIT_BYTES, 512 KB)', async () => {
    const [broughtIn] = history('旧-LARGE', { accepted: false, year: 2005 });
    // On hold and back, 320 times, each with a long reason: about 620 KB.
    const moves: Cells[] = Array.from({ length: 320 }, (_, i) => ({
      legacy_ref: '旧-LARGE',
      record: 'stage',
      date: '2005-06-01',
      stage: i % 2 === 0 ? 'on_hold' : 'received',
      reason: `${i} ${'理由'.repeat(320)}`,
    }));
    const file = csv([broughtIn!, ...moves]);
    expect(Buffer.byteLength(file)).toBeGreaterThan(600 * 1024);
    const res = await send(await coordinator(), file);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 321, invalid: 0, proposals: 1, transitions: 320 });
  });

  it('refuses unreadable files, bad headers, other media types and other roles', async () => {
    const token = await coordinator();
    const unknownColumn = await send(token, 'legacy_ref,record,date,colour\r\nA,stage,2002-01-01,red\r\n');
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body).toMatchObject({ code: 'PROPOSALS.CSV_UNREADABLE', errors: [{ field: 'colour' }] });
    const missing = await send(await coordinator(), 'legacy_ref,record\r\nA,stage\r\n');
    expect(missing.body.errors).toEqual([{ field: 'date', message: 'required column is missing' }]);
    const utf16 = await send(await coordinator(), Buffer.from([0xff, 0xfe, 0x41, 0x00]));
    expect([utf16.status, utf16.body.code]).toEqual([400, 'PROPOSALS.CSV_UNREADABLE']);
    const json = await request(h.svc.http)
      .post('/v1/proposals/import')
      .set('authorization', `Bearer ${await coordinator()}`)
      .send({ rows: [] });
    expect(json.status).toBe(415);
    const badQuery = await send(await coordinator(), csv([]), 'dryRun=maybe');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.errors).toContainEqual(expect.objectContaining({ field: 'dryRun' }));
    for (const roles of [['viewer'], ['advisor']] as const) {
      const res = await send(await h.token([...roles]), csv(history('旧-ROLE', { accepted: false, year: 2002 })));
      expect(res.status).toBe(403);
    }
  });
});
