import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { answerProblems, documentedAnswerOperations, openApiProblems, type OpenApiAnswerDocument } from '@collabo/service-kit/testing';
import request, { type Response } from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { GOOD_SCORES, api, bringIn, move, review, startHarness, type Harness } from './support/harness.js';

/**
 * The console's API types are generated from this service's OpenAPI document (apps/console/src/api/generated/proposals.ts),
 * so the document must say what the routes really answer. Real answers are checked here against the schema the document
 * declares for the route and status: every object closed (a property the document does not declare fails), types,
 * `nullable`, required properties, enums, `oneOf` (exactly one branch) and the formats uuid, date and date-time. Every
 * operation whose answer the document describes must be checked here: a new one fails the last but one test until it is.
 */

/** Documented answers this suite does not call: the kit's dead letters (checked against real answers in the notifications suite). */
const UNCHECKED = [
  'GET /v1/dead-letters',
  'GET /v1/dead-letters/{id}',
  'POST /v1/dead-letters/{id}/dismiss',
  'POST /v1/dead-letters/{id}/retry',
];

describe('the OpenAPI document describes what the routes answer', () => {
  let h: Harness;
  let document: OpenApiAnswerDocument;
  const checked = new Set<string>();

  beforeAll(async () => {
    h = await startHarness();
    document = (await api(h, h.tokens.admin).get('/docs-json')).body as OpenApiAnswerDocument;
  });
  afterAll(async () => h?.close());

  /** Checks the answer against the schema the document declares for `method path` at the answer's status. */
  function expectDocumented(res: Response, method: string, path: string): void {
    expect(answerProblems(document, res, method, path, checked)).toEqual({ route: `${method.toUpperCase()} ${path}`, problems: [] });
  }

  const ok = (res: Response, status: number): Response => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
    return res;
  };
  const staff = () => api(h, h.tokens.coordinator);

  it('proposals: bring in, the list, one, a change, a move and the history', async () => {
    const created = ok(
      await staff().post('/v1/proposals', {
        title: { ja: '図式の試作', en: 'A schema prototype' },
        summary: { ja: '図式を試作する。' },
        proposingOrganizationId: h.registry.organization('company').id,
        contactPersonId: h.registry.person().id,
        focusFields: ['food'],
        municipalityCodes: ['011002'],
      }),
      201,
    );
    expectDocumented(created, 'post', '/v1/proposals');
    const id = created.body.id as string;
    const changed = ok(
      await staff().patch(`/v1/proposals/${id}`, { supportRequested: '販路開拓' }).set('if-match', `"${created.body.version}"`),
      200,
    );
    expectDocumented(changed, 'patch', '/v1/proposals/{id}');
    const moved = ok(await move(h, { id, version: changed.body.version as number }, 'pre_screening'), 201);
    expect(moved.body.transition.from).not.toBeNull();
    expectDocumented(moved, 'post', '/v1/proposals/{id}/transitions');

    const history = ok(await staff().get(`/v1/proposals/${id}/transitions`), 200);
    // the first line (brought in) has no `from`; the move has one
    expect(history.body.items.map((t: { from: unknown }) => t.from === null)).toEqual([true, false]);
    expectDocumented(history, 'get', '/v1/proposals/{id}/transitions');
    const list = ok(await staff().get('/v1/proposals').query({ limit: 5 }), 200);
    expect(list.body.items.length).toBeGreaterThan(0);
    expectDocumented(list, 'get', '/v1/proposals');
    expectDocumented(ok(await api(h, h.tokens.viewer).get(`/v1/proposals/${id}`), 200), 'get', '/v1/proposals/{id}');
  });

  it('screening: assignments, reviews (one breaking both kinds of fail rule), an amendment and its revisions, the summary', async () => {
    const p = await bringIn(h);
    // before screening: no rubric, no reviews (total, failed and rubric null)
    const empty = ok(await staff().get(`/v1/proposals/${p.id}/review-summary`), 200);
    expect([empty.body.total, empty.body.failed, empty.body.rubric]).toEqual([null, null, null]);
    expectDocumented(empty, 'get', '/v1/proposals/{id}/review-summary');
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    await review(h, p, 1, GOOD_SCORES);

    const advisor = h.registry.advisor();
    const assigned = ok(await staff().post(`/v1/proposals/${p.id}/assignments`, { advisorId: advisor.id, dueOn: '2026-12-20' }), 201);
    expectDocumented(assigned, 'post', '/v1/proposals/{id}/assignments');
    const due = ok(
      await staff()
        .put(`/v1/proposals/${p.id}/assignments/${assigned.body.id}/due-date`, { dueOn: '2026-12-24' })
        .set('if-match', `"${assigned.body.version}"`),
      200,
    );
    expectDocumented(due, 'put', '/v1/proposals/{id}/assignments/{assignmentId}/due-date');
    const advisorToken = await h.token(['advisor'], advisor.id);
    const low = GOOD_SCORES.map((s) => ({ ...s, points: 1 }));
    const failing = ok(
      await api(h, advisorToken).post(`/v1/proposals/${p.id}/reviews`, { scores: low, comment: '不十分', recommendation: 'decline' }),
      201,
    );
    expect(new Set(failing.body.failures.map((f: { rule: string }) => f.rule))).toEqual(
      new Set(['total_below_minimum', 'criterion_below_minimum']),
    );
    expectDocumented(failing, 'post', '/v1/proposals/{id}/reviews');
    const amended = ok(
      await api(h, advisorToken)
        .put(`/v1/proposals/${p.id}/reviews/${failing.body.id}`, {
          scores: GOOD_SCORES,
          comment: '面談後に見直し',
          recommendation: 'accept_with_conditions',
          reason: '面談の結果',
        })
        .set('if-match', `"${failing.body.version}"`),
      200,
    );
    expect(amended.body.amendedAt).not.toBeNull();
    expectDocumented(amended, 'put', '/v1/proposals/{id}/reviews/{reviewId}');
    const revisions = ok(await staff().get(`/v1/proposals/${p.id}/reviews/${failing.body.id}/revisions`), 200);
    expect(revisions.body.items).toHaveLength(1);
    expectDocumented(revisions, 'get', '/v1/proposals/{id}/reviews/{reviewId}/revisions');

    for (const [action, path] of [
      ['decline', '/v1/proposals/{id}/assignments/{assignmentId}/decline'],
      ['declare-conflict', '/v1/proposals/{id}/assignments/{assignmentId}/declare-conflict'],
    ] as const) {
      const other = h.registry.advisor();
      const a = ok(await staff().post(`/v1/proposals/${p.id}/assignments`, { advisorId: other.id }), 201);
      const answered = ok(
        await api(h, await h.token(['advisor'], other.id)).post(`/v1/proposals/${p.id}/assignments/${a.body.id}/${action}`, {
          reason: '都合がつかない',
        }),
        200,
      );
      expect(answered.body.responseReason).toBe('都合がつかない');
      expectDocumented(answered, 'post', path);
    }
    // a third review that fails: the mean total then breaks the total rule in the summary
    await review(h, p, 1, low);
    const assignments = ok(await staff().get(`/v1/proposals/${p.id}/assignments`), 200);
    expect(assignments.body.total).toBe(5);
    expectDocumented(assignments, 'get', '/v1/proposals/{id}/assignments');
    const reviews = ok(await staff().get(`/v1/proposals/${p.id}/reviews`), 200);
    expect(reviews.body.total).toBe(3);
    expectDocumented(reviews, 'get', '/v1/proposals/{id}/reviews');

    const summary = ok(await staff().get(`/v1/proposals/${p.id}/review-summary`), 200);
    expect(summary.body).toMatchObject({ reviews: 3, failed: true, recommendations: { accept: 2, accept_with_conditions: 1, decline: 0 } });
    expect(summary.body.failures.length).toBeGreaterThan(0);
    expectDocumented(summary, 'get', '/v1/proposals/{id}/review-summary');
  });

  it('support teams: formed, read, replaced, and the suggestions with those left out', async () => {
    const proposer = h.registry.organization('company');
    const p = await bringIn(h, { proposer, body: { focusFields: ['food'] } });
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    await review(h, p, 2);
    await move(h, p, 'accepted');
    h.registry.advisor({ org: proposer, expertise: ['food'] }); // conflicted: left out with the conflict
    h.registry.advisor({ org: h.registry.organization('university'), expertise: ['food'] });
    const lead = h.registry.advisor();
    const formed = ok(
      await staff().put(`/v1/proposals/${p.id}/team`, {
        members: [
          { personId: h.ids.coordinator, role: 'coordinator' },
          { personId: lead.id, role: 'lead_advisor' },
        ],
      }),
      201,
    );
    expectDocumented(formed, 'put', '/v1/proposals/{id}/team');
    const replaced = ok(
      await staff()
        .put(`/v1/proposals/${p.id}/team`, {
          members: [
            { personId: h.ids.coordinator, role: 'coordinator' },
            { personId: lead.id, role: 'lead_advisor' },
            { personId: h.registry.advisor().id, role: 'advisor' },
          ],
        })
        .set('if-match', `"${formed.body.version}"`),
      200,
    );
    expectDocumented(replaced, 'put', '/v1/proposals/{id}/team');
    expectDocumented(ok(await staff().get(`/v1/proposals/${p.id}/team`), 200), 'get', '/v1/proposals/{id}/team');
    // an advisor on the team sees the coordinators and themselves, without the staff-only fields
    const asLead = ok(await api(h, await h.token(['advisor'], lead.id)).get(`/v1/proposals/${p.id}/team`), 200);
    expect(asLead.body.members.every((m: object) => !('conflicts' in m))).toBe(true);
    expectDocumented(asLead, 'get', '/v1/proposals/{id}/team');

    const suggestions = ok(await staff().get(`/v1/proposals/${p.id}/team-suggestions`), 200);
    expect(suggestions.body.suggestions.length).toBeGreaterThan(0);
    expect(suggestions.body.excluded.map((e: { reason: string }) => e.reason)).toEqual(
      expect.arrayContaining(['conflict_of_interest', 'already_on_team']),
    );
    expectDocumented(suggestions, 'get', '/v1/proposals/{id}/team-suggestions');
  });

  it('outcomes, and the KPI report (JSON; the CSV is declared as text)', async () => {
    // a study group's proposal (a byStudyGroup row of its own) besides the others (the row of none)
    const p = await bringIn(h, {
      proposer: h.registry.organization('study_group'),
      body: { focusFields: ['food'], municipalityCodes: ['011002'] },
    });
    const sale = ok(
      await staff().post(`/v1/proposals/${p.id}/outcomes`, {
        kind: 'sale',
        summary: '道内で販売',
        occurredOn: '2026-10-01',
        amountYen: 1_200_000,
      }),
      201,
    );
    expectDocumented(sale, 'post', '/v1/proposals/{id}/outcomes');
    const outcomes = ok(await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/outcomes`), 200);
    expect(outcomes.body.total).toBe(1);
    expectDocumented(outcomes, 'get', '/v1/proposals/{id}/outcomes');

    const kpi = ok(await api(h, h.tokens.viewer).get('/v1/reports/kpi').query({ fiscalYear: 2026 }), 200);
    expect(kpi.body.totals.received).toBeGreaterThan(0);
    expect(p['studyGroupId']).toEqual(expect.any(String));
    const groups = kpi.body.byStudyGroup.map((r: { studyGroupId: string | null }) => r.studyGroupId);
    expect(groups).toEqual(expect.arrayContaining([null, p['studyGroupId']]));
    expectDocumented(kpi, 'get', '/v1/reports/kpi');
    const range = ok(await api(h, h.tokens.viewer).get('/v1/reports/kpi').query({ fromFiscalYear: 2025, toFiscalYear: 2026 }), 200);
    expect(range.body.byFiscalYear).toHaveLength(2);
    expectDocumented(range, 'get', '/v1/reports/kpi');
    const csv = ok(await api(h, h.tokens.viewer).get('/v1/reports/kpi').query({ fiscalYear: 2026, format: 'csv' }), 200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(document.paths['/v1/reports/kpi']!['get']!.responses['200']!.content!['text/csv']!.schema).toEqual({ type: 'string' });
  });

  it('programmes and rubrics', async () => {
    const programmes = ok(await staff().get('/v1/programmes'), 200);
    expect(programmes.body.items.map((p: { code: string }) => p.code)).toContain('support-track');
    expectDocumented(programmes, 'get', '/v1/programmes');
    expectDocumented(ok(await staff().get('/v1/programmes/support-track'), 200), 'get', '/v1/programmes/{code}');
    expectDocumented(ok(await staff().get('/v1/programmes/support-track/versions'), 200), 'get', '/v1/programmes/{code}/versions');
    expectDocumented(
      ok(await staff().get('/v1/programmes/support-track/versions/1'), 200),
      'get',
      '/v1/programmes/{code}/versions/{version}',
    );
    expectDocumented(ok(await staff().get('/v1/programmes/support-track/rubrics'), 200), 'get', '/v1/programmes/{code}/rubrics');
    expectDocumented(
      ok(await staff().get('/v1/programmes/support-track/rubrics/in-force').query({ fiscalYear: 2026 }), 200),
      'get',
      '/v1/programmes/{code}/rubrics/in-force',
    );

    const current = ok(await api(h, h.tokens.admin).get('/v1/programmes/support-track'), 200).body as {
      name: { ja: string; en: string | null };
      initialStage: string;
      minCompletedReviews: number;
      stages: { code: string; label: { ja: string; en: string | null }; kind: string; position: number }[];
      transitions: { from: string; to: string; resumeOnly: boolean }[];
      version: number;
    };
    const definition = {
      name: { ja: '図式プログラム', en: 'Schema programme' },
      initialStage: current.initialStage,
      minCompletedReviews: current.minCompletedReviews,
      stages: current.stages.map(({ code, label, kind, position }) => ({
        code,
        label: { ja: label.ja, ...(label.en ? { en: label.en } : {}) },
        kind,
        position,
      })),
      transitions: current.transitions,
    };
    const created = await api(h, h.tokens.admin).post('/v1/programmes', { code: 'schema-track', ...definition });
    expectDocumented(ok(created, 201), 'post', '/v1/programmes');
    const revised = await api(h, h.tokens.admin)
      .put('/v1/programmes/schema-track', { ...definition, minCompletedReviews: definition.minCompletedReviews + 1, note: '見直し' })
      .set('if-match', `"${created.body.version}"`);
    expectDocumented(ok(revised, 200), 'put', '/v1/programmes/{code}');
    const rubric = await api(h, h.tokens.admin).post('/v1/programmes/schema-track/rubrics', {
      fiscalYear: 2026,
      minTotal: 50,
      minCriterionRatio: 0.3,
      criteria: [
        { code: 'novelty', label: { ja: '新規性', en: 'Novelty' }, maxPoints: 50 },
        { code: 'market', label: { ja: '市場性' }, maxPoints: 50 },
      ],
    });
    expectDocumented(ok(rubric, 201), 'post', '/v1/programmes/{code}/rubrics');
  });

  it('hearings and document requests', async () => {
    const p = await bringIn(h);
    const invited = ok(
      await staff().post(`/v1/proposals/${p.id}/interviews`, {
        startsAt: '2026-12-10T14:00:00+09:00',
        place: '会議室A',
        inviteeIds: [h.registry.person().id],
      }),
      201,
    );
    expectDocumented(invited, 'post', '/v1/proposals/{id}/interviews');
    const path = `/v1/proposals/${p.id}/interviews/${invited.body.id}`;
    expectDocumented(ok(await staff().get(path), 200), 'get', '/v1/proposals/{id}/interviews/{interviewId}');
    const moved = ok(
      await staff()
        .put(path, { startsAt: '2026-12-11T10:00:00+09:00', onlineUrl: 'https://meet.example.jp/xyz' })
        .set('if-match', `"${invited.body.version}"`),
      200,
    );
    expectDocumented(moved, 'put', '/v1/proposals/{id}/interviews/{interviewId}');
    const cancelled = ok(await staff().post(`${path}/cancel`, { reason: '先方の都合' }).set('if-match', `"${moved.body.version}"`), 200);
    expectDocumented(cancelled, 'post', '/v1/proposals/{id}/interviews/{interviewId}/cancel');

    const base = `/v1/proposals/${p.id}/document-requests`;
    const requested = ok(await staff().post(base, { items: ['決算書', '会社案内'], dueOn: '2026-12-15', note: 'PDF可' }), 201);
    expectDocumented(requested, 'post', '/v1/proposals/{id}/document-requests');
    const changed = ok(
      await staff()
        .put(`${base}/${requested.body.id}`, { items: ['決算書'], dueOn: '2026-12-20' })
        .set('if-match', `"${requested.body.version}"`),
      200,
    );
    expectDocumented(changed, 'put', '/v1/proposals/{id}/document-requests/{requestId}');
    const fulfilled = ok(
      await staff().post(`${base}/${requested.body.id}/fulfil`, { note: '受領' }).set('if-match', `"${changed.body.version}"`),
      200,
    );
    expectDocumented(fulfilled, 'post', '/v1/proposals/{id}/document-requests/{requestId}/fulfil');
    const other = ok(await staff().post(base, { items: ['定款'], dueOn: '2026-12-15' }), 201);
    const withdrawn = ok(
      await staff().post(`${base}/${other.body.id}/withdraw`, { reason: '不要になりました' }).set('if-match', `"${other.body.version}"`),
      200,
    );
    expectDocumented(withdrawn, 'post', '/v1/proposals/{id}/document-requests/{requestId}/withdraw');
  });

  it('the CSV history import: a dry run with problems, and a commit with an open review assignment', async () => {
    const send = (csv: string, dryRun: boolean) =>
      request(h.svc.http)
        .post(`/v1/proposals/import?dryRun=${dryRun}`)
        .set('authorization', `Bearer ${h.tokens.coordinator}`)
        .set('content-type', 'text/csv')
        .send(csv);
    const header = 'legacy_ref,record,date,stage,title_ja,summary_ja,proposing_organization_id,contact_person_id,advisor_id,due_on';
    const org = h.registry.organization('company').id;
    const rows = [
      `旧-SCHEMA-1,brought_in,2026-10-01,,題,概要,${org},${h.registry.person().id},,`,
      '旧-SCHEMA-1,stage,2026-10-08,pre_screening,,,,,,',
      `旧-SCHEMA-1,review_assigned,2026-11-18,,,,,,${h.registry.advisor().id},2026-11-25`,
    ];
    const dry = ok(await send([header, ...rows, '旧-SCHEMA-2,stage,2026-10-08,screening,,,,,,'].join('\r\n'), true), 200);
    expect(dry.body.errors).toHaveLength(1);
    expectDocumented(dry, 'post', '/v1/proposals/import');
    const commit = ok(await send([header, ...rows].join('\r\n'), false), 200);
    expect(commit.body).toMatchObject({ proposals: 1, transitions: 1, assignments: 1, created: [{ legacyRef: '旧-SCHEMA-1' }] });
    expectDocumented(commit, 'post', '/v1/proposals/import');
  });

  it('the retention report', async () => {
    expectDocumented(ok(await api(h, h.tokens.admin).get('/v1/privacy/retention-report'), 200), 'get', '/v1/privacy/retention-report');
  });

  it('checked every operation whose answer the document describes, but those listed here', () => {
    const documented = documentedAnswerOperations(document);
    expect(documented.filter((route) => !checked.has(route)).sort()).toEqual(UNCHECKED);
  });

  it('fails answers the document does not describe (the check is not vacuous)', async () => {
    const p = await bringIn(h);
    const history = ok(await staff().get(`/v1/proposals/${p.id}/transitions`), 200).body as { items: Record<string, unknown>[] };
    const line = history.items[0]!;
    const fake = (body: unknown) => ({ status: 200, body, text: '' }) as unknown as Response;
    const page = (item: unknown) => fake({ ...history, items: [item] });
    const spoilt: [unknown, RegExp][] = [
      [{ ...line, extra: 1 }, /extra is not in the document/],
      [{ ...line, to: null }, /to: null where the document says not nullable/],
      [{ ...line, id: 'someone' }, /is not a uuid/],
      [{ ...line, resumed: 'no' }, /is not a boolean/],
      [{ ...line, to: { code: 'intake', kind: 'intake' } }, /to: label is missing/],
      [{ ...line, effectiveAt: '2026-11-28' }, /is not a date-time/],
    ];
    for (const [item, message] of spoilt)
      expect(() => expectDocumented(page(item), 'get', '/v1/proposals/{id}/transitions')).toThrow(message);
    expect(() => expectDocumented(fake({ ...history, total: '1' }), 'get', '/v1/proposals/{id}/transitions')).toThrow(/not a number/);

    const failures = (rules: unknown[]) =>
      openApiProblems(
        { $ref: '#/components/schemas/ReviewSummaryView' },
        {
          reviews: 0,
          criteria: [],
          total: null,
          maxTotal: 0,
          failed: null,
          failures: rules,
          rubric: null,
          recommendations: { accept: 0, accept_with_conditions: 0, decline: 0 },
        },
        document.components.schemas,
      );
    expect(failures([{ rule: 'total_below_minimum', total: 30, minimum: 60 }])).toEqual([]);
    // a fail rule with the other kind's fields, or none of them, matches no branch
    expect(failures([{ rule: 'total_below_minimum', criterion: 'market', points: 1, minimum: 6 }]).join('\n')).toMatch(/matches 0 oneOf/);
    expect(failures([{ rule: 'no_such_rule', minimum: 6 }]).join('\n')).toMatch(/matches 0 oneOf/);
    const kpi = ok(await api(h, h.tokens.viewer).get('/v1/reports/kpi').query({ fiscalYear: 2026 }), 200).body as Record<string, unknown>;
    expect(() => expectDocumented(fake({ ...kpi, timezone: 'UTC' }), 'get', '/v1/reports/kpi')).toThrow(/is not one of/);
    const totals = { ...(kpi['totals'] as Record<string, number>) };
    delete totals['salesYen'];
    expect(() => expectDocumented(fake({ ...kpi, totals }), 'get', '/v1/reports/kpi')).toThrow(/salesYen is missing/);
    expect(() => expectDocumented(fake({ ...kpi, programme: uuidv7(), byBureau: {} }), 'get', '/v1/reports/kpi')).toThrow(/not an array/);
  });
});
