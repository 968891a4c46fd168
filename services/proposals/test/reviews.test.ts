import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReviewerAssignedV1 } from '@collabo/contracts';
import { readEvents } from '@collabo/service-kit/testing';
import { v7 as uuidv7 } from 'uuid';
import { GOOD_SCORES, HARNESS_NOW, api, bringIn, move, review, startHarness, type Harness } from './support/harness.js';

/** A day `years` (and `days`) before the service's now (the harness clock). */
const yearsAgo = (years: number, days = 0) => {
  const d = new Date(HARNESS_NOW);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
};

describe('screening reviews', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ CONFLICT_LOOKBACK_YEARS: '3' });
  });
  afterAll(async () => h?.close());

  const assign = (proposalId: string, body: Record<string, unknown>, token = h.tokens.coordinator) =>
    api(h, token).post(`/v1/proposals/${proposalId}/assignments`, body);
  const inScreening = async (options: Parameters<typeof bringIn>[1] = {}) => {
    const p = await bringIn(h, options);
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    return p;
  };

  describe('conflicts of interest at assignment', () => {
    it('refuses an advisor affiliated with the proposer, then accepts the assignment with a coordinator’s waiver and keeps both', async () => {
      const proposer = h.registry.organization('company', { name: '北海昆布株式会社' });
      const p = await bringIn(h, { proposer });
      const advisor = h.registry.advisor({ org: proposer, from: '2018-04-01' });
      const refused = await assign(p.id, { advisorId: advisor.id });
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({
        code: 'PROPOSALS.CONFLICT_OF_INTEREST',
        lookBackYears: 3,
        conflicts: [
          {
            kind: 'affiliated_with_proposer',
            organizationId: proposer.id,
            organizationName: '北海昆布株式会社',
            from: '2018-04-01',
            to: null,
          },
        ],
      });
      expect((await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/assignments`)).body.total).toBe(0);

      const blank = await assign(p.id, { advisorId: advisor.id, waiverReason: '   ' });
      expect([blank.status, blank.body.errors[0].field]).toEqual([400, 'waiverReason']);

      const waived = await assign(p.id, {
        advisorId: advisor.id,
        waiverReason: '同社の食品部門とは無関係の部署であり、審査委員会が了承',
        dueOn: '2026-12-20',
      });
      expect(waived.status).toBe(201);
      expect(waived.body).toMatchObject({
        advisorId: advisor.id,
        status: 'assigned',
        dueOn: '2026-12-20',
        assignedBy: h.ids.coordinator,
        waiverReason: '同社の食品部門とは無関係の部署であり、審査委員会が了承',
        waivedBy: h.ids.coordinator,
        conflicts: [expect.objectContaining({ kind: 'affiliated_with_proposer' })],
      });
      const listed = await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/assignments`);
      expect(listed.body.items[0]).toMatchObject({ id: waived.body.id, waiverReason: waived.body.waiverReason });

      const { envelopes } = await readEvents<ReviewerAssignedV1.Data>(h.nc, h.prefix, ReviewerAssignedV1.subject, await assignments());
      expect(envelopes.find((e) => e.data.assignmentId === waived.body.id)?.data).toMatchObject({
        advisorId: advisor.id,
        dueOn: '2026-12-20',
        proposal: { proposalId: p.id, proposingOrganizationId: proposer.id },
      });
    });

    const assignments = async () => (await h.dataSource.query('SELECT count(*)::int AS n FROM review_assignments'))[0].n as number;

    it('finds affiliations with participants and membership of the proposing study group', async () => {
      const partner = h.registry.organization('university');
      const group = h.registry.organization('study_group');
      const p = await bringIn(h, { proposer: group, body: { participatingOrganizationIds: [partner.id] } });
      const professor = h.registry.advisor({ org: partner });
      const member = h.registry.advisor();
      h.registry.join(member.id, group, '2001-05-01', null);
      expect((await assign(p.id, { advisorId: professor.id })).body.conflicts).toEqual([
        expect.objectContaining({ kind: 'affiliated_with_participant', organizationId: partner.id }),
      ]);
      expect((await assign(p.id, { advisorId: member.id })).body.conflicts).toEqual([
        expect.objectContaining({ kind: 'member_of_study_group', organizationId: group.id }),
      ]);
    });

    it('counts past affiliations within the configured look-back years, and not older ones', async () => {
      const proposer = h.registry.organization('company');
      const p = await bringIn(h, { proposer });
      const recent = h.registry.advisor({ org: proposer, from: '2005-04-01', to: yearsAgo(2) });
      const old = h.registry.advisor({ org: proposer, from: '2005-04-01', to: yearsAgo(3, 1) });
      const elsewhere = h.registry.advisor({ org: h.registry.organization('company') });
      expect((await assign(p.id, { advisorId: recent.id })).status).toBe(409);
      const clean = await assign(p.id, { advisorId: old.id });
      expect([clean.status, clean.body.conflicts, clean.body.waiverReason]).toEqual([201, [], null]);
      expect((await assign(p.id, { advisorId: elsewhere.id })).status).toBe(201);
    });

    it('refuses an unknown person, a second assignment of the same advisor, and assignments after the decision', async () => {
      const p = await inScreening();
      const unknown = await assign(p.id, { advisorId: uuidv7() });
      expect([unknown.status, unknown.body.code, unknown.body.errors[0].field]).toEqual([422, 'PROPOSALS.PERSON_NOT_FOUND', 'advisorId']);
      const advisors = await review(h, p, 2);
      const again = await assign(p.id, { advisorId: advisors[0] });
      expect([again.status, again.body.code]).toEqual([409, 'PROPOSALS.ALREADY_ASSIGNED']);
      await move(h, p, 'accepted');
      const late = await assign(p.id, { advisorId: h.registry.advisor().id });
      expect([late.status, late.body.code]).toEqual([409, 'PROPOSALS.ASSIGNMENT_CLOSED']);
    });

    it('lets only admins and coordinators assign, with field errors for bad input', async () => {
      const p = await bringIn(h);
      const advisor = h.registry.advisor();
      expect((await assign(p.id, { advisorId: advisor.id }, h.tokens.viewer)).status).toBe(403);
      expect((await assign(p.id, { advisorId: advisor.id }, await h.token(['advisor'], advisor.id))).status).toBe(403);
      const bad = await assign(p.id, { advisorId: 'x', dueOn: '2026-13-01', extra: 1 });
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['advisorId', 'dueOn', 'extra']);
      expect((await assign(uuidv7(), { advisorId: advisor.id })).status).toBe(404);
      expect((await assign(p.id, { advisorId: advisor.id }, h.tokens.admin)).status).toBe(201);
    });
  });

  describe('advisors', () => {
    it('read only what is assigned to them: 404 for every part of an unassigned proposal', async () => {
      const advisor = h.registry.advisor();
      const token = await h.token(['advisor'], advisor.id);
      const p = await bringIn(h);
      for (const part of ['', '/transitions', '/assignments', '/reviews', '/outcomes', '/team']) {
        const res = await api(h, token).get(`/v1/proposals/${p.id}${part}`);
        expect([part, res.status, res.body.code]).toEqual([part, 404, 'PROPOSALS.PROPOSAL_NOT_FOUND']);
      }
      const submit = await api(h, token).post(`/v1/proposals/${p.id}/reviews`, {
        scores: GOOD_SCORES,
        comment: 'x',
        recommendation: 'accept',
      });
      expect(submit.status).toBe(404);
      expect((await api(h, token).get(`/v1/proposals/${p.id}/review-summary`)).status).toBe(403);
      expect((await api(h, token).get(`/v1/proposals/${p.id}/team-suggestions`)).status).toBe(403);
      expect((await api(h, token).get(`/v1/reports/kpi?fiscalYear=2002`)).status).toBe(403);
    });

    it('never see other advisors: only their own assignment and review', async () => {
      const p = await inScreening();
      const [first, second] = await review(h, p, 2);
      const token = await h.token(['advisor'], first!);
      const everything = [
        await api(h, token).get(`/v1/proposals/${p.id}`),
        await api(h, token).get(`/v1/proposals/${p.id}/assignments`),
        await api(h, token).get(`/v1/proposals/${p.id}/reviews`),
        await api(h, token).get(`/v1/proposals/${p.id}/transitions`),
        await api(h, token).get('/v1/proposals'),
      ];
      for (const res of everything) {
        expect(res.status).toBe(200);
        expect(JSON.stringify(res.body)).not.toContain(second);
      }
      expect(everything[1]!.body.items.map((a: { advisorId: string }) => a.advisorId)).toEqual([first]);
      expect(everything[2]!.body.items.map((r: { advisorId: string }) => r.advisorId)).toEqual([first]);
      const staff = await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/reviews`);
      expect(staff.body.items.map((r: { advisorId: string }) => r.advisorId).sort()).toEqual([first, second].sort());
    });

    it('decline or declare a conflict themselves, only on their own open assignment', async () => {
      const p = await bringIn(h);
      const a = h.registry.advisor();
      const b = h.registry.advisor();
      const tokenA = await h.token(['advisor'], a.id);
      const tokenB = await h.token(['advisor'], b.id);
      const assignedA = (await assign(p.id, { advisorId: a.id })).body;
      const assignedB = (await assign(p.id, { advisorId: b.id })).body;
      const notMine = await api(h, tokenB).post(`/v1/proposals/${p.id}/assignments/${assignedA.id}/decline`, { reason: 'x' });
      expect([notMine.status, notMine.body.code]).toEqual([404, 'PROPOSALS.ASSIGNMENT_NOT_FOUND']);
      expect((await api(h, tokenA).post(`/v1/proposals/${p.id}/assignments/${assignedA.id}/decline`, {})).status).toBe(400);
      const declared = await api(h, tokenA).post(`/v1/proposals/${p.id}/assignments/${assignedA.id}/declare-conflict`, {
        reason: '申請者の代表者は元共同研究者',
      });
      expect(declared.status).toBe(200);
      expect(declared.body).toMatchObject({ status: 'conflict_declared', responseReason: '申請者の代表者は元共同研究者' });
      expect((await api(h, tokenA).get(`/v1/proposals/${p.id}`)).status).toBe(404);
      // Staff may record a response on an advisor's behalf; a closed assignment stays closed.
      const onBehalf = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/assignments/${assignedB.id}/decline`, {
        reason: '電話で辞退',
      });
      expect(onBehalf.body.status).toBe('declined');
      const twice = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/assignments/${assignedB.id}/declare-conflict`, {
        reason: 'x',
      });
      expect([twice.status, twice.body.code]).toEqual([409, 'PROPOSALS.ASSIGNMENT_CLOSED']);
      // After declining, the same advisor can be assigned again.
      expect((await assign(p.id, { advisorId: b.id })).status).toBe(201);
      expect(
        (await api(h, h.tokens.viewer).post(`/v1/proposals/${p.id}/assignments/${assignedB.id}/decline`, { reason: 'x' })).status,
      ).toBe(403);
    });
  });

  describe('written reviews', () => {
    it('are written during screening, against the rubric, once per assignment', async () => {
      const p = await bringIn(h);
      const advisor = h.registry.advisor();
      const token = await h.token(['advisor'], advisor.id);
      await assign(p.id, { advisorId: advisor.id });
      const body = { scores: GOOD_SCORES, comment: '地域への波及が期待できる', recommendation: 'accept' };
      const early = await api(h, token).post(`/v1/proposals/${p.id}/reviews`, body);
      expect([early.status, early.body.code]).toEqual([409, 'PROPOSALS.NOT_IN_SCREENING']);
      await move(h, p, 'pre_screening');
      await move(h, p, 'screening');

      const wrong = await api(h, token).post(`/v1/proposals/${p.id}/reviews`, {
        ...body,
        scores: [
          { criterion: 'novelty', points: 25 },
          { criterion: 'charisma', points: 5 },
        ],
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.errors.map((e: { field: string }) => e.field)).toEqual([
        'scores.0.points',
        'scores.1.criterion',
        'scores',
        'scores',
        'scores',
        'scores',
        'scores',
      ]);
      const malformed = await api(h, token).post(`/v1/proposals/${p.id}/reviews`, {
        scores: [{ criterion: 'novelty', points: 1.5 }],
        recommendation: 'maybe',
      });
      expect([...new Set(malformed.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
        'comment',
        'recommendation',
        'scores.0.points',
      ]);

      const ok = await api(h, token).post(`/v1/proposals/${p.id}/reviews`, body);
      expect(ok.status).toBe(201);
      expect(ok.body).toMatchObject({
        advisorId: advisor.id,
        total: 70,
        maxTotal: 100,
        failed: false,
        failures: [],
        rubric: { fiscalYear: 1990, version: 1 },
      });
      expect(ok.body.scores[0]).toEqual({ criterion: 'novelty', points: 15, maxPoints: 20 });
      const again = await api(h, token).post(`/v1/proposals/${p.id}/reviews`, body);
      expect([again.status, again.body.code]).toEqual([409, 'PROPOSALS.REVIEW_ALREADY_SUBMITTED']);
      const mine = await api(h, token).get(`/v1/proposals/${p.id}/assignments`);
      expect(mine.body.items[0].status).toBe('submitted');
    });

    it('can be recorded by staff for an advisor (a paper review), naming the assignment', async () => {
      const p = await inScreening();
      const advisor = h.registry.advisor();
      const assigned = (await assign(p.id, { advisorId: advisor.id })).body;
      const body = { scores: GOOD_SCORES, comment: '紙で提出', recommendation: 'accept_with_conditions' };
      const unnamed = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/reviews`, body);
      expect([unnamed.status, unnamed.body.errors[0].field]).toEqual([400, 'assignmentId']);
      const unknown = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/reviews`, { ...body, assignmentId: uuidv7() });
      expect(unknown.status).toBe(404);
      const recorded = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/reviews`, { ...body, assignmentId: assigned.id });
      expect([recorded.status, recorded.body.advisorId, recorded.body.recommendation]).toEqual([201, advisor.id, 'accept_with_conditions']);
      expect((await api(h, h.tokens.viewer).post(`/v1/proposals/${p.id}/reviews`, { ...body, assignmentId: assigned.id })).status).toBe(
        403,
      );
    });

    it('can be amended by their reviewer until the decision, keeping every earlier text; then 409', async () => {
      const p = await inScreening();
      const [first] = await review(h, p, 1);
      const token = await h.token(['advisor'], first);
      const own = (await api(h, token).get(`/v1/proposals/${p.id}/reviews`)).body.items[0];
      expect([own.version, own.amendedAt]).toEqual([1, null]);
      const path = `/v1/proposals/${p.id}/reviews/${own.id}`;
      const lower = GOOD_SCORES.map((s) => (s.criterion === 'market' ? { ...s, points: 5 } : s));
      const body = { scores: lower, comment: '面談後、市場性を下方修正', recommendation: 'accept_with_conditions', reason: '面談の結果' };

      expect((await api(h, token).put(path, body)).status).toBe(428);
      expect((await api(h, token).put(path, body).set('if-match', '"7"')).status).toBe(412);
      const badScores = await api(h, token)
        .put(path, { ...body, scores: [{ criterion: 'novelty', points: 25 }] })
        .set('if-match', '"1"');
      expect(badScores.status).toBe(400);
      // Another advisor (assigned to the same proposal) cannot touch it: it does not exist for them.
      const [second] = await review(h, p, 1);
      const other = await api(h, await h.token(['advisor'], second))
        .put(path, body)
        .set('if-match', '"1"');
      expect([other.status, other.body.code]).toEqual([404, 'PROPOSALS.REVIEW_NOT_FOUND']);
      expect((await api(h, h.tokens.viewer).put(path, body).set('if-match', '"1"')).status).toBe(403);

      const amended = await api(h, token).put(path, body).set('if-match', '"1"');
      expect([amended.status, amended.headers['etag']]).toEqual([200, '"2"']);
      expect(amended.body).toMatchObject({
        id: own.id,
        version: 2,
        total: 62,
        recommendation: 'accept_with_conditions',
        comment: body.comment,
      });
      expect(amended.body.amendedAt).toEqual(expect.any(String));
      const again = await api(h, token)
        .put(path, { ...body, comment: '再修正', reason: undefined })
        .set('if-match', '"2"');
      expect(again.status).toBe(200);

      // The earlier texts, oldest first, with who replaced them and why; the summary uses the current text.
      const revisions = await api(h, token).get(`${path}/revisions`);
      expect(revisions.body.total).toBe(2);
      expect(
        revisions.body.items.map((r: { version: number; total: number; comment: string; reason: string | null }) => [
          r.version,
          r.total,
          r.comment,
          r.reason,
        ]),
      ).toEqual([
        [1, 70, '妥当な計画', '面談の結果'],
        [2, 62, body.comment, null],
      ]);
      expect(revisions.body.items[0]).toMatchObject({ writtenBy: first, replacedBy: first, recommendation: 'accept' });
      const otherRevisions = await api(h, await h.token(['advisor'], second)).get(`${path}/revisions`);
      expect(otherRevisions.status).toBe(404);
      expect((await api(h, h.tokens.coordinator).get(`${path}/revisions`)).body.total).toBe(2);
      const summary = await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/review-summary`);
      expect(summary.body.total).toMatchObject({ min: 62, max: 70 });
      // The history of amendments is append-only in the database too.
      await expect(h.dataSource.query('UPDATE review_revisions SET comment = $1', ['rewritten'])).rejects.toThrow(/append-only/);

      // Once the committee has decided, the review is closed for good.
      expect((await move(h, p, 'accepted')).status).toBe(201);
      const locked = await api(h, token)
        .put(path, { ...body, comment: '決定後' })
        .set('if-match', '"3"');
      expect(locked.status).toBe(409);
      expect(locked.body).toMatchObject({ code: 'PROPOSALS.REVIEW_LOCKED_BY_DECISION', decision: 'accepted' });
      expect(
        (
          await api(h, h.tokens.coordinator)
            .put(path, { ...body, comment: '決定後' })
            .set('if-match', '"3"')
        ).body.code,
      ).toBe('PROPOSALS.REVIEW_LOCKED_BY_DECISION');
      expect((await api(h, token).get(`/v1/proposals/${p.id}/reviews`)).body.items[0]).toMatchObject({ version: 3, comment: '再修正' });
    });

    it('refuse amendments while the proposal is on hold, and name the review to amend on a second submission', async () => {
      const p = await inScreening();
      const [advisor] = await review(h, p, 1);
      const token = await h.token(['advisor'], advisor);
      const own = (await api(h, token).get(`/v1/proposals/${p.id}/reviews`)).body.items[0];
      const twice = await api(h, token).post(`/v1/proposals/${p.id}/reviews`, {
        scores: GOOD_SCORES,
        comment: 'x',
        recommendation: 'accept',
      });
      expect([twice.status, twice.body.reviewId]).toEqual([409, own.id]);
      await move(h, p, 'on_hold');
      const held = await api(h, token)
        .put(`/v1/proposals/${p.id}/reviews/${own.id}`, { scores: GOOD_SCORES, comment: 'y', recommendation: 'decline' })
        .set('if-match', '"1"');
      expect([held.status, held.body.code]).toEqual([409, 'PROPOSALS.NOT_IN_SCREENING']);
      await move(h, p, 'screening');
      const resumed = await api(h, token)
        .put(`/v1/proposals/${p.id}/reviews/${own.id}`, { scores: GOOD_SCORES, comment: 'y', recommendation: 'decline' })
        .set('if-match', '"1"');
      expect([resumed.status, resumed.body.recommendation]).toEqual([200, 'decline']);
      const unknown = await api(h, h.tokens.coordinator)
        .put(`/v1/proposals/${p.id}/reviews/${uuidv7()}`, { scores: GOOD_SCORES, comment: 'y', recommendation: 'decline' })
        .set('if-match', '"1"');
      expect(unknown.status).toBe(404);
    });

    it('are aggregated for staff: mean and spread per criterion and overall, fail rules on the means', async () => {
      const p = await inScreening();
      await review(h, p, 1, GOOD_SCORES);
      await review(
        h,
        p,
        1,
        GOOD_SCORES.map((s) =>
          s.criterion === 'novelty' ? { ...s, points: 0 } : s.criterion === 'cluster_necessity' ? { ...s, points: 1 } : s,
        ),
      );
      const res = await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/review-summary`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        reviews: 2,
        maxTotal: 100,
        rubric: { fiscalYear: 1990, version: 1 },
        recommendations: { accept: 2, accept_with_conditions: 0, decline: 0 },
        total: { mean: 59.5, min: 49, max: 70, stdDev: 10.5 },
        failed: true,
      });
      expect(res.body.criteria.find((c: { criterion: string }) => c.criterion === 'novelty')).toEqual({
        criterion: 'novelty',
        maxPoints: 20,
        minimum: 6,
        mean: 7.5,
        min: 0,
        max: 15,
        stdDev: 7.5,
      });
      // Each criterion's mean passes (novelty 7.5 >= 6, cluster necessity 4 >= 3); the mean total does not.
      expect(res.body.failures).toEqual([{ rule: 'total_below_minimum', total: 59.5, minimum: 60 }]);
      const reviews = await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/reviews`);
      expect(reviews.body.items.map((r: { failed: boolean }) => r.failed)).toEqual([false, true]);
      expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/review-summary`)).status).toBe(403);
      expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/reviews`)).status).toBe(403);
      expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/assignments`)).status).toBe(403);
    });
  });
});
