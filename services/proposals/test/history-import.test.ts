import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OverdueReviewsDigestV1, ReviewDueSoonV1, ReviewerAssignedV1, ReviewOverdueV1 } from '@collabo/contracts';
import { readEvents } from '@collabo/service-kit/testing';
import iconv from 'iconv-lite';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { ReviewRemindersJob } from '../src/reviews/review-reminders.job.js';
import { api, bringIn, startHarness, type Harness } from './support/harness.js';

/**
 * The CSV import of proposal history (issue 16, item 4): one row per act, proposals keyed by their old
 * reference number; a dry run reports every problem by line and column; a commit is all or nothing; UTF-8
 * (with or without BOM) and Shift_JIS; everything historical (events included, so nothing is mailed); counted
 * in the KPI report by effective dates; one request for the whole file, whatever the per-person write limit.
 * Review assignments still open (`review_assigned`) become ordinary assignments, overdue ones included, which the
 * reminder job reminds (its interval is 0 here: the test runs its pass). The harness clock stands on Saturday
 * 2026-11-28, 10:00 in Tokyo.
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
  'advisor_id',
  'due_on',
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
    h = await startHarness({
      env: {
        WRITE_RATE_LIMIT_PER_MINUTE: '2',
        REVIEW_REMINDER_INTERVAL_MS: '0',
        REVIEW_REMINDER_DAYS_BEFORE: '3',
        REVIEW_DIGEST_WEEKDAY: '1',
      },
    });
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

  it('brings over open review assignments, overdue ones too: checked like the API’s, not announced, then reminded once', async () => {
    const coordinatorId = h.registry.person().id;
    const org = h.registry.organization('company');
    const advisor = h.registry.advisor();
    const conflicted = h.registry.advisor({ org }); // works for the proposer
    const broughtIn: Cells = {
      legacy_ref: '旧-R08-1',
      record: 'brought_in',
      date: '2026-10-01',
      title_ja: '寒冷地向け小型除雪ロボットの試作',
      summary_ja: '小型の除雪ロボットを試作する。',
      proposing_organization_id: org.id,
      contact_person_id: h.registry.person().id,
      coordinator_id: coordinatorId,
      focus_fields: 'manufacturing',
    };
    const open: Cells[] = [
      broughtIn,
      { legacy_ref: '旧-R08-1', record: 'stage', date: '2026-10-08', stage: 'pre_screening' },
      { legacy_ref: '旧-R08-1', record: 'stage', date: '2026-11-09', stage: 'screening' },
      // assigned ten days ago, due three days ago: overdue
      { legacy_ref: '旧-R08-1', record: 'review_assigned', date: '2026/11/18', advisor_id: advisor.id, due_on: '2026/11/25' },
    ];
    const late = h.registry.advisor();
    const bad: Cells[] = [
      ...open, // lines 2-5
      { legacy_ref: '旧-R08-1', record: 'review_assigned', date: '2026-11-18', advisor_id: conflicted.id, due_on: '2026-11-25' }, // 6
      { legacy_ref: '旧-R08-1', record: 'review_assigned', date: '2026-11-18', advisor_id: uuidv7() }, // 7: unknown person
      { legacy_ref: '旧-R08-1', record: 'review_assigned', date: '2026-11-19', advisor_id: advisor.id, due_on: '2026-11-26' }, // 8: twice
      { legacy_ref: '旧-R08-1', record: 'review_assigned', date: '2026-11-19', advisor_id: late.id, due_on: '2026-11-18' }, // 9
      { legacy_ref: '旧-R08-1', record: 'stage', date: '2026-11-20', stage: 'on_hold', advisor_id: advisor.id }, // 10
    ];
    const dry = await send(await coordinator(), csv(bad));
    expect(dry.status).toBe(200);
    const errors = dry.body.errors as { line: number; field: string; message: string }[];
    expect(errors.map((e) => `${e.line} ${e.field}`)).toEqual([
      '5 record',
      '6 record',
      '6 advisor_id',
      '7 record',
      '7 advisor_id',
      '8 advisor_id',
      '9 due_on',
      '10 advisor_id',
    ]);
    const message = (line: number, field: string) => errors.find((e) => e.line === line && e.field === field)!.message;
    expect(message(5, 'record')).toMatch(/^旧-R08-1 ends in on_hold: reviews are assigned until the decision, and not while/);
    expect(message(6, 'advisor_id')).toBe(`conflict of interest: affiliated_with_proposer (${org.name})`);
    expect(message(7, 'advisor_id')).toBe('unknown person');
    expect(message(8, 'advisor_id')).toBe('the advisor is assigned to review 旧-R08-1 already (line 5)');
    expect(message(9, 'due_on')).toBe('due_on is before the day it was assigned (2026-11-19)');
    expect(message(10, 'advisor_id')).toBe('advisor_id belongs on a review_assigned row');

    const token = await coordinator();
    const outboxBefore = await count(`SELECT count(*) AS n FROM outbox`);
    expect((await send(token, csv(bad), 'dryRun=false')).status).toBe(422);
    expect(await count(`SELECT count(*) AS n FROM review_assignments`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM outbox`)).toBe(outboxBefore);

    const res = await send(token, csv(open), 'dryRun=false');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ invalid: 0, proposals: 1, transitions: 2, outcomes: 0, assignments: 1 });
    const proposalId = res.body.created[0].id as string;
    const listed = await api(h, h.tokens.admin).get(`/v1/proposals/${proposalId}/assignments`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        advisorId: advisor.id,
        status: 'assigned',
        dueOn: '2026-11-25',
        assignedAt: '2026-11-18T00:00:00.000+09:00',
        conflicts: [],
        version: 1,
      }),
    ]);
    const assignmentId = listed.body.items[0].id as string;
    // The advisor sees the proposal (an open assignment) and may write the review.
    expect((await api(h, await h.token(['advisor'], advisor.id)).get(`/v1/proposals/${proposalId}`)).status).toBe(200);
    expect((await h.dataSource.query(`SELECT assignments FROM history_imports WHERE id = $1`, [res.body.importId])) as unknown[]).toEqual([
      { assignments: 1 },
    ]);
    // No "you have been assigned" for an assignment made in the spreadsheet era: only the proposal's historical events.
    const events: { subject: string; historical: boolean }[] = await h.dataSource.query(
      `SELECT subject, (envelope->'data'->>'historical')::boolean AS historical FROM outbox WHERE aggregate_id = $1`,
      [proposalId],
    );
    expect(events.filter((e) => !/proposals\.evt\.proposal\.(submitted|advanced)\.v1$/.test(e.subject) || !e.historical)).toEqual([]);
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE subject LIKE $1`, [`%${ReviewerAssignedV1.subject}`])).toBe(0);

    // One pass of the reminder job: the overdue reminder for it, and the coordinator's digest (Saturday, after Monday).
    const job = h.svc.app.get(ReviewRemindersJob);
    expect(await job.runOnce()).toBe(2);
    const overdue = (await readEvents<ReviewOverdueV1.Data>(h.nc, h.prefix, ReviewOverdueV1.subject, 1)).envelopes.map((e) => e.data);
    expect(overdue).toEqual([
      expect.objectContaining({
        assignmentId,
        advisorId: advisor.id,
        dueOn: '2026-11-25',
        daysOverdue: 3,
        proposal: expect.objectContaining({ proposalId, coordinatorId }),
      }),
    ]);
    const digest = (await readEvents<OverdueReviewsDigestV1.Data>(h.nc, h.prefix, OverdueReviewsDigestV1.subject, 1)).envelopes[0]!.data;
    expect(digest).toMatchObject({ coordinatorId, weekOf: '2026-11-23' });
    expect(digest.reviews).toEqual([
      expect.objectContaining({ assignmentId, proposalId, advisorId: advisor.id, dueOn: '2026-11-25', daysOverdue: 3 }),
    ]);
    // Exactly once: a second pass publishes nothing more.
    expect(await job.runOnce()).toBe(0);
    const reminders = async (subject: string) => count(`SELECT count(*) AS n FROM outbox WHERE subject LIKE $1`, [`%${subject}`]);
    expect([
      await reminders(ReviewDueSoonV1.subject),
      await reminders(ReviewOverdueV1.subject),
      await reminders(OverdueReviewsDigestV1.subject),
    ]).toEqual([0, 1, 1]);
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
