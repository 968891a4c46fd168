import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { api, bringIn, move, startHarness, type Harness } from './support/harness.js';

const label = (ja: string, en: string) => ({ ja, en });
const seedGrant = {
  code: 'seed-grant',
  name: label('北キャンパス研究シーズ助成', 'North Campus seed grant'),
  initialStage: 'applied',
  minCompletedReviews: 1,
  stages: [
    { code: 'applied', label: label('申請', 'Applied'), kind: 'intake', position: 1 },
    { code: 'reviewed', label: label('審査中', 'Under review'), kind: 'screening', position: 2 },
    { code: 'granted', label: label('交付決定', 'Granted'), kind: 'accepted', position: 3 },
    { code: 'rejected', label: label('不交付', 'Rejected'), kind: 'declined', position: 4 },
    { code: 'waiting', label: label('保留', 'Waiting'), kind: 'paused', position: 5 },
  ],
  transitions: [
    { from: 'applied', to: 'reviewed' },
    { from: 'reviewed', to: 'granted' },
    { from: 'reviewed', to: 'rejected' },
    { from: 'applied', to: 'waiting' },
    { from: 'waiting', to: 'applied', resumeOnly: true },
  ],
  rubric: {
    fiscalYear: 2010,
    minTotal: 50,
    minCriterionRatio: 0.2,
    criteria: [
      { code: 'idea', label: label('着想', 'Idea'), maxPoints: 50 },
      { code: 'plan', label: label('計画', 'Plan'), maxPoints: 50 },
    ],
  },
};

describe('programmes and rubrics', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('serve the support track as data: its stages, their kinds and the allowed transitions', async () => {
    const list = await api(h, h.tokens.viewer).get('/v1/programmes');
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { code: string }) => p.code)).toContain('support-track');
    const track = await api(h, h.tokens.viewer).get('/v1/programmes/support-track');
    expect(track.body).toMatchObject({
      code: 'support-track',
      name: { ja: '事業化支援' },
      initialStage: 'received',
      minCompletedReviews: 2,
    });
    expect(track.body.stages.map((s: { code: string }) => s.code)).toEqual([
      'received',
      'pre_screening',
      'screening',
      'accepted',
      'declined',
      'team_formed',
      'prototyping',
      'commercializing',
      'sales_planned',
      'on_sale',
      'returned',
      'on_hold',
      'withdrawn',
      'discontinued',
    ]);
    expect(track.body.transitions).toContainEqual({ from: 'on_hold', to: 'prototyping', resumeOnly: true });
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/nothing-here')).status).toBe(404);
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/Bad%20Code')).status).toBe(400);
    const rubric = await api(h, h.tokens.viewer).get('/v1/programmes/support-track/rubrics/in-force?fiscalYear=2002');
    expect(rubric.body).toMatchObject({ fiscalYear: 1990, version: 1, minTotal: 60, minCriterionRatio: 0.3, maxTotal: 100 });
    expect(rubric.body.criteria).toHaveLength(6);
  });

  it('define a new programme, refusing an unsound one with the fields at fault', async () => {
    const unsound = await api(h, h.tokens.admin).post('/v1/programmes', {
      ...seedGrant,
      code: 'broken',
      initialStage: 'nowhere',
      transitions: [
        { from: 'reviewed', to: 'paid' },
        { from: 'applied', to: 'granted', resumeOnly: true },
      ],
      rubric: { ...seedGrant.rubric, minTotal: 500 },
    });
    expect(unsound.status).toBe(400);
    expect(unsound.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'initialStage',
      'transitions.0.to',
      'transitions.1.resumeOnly',
      'rubric.minTotal',
    ]);
    const malformed = await api(h, h.tokens.admin).post('/v1/programmes', {
      ...seedGrant,
      code: 'X',
      stages: [{ code: 'a', kind: 'magic' }],
    });
    expect([...new Set(malformed.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'code',
      'stages.0.kind',
      'stages.0.label',
      'stages.0.position',
    ]);
    expect((await api(h, h.tokens.viewer).post('/v1/programmes', seedGrant)).status).toBe(403);

    const created = await api(h, h.tokens.coordinator).post('/v1/programmes', seedGrant);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'seed-grant', initialStage: 'applied', minCompletedReviews: 1 });
    const again = await api(h, h.tokens.admin).post('/v1/programmes', seedGrant);
    expect([again.status, again.body.code]).toEqual([409, 'PROPOSALS.PROGRAMME_EXISTS']);
  });

  it('move a proposal by its own programme’s data, with its own review minimum', async () => {
    const p = await bringIn(h, { body: { programmeCode: 'seed-grant', broughtInOn: '2010-05-01' } });
    expect(p).toMatchObject({ programme: { code: 'seed-grant' }, stage: { code: 'applied', kind: 'intake' } });
    const foreign = await move(h, p, 'pre_screening');
    expect([foreign.status, foreign.body.allowed.map((s: { code: string }) => s.code)]).toEqual([409, ['reviewed', 'waiting']]);
    await move(h, p, 'reviewed', { effectiveAt: '2010-06-01T10:00:00+09:00' });
    expect((await move(h, p, 'granted')).body).toMatchObject({ code: 'PROPOSALS.NOT_ENOUGH_REVIEWS', required: 1 });
    const advisor = h.registry.advisor();
    await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/assignments`, { advisorId: advisor.id });
    const reviewed = await api(h, await h.token(['advisor'], advisor.id)).post(`/v1/proposals/${p.id}/reviews`, {
      scores: [
        { criterion: 'idea', points: 40 },
        { criterion: 'plan', points: 30 },
      ],
      comment: '良い着想',
      recommendation: 'accept',
    });
    expect(reviewed.body).toMatchObject({ total: 70, maxTotal: 100, failed: false });
    expect((await move(h, p, 'granted')).status).toBe(201);
    const search = await api(h, h.tokens.viewer).get('/v1/proposals?programme=seed-grant&stage=granted');
    expect(search.body.items.map((i: { id: string }) => i.id)).toEqual([p.id]);
  });

  it('version rubrics per fiscal year; a proposal keeps the rubric in force when its screening started', async () => {
    const early = await bringIn(h, { body: { programmeCode: 'seed-grant', broughtInOn: '2009-05-01' } });
    const none = await move(h, early, 'reviewed', { effectiveAt: '2009-06-01T10:00:00+09:00' });
    expect([none.status, none.body.code]).toEqual([409, 'PROPOSALS.NO_RUBRIC_IN_FORCE']);

    const b = await bringIn(h, { body: { programmeCode: 'seed-grant', broughtInOn: '2010-05-01' } });
    const bScreening = await move(h, b, 'reviewed', { effectiveAt: '2010-06-01T10:00:00+09:00' });
    expect(bScreening.body.proposal.rubric).toMatchObject({ fiscalYear: 2010, version: 1 });

    const v2 = await api(h, h.tokens.coordinator).post('/v1/programmes/seed-grant/rubrics', {
      fiscalYear: 2010,
      minTotal: 60,
      minCriterionRatio: 0.3,
      note: '地域性を追加',
      criteria: [
        { code: 'idea', label: label('着想', 'Idea'), maxPoints: 40 },
        { code: 'plan', label: label('計画', 'Plan'), maxPoints: 40 },
        { code: 'region', label: label('地域性', 'Regional fit'), maxPoints: 20 },
      ],
    });
    expect(v2.status).toBe(201);
    expect(v2.body).toMatchObject({ programmeCode: 'seed-grant', fiscalYear: 2010, version: 2, maxTotal: 100, note: '地域性を追加' });
    const versions = await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/rubrics');
    expect(versions.body.items.map((r: { fiscalYear: number; version: number }) => [r.fiscalYear, r.version])).toEqual([
      [2010, 2],
      [2010, 1],
    ]);
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/rubrics?fiscalYear=2011')).body.total).toBe(0);
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/rubrics/in-force?fiscalYear=2026')).body.version).toBe(2);
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/rubrics/in-force?fiscalYear=2009')).status).toBe(409);
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/rubrics/in-force')).status).toBe(400);

    const c = await bringIn(h, { body: { programmeCode: 'seed-grant', broughtInOn: '2010-06-01' } });
    const cScreening = await move(h, c, 'reviewed', { effectiveAt: '2010-07-01T10:00:00+09:00' });
    expect(cScreening.body.proposal.rubric).toMatchObject({ fiscalYear: 2010, version: 2 });
    expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${b.id}`)).body.rubric).toMatchObject({ version: 1 });

    // Reviews are scored against the proposal's own rubric version.
    const v1Scores = [
      { criterion: 'idea', points: 40 },
      { criterion: 'plan', points: 30 },
    ];
    for (const [proposal, status] of [
      [b, 201],
      [c, 400],
    ] as const) {
      const advisor = h.registry.advisor();
      await api(h, h.tokens.coordinator).post(`/v1/proposals/${proposal.id}/assignments`, { advisorId: advisor.id });
      const res = await api(h, await h.token(['advisor'], advisor.id)).post(`/v1/proposals/${proposal.id}/reviews`, {
        scores: v1Scores,
        comment: 'x',
        recommendation: 'decline',
      });
      expect(res.status).toBe(status);
    }
  });

  it('revise stages and transitions as a new version; proposals in flight stay on the version they started under', async () => {
    const { code: _code, rubric: _rubric, ...definition } = seedGrant;
    const current = await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant');
    expect([current.status, current.headers['etag'], current.body.version]).toEqual([200, '"1"', 1]);
    const inFlight = await bringIn(h, { body: { programmeCode: 'seed-grant', broughtInOn: '2011-05-01' } });
    expect(inFlight.programme).toMatchObject({ code: 'seed-grant', version: 1 });

    // Version 2: an interview between application and review, and two reviews for a decision.
    const revised = {
      ...definition,
      note: '面談審査を追加し、審査員を2名に',
      minCompletedReviews: 2,
      stages: [...definition.stages, { code: 'interview', label: label('面談', 'Interview'), kind: 'step', position: 1 }],
      transitions: [
        { from: 'applied', to: 'interview' },
        { from: 'interview', to: 'reviewed' },
        ...definition.transitions.filter((t) => t.from !== 'applied' || t.to !== 'reviewed'),
      ],
    };
    const path = '/v1/programmes/seed-grant';
    const put = (body: object, token = h.tokens.coordinator) => api(h, token).put(path, body);
    expect((await put(revised)).status).toBe(428);
    expect((await put(revised, h.tokens.viewer).set('if-match', '"1"')).status).toBe(403);
    expect((await put(revised, await h.token(['advisor'])).set('if-match', '"1"')).status).toBe(403);
    const unsound = await put({ ...revised, transitions: [{ from: 'applied', to: 'nowhere' }] }).set('if-match', '"1"');
    expect([unsound.status, unsound.body.errors[0].field]).toEqual([400, 'transitions.0.to']);
    const unchanged = await put({ ...definition, note: 'nothing' }).set('if-match', '"1"');
    expect(unchanged.status).toBe(400);
    expect((await api(h, h.tokens.admin).put('/v1/programmes/nothing-here', revised).set('if-match', '"1"')).status).toBe(404);
    expect((await put({ ...revised, note: undefined }).set('if-match', '"1"')).status).toBe(400);

    const v2 = await put(revised).set('if-match', '"1"');
    expect([v2.status, v2.headers['etag']]).toEqual([200, '"2"']);
    expect(v2.body).toMatchObject({ code: 'seed-grant', version: 2, note: '面談審査を追加し、審査員を2名に', minCompletedReviews: 2 });
    const stale = await put({ ...revised, note: 'again' }).set('if-match', '"1"');
    expect([stale.status, stale.body.currentEtag]).toEqual([412, '"2"']);

    // The proposal in flight keeps version 1's moves and review minimum.
    const held = await api(h, h.tokens.viewer).get(`/v1/proposals/${inFlight.id}`);
    expect(held.body.programme).toMatchObject({ code: 'seed-grant', version: 1 });
    expect(held.body.allowedNextStages.map((s: { code: string }) => s.code)).toEqual(['reviewed', 'waiting']);
    expect((await move(h, inFlight, 'reviewed', { effectiveAt: '2011-06-01T10:00:00+09:00' })).status).toBe(201);
    const advisor = h.registry.advisor();
    await api(h, h.tokens.coordinator).post(`/v1/proposals/${inFlight.id}/assignments`, { advisorId: advisor.id });
    const reviewed = await api(h, await h.token(['advisor'], advisor.id)).post(`/v1/proposals/${inFlight.id}/reviews`, {
      scores: [
        { criterion: 'idea', points: 30 },
        { criterion: 'plan', points: 30 },
        { criterion: 'region', points: 15 },
      ],
      comment: '良い',
      recommendation: 'accept',
    });
    expect(reviewed.status).toBe(201);
    expect((await move(h, inFlight, 'granted')).status).toBe(201);

    // A new proposal runs on version 2: the interview first, then the same rubrics (they belong to the programme).
    const fresh = await bringIn(h, { body: { programmeCode: 'seed-grant', broughtInOn: '2011-05-02' } });
    expect(fresh.programme).toMatchObject({ version: 2 });
    const skip = await move(h, fresh, 'reviewed');
    expect([skip.status, skip.body.allowed.map((s: { code: string }) => s.code)]).toEqual([409, ['interview', 'waiting']]);
    expect((await move(h, fresh, 'interview', { effectiveAt: '2011-05-20T10:00:00+09:00' })).status).toBe(201);
    const screening = await move(h, fresh, 'reviewed', { effectiveAt: '2011-06-01T10:00:00+09:00' });
    expect([screening.status, screening.body.proposal.rubric.fiscalYear]).toEqual([201, 2010]);
    const tooFew = await move(h, fresh, 'granted');
    expect([tooFew.body.code, tooFew.body.required]).toEqual(['PROPOSALS.NOT_ENOUGH_REVIEWS', 2]);

    // Each version stays readable, with the proposals on it; the list and search see the programme as one.
    const versions = await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/versions');
    expect(
      versions.body.items.map((v: { version: number; proposals: number; openProposals: number }) => [
        v.version,
        v.proposals,
        v.openProposals,
      ]),
    ).toEqual([
      [2, 1, 1],
      [1, 5, 5],
    ]);
    expect(versions.body.total).toBe(2);
    const v1 = await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/versions/1');
    expect([v1.status, v1.body.version, v1.body.stages.length]).toEqual([200, 1, 5]);
    for (const [version, status] of [
      ['3', 404],
      ['0', 400],
      ['abc', 400],
      ['99999999999999999999', 400],
    ] as const) {
      const res = await api(h, h.tokens.viewer).get(`/v1/programmes/seed-grant/versions/${version}`);
      expect([version, res.status]).toEqual([version, status]);
    }
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant/versions/3')).body.code).toBe(
      'PROPOSALS.PROGRAMME_VERSION_NOT_FOUND',
    );
    const list = await api(h, h.tokens.viewer).get('/v1/programmes');
    expect(list.body.items.find((p: { code: string }) => p.code === 'seed-grant').version).toBe(2);
    const search = await api(h, h.tokens.viewer).get('/v1/proposals?programme=seed-grant&fiscalYear=2011');
    expect(search.body.items.map((i: { id: string }) => i.id).sort()).toEqual([inFlight.id, fresh.id].sort());
  });

  it('of two revisions from the same version, exactly one wins', async () => {
    const current = (await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant')).body;
    const { code: _c, version, note: _n, createdAt: _a, createdBy: _b, ...definition } = current;
    const body = (position: number) => ({
      ...definition,
      note: `position ${position}`,
      stages: definition.stages.map((s: { code: string; position: number }) => (s.code === 'waiting' ? { ...s, position } : s)),
    });
    const strip = (stages: { code: string; label: object; kind: string; position: number }[]) =>
      stages.map(({ code, label: l, kind, position }) => ({ code, label: l, kind, position }));
    const [a, b] = await Promise.all(
      [90, 91].map((position) =>
        api(h, h.tokens.coordinator)
          .put('/v1/programmes/seed-grant', { ...body(position), stages: strip(body(position).stages) })
          .set('if-match', `"${version}"`),
      ),
    );
    expect([a!.status, b!.status].sort()).toEqual([200, 412]);
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/seed-grant')).body.version).toBe(version + 1);
  });

  it('refuse unsound rubric versions, unknown programmes and readers', async () => {
    const rubric = {
      fiscalYear: 2030,
      minTotal: 10,
      minCriterionRatio: 0.3,
      criteria: [
        { code: 'a', label: label('甲', 'A'), maxPoints: 10 },
        { code: 'a', label: label('乙', 'B'), maxPoints: 10 },
      ],
    };
    const twice = await api(h, h.tokens.admin).post('/v1/programmes/support-track/rubrics', rubric);
    expect([twice.status, twice.body.errors]).toEqual([400, [{ field: 'criteria.1.code', message: 'criterion a appears twice' }]]);
    const bad = await api(h, h.tokens.admin).post('/v1/programmes/support-track/rubrics', {
      ...rubric,
      minCriterionRatio: 2,
      criteria: [],
    });
    expect([...new Set(bad.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual(['criteria', 'minCriterionRatio']);
    expect(
      (await api(h, h.tokens.admin).post('/v1/programmes/nothing-here/rubrics', { ...rubric, criteria: [rubric.criteria[0]] })).status,
    ).toBe(404);
    expect((await api(h, h.tokens.viewer).post('/v1/programmes/support-track/rubrics', rubric)).status).toBe(403);
    expect((await api(h, h.tokens.viewer).get('/v1/programmes/nothing-here/rubrics')).status).toBe(404);
  });
});
