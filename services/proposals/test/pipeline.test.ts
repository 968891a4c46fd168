import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProposalAdvancedV1, ProposalDecidedV1 } from '@collabo/contracts';
import type { Actor } from '@collabo/service-kit';
import { countEvents, readEvents } from '@collabo/service-kit/testing';
import { ProposalAccess } from '../src/proposals/proposal-access.js';
import { Proposal, ProposalTransition } from '../src/proposals/proposal.entity.js';
import { tokyoToday } from './support/dates.js';
import { api, bringIn, formTeam, move, review, startHarness, type Harness } from './support/harness.js';

const codes = (stages: { code: string }[]) => stages.map((s) => s.code);

describe('the screening pipeline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const history = async (id: string) => (await api(h, h.tokens.viewer).get(`/v1/proposals/${id}/transitions?limit=100`)).body.items;

  it('runs the support track from received to on sale, with reviews, a decision and a team, keeping every step', async () => {
    const p = await bringIn(h);
    expect((await move(h, p, 'pre_screening', { reason: '書類が揃った' })).status).toBe(201);
    const screening = await move(h, p, 'screening');
    expect(screening.status).toBe(201);
    expect(screening.body.proposal.rubric).toMatchObject({ fiscalYear: 1990, version: 1 });
    await review(h, p, 2);
    const accepted = await move(h, p, 'accepted', { reason: '審査委員会で採択' });
    expect(accepted.status).toBe(201);
    expect(codes(accepted.body.proposal.allowedNextStages)).toEqual(['team_formed', 'on_hold', 'withdrawn', 'discontinued']);
    await formTeam(h, p);
    for (const to of ['team_formed', 'prototyping', 'commercializing', 'sales_planned', 'on_sale']) {
      const res = await move(h, p, to);
      expect([to, res.status]).toEqual([to, 201]);
      expect(res.headers['etag']).toBe(`"${p.version}"`);
    }
    const done = await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}`);
    expect(done.body).toMatchObject({ stage: { code: 'on_sale', kind: 'on_sale' }, allowedNextStages: [] });

    const lines = await history(p.id);
    expect(lines.map((l: { from: { code: string } | null; to: { code: string } }) => [l.from?.code ?? null, l.to.code])).toEqual([
      [null, 'received'],
      ['received', 'pre_screening'],
      ['pre_screening', 'screening'],
      ['screening', 'accepted'],
      ['accepted', 'team_formed'],
      ['team_formed', 'prototyping'],
      ['prototyping', 'commercializing'],
      ['commercializing', 'sales_planned'],
      ['sales_planned', 'on_sale'],
    ]);
    expect(lines[1]).toMatchObject({ seq: 2, reason: '書類が揃った', actorId: h.ids.coordinator, historical: false, resumed: false });
    expect(lines[3].to.label).toEqual({ ja: '採択', en: 'Accepted' });
    expect(lines[3].effectiveAt).toMatch(/\+09:00$/);
  });

  it('refuses a move the programme does not allow with 409 and the allowed next stages, changing nothing', async () => {
    const p = await bringIn(h);
    const res = await move(h, p, 'accepted');
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body).toMatchObject({ code: 'PROPOSALS.TRANSITION_NOT_ALLOWED', from: { code: 'received' }, requested: 'accepted' });
    expect(codes(res.body.allowed)).toEqual(['pre_screening', 'returned', 'on_hold', 'withdrawn']);
    expect(res.body.allowed[0]).toEqual({ code: 'pre_screening', label: { ja: '事前審査', en: 'Pre-screening' }, kind: 'step' });
    for (const to of ['received', 'nowhere']) expect((await move(h, p, to)).body.code).toBe('PROPOSALS.TRANSITION_NOT_ALLOWED');
    expect((await move(h, p, 'Not a stage')).status).toBe(400);
    expect(await history(p.id)).toHaveLength(1);
    expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}`)).body.version).toBe(1);
  });

  it('refuses a decision without the programme’s minimum of completed reviews, either way', async () => {
    const p = await bringIn(h);
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    const none = await move(h, p, 'accepted');
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({ code: 'PROPOSALS.NOT_ENOUGH_REVIEWS', required: 2, completed: 0 });
    await review(h, p, 1);
    expect((await move(h, p, 'declined')).body).toMatchObject({ code: 'PROPOSALS.NOT_ENOUGH_REVIEWS', required: 2, completed: 1 });
    // A declined or withdrawn assignment is not a completed review.
    const advisor = h.registry.advisor();
    const assigned = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/assignments`, { advisorId: advisor.id });
    await api(h, await h.token(['advisor'], advisor.id)).post(`/v1/proposals/${p.id}/assignments/${assigned.body.id}/decline`, {
      reason: '多忙',
    });
    expect((await move(h, p, 'declined')).body.completed).toBe(1);
    await review(h, p, 1);
    const declined = await move(h, p, 'declined', { reason: '市場性が不十分' });
    expect(declined.status).toBe(201);
    expect(declined.body.proposal.allowedNextStages).toEqual([]);
  });

  it('refuses team_formed without a team', async () => {
    const p = await bringIn(h);
    for (const to of ['pre_screening', 'screening']) await move(h, p, to);
    await review(h, p, 2);
    await move(h, p, 'accepted');
    const res = await move(h, p, 'team_formed');
    expect([res.status, res.body.code]).toEqual([409, 'PROPOSALS.TEAM_REQUIRED']);
    await formTeam(h, p);
    expect((await move(h, p, 'team_formed')).status).toBe(201);
  });

  it('needs the ETag: 428 without If-Match, 412 when someone moved it first', async () => {
    const p = await bringIn(h);
    const path = `/v1/proposals/${p.id}/transitions`;
    const missing = await api(h, h.tokens.coordinator).post(path, { to: 'pre_screening', reason: 'x' });
    expect(missing.status).toBe(428);
    const stale = await api(h, h.tokens.coordinator).post(path, { to: 'pre_screening', reason: 'x' }).set('if-match', '"0"');
    expect([stale.status, stale.body.code, stale.body.currentEtag]).toEqual([412, 'COMMON.STALE_VERSION', '"1"']);
  });

  it('lets exactly one of several simultaneous moves win; the others get 412 and nothing of theirs is kept', async () => {
    const p = await bringIn(h);
    const targets = ['pre_screening', 'on_hold', 'withdrawn', 'returned', 'pre_screening', 'on_hold'];
    const results = await Promise.all(
      targets.map((to) =>
        api(h, h.tokens.coordinator)
          .post(`/v1/proposals/${p.id}/transitions`, { to, reason: `race ${to}` })
          .set('if-match', '"1"'),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 412, 412, 412, 412, 412]);
    const winner = results.find((r) => r.status === 201)!;
    const lines = await history(p.id);
    expect(lines).toHaveLength(2);
    expect(lines[1].to.code).toBe(winner.body.transition.to.code);
    expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}`)).body.version).toBe(2);
  });

  it('reads and locks a proposal for a move with plain SQL exactly as TypeORM reads it, and writes the line as TypeORM would read it back', async () => {
    const p = await bringIn(h, { body: { broughtInOn: '2003-03-31' } });
    expect((await move(h, p, 'on_hold', { reason: '保留' })).status).toBe(201);
    const access = h.svc.app.get(ProposalAccess);
    const actor: Actor = { personId: h.ids.coordinator, roles: ['coordinator'] };
    const viaTypeorm = await h.dataSource.manager.findOneByOrFail(Proposal, { id: p.id });
    const locked = await h.dataSource.transaction((tx) => access.visible(actor, p.id, tx, true));
    expect(locked).toBeInstanceOf(Proposal);
    expect(locked).toEqual(viaTypeorm);
    expect(locked).toMatchObject({
      broughtInOn: '2003-03-31',
      stage: 'on_hold',
      resumeStage: 'received',
      version: 2,
      titleEn: 'A food material from kelp holdfasts',
    });
    expect(locked.updatedAt).toBeInstanceOf(Date);
    // An advisor who is neither assigned nor on the team gets the same 404 as for a proposal that does not exist.
    const advisor: Actor = { personId: h.registry.person().id, roles: ['advisor'] };
    await expect(access.visible(advisor, p.id)).rejects.toMatchObject({ code: 'PROPOSALS.PROPOSAL_NOT_FOUND' });
    const line = await h.dataSource.manager.findOneByOrFail(ProposalTransition, { proposalId: p.id, seq: 2 });
    expect(line).toMatchObject({
      fromStage: 'received',
      toStage: 'on_hold',
      reason: '保留',
      resumed: false,
      historical: false,
      actorId: h.ids.coordinator,
    });
    expect(line.effectiveAt.toISOString()).toBe(line.recordedAt.toISOString());
    expect(line.recordedAt.toISOString()).toBe(viaTypeorm.updatedAt.toISOString());
  });

  it('records history brought over from spreadsheets by effective date, in order, never in the future', async () => {
    const p = await bringIn(h, { body: { broughtInOn: '2002-05-10' } });
    const first = await move(h, p, 'pre_screening', { effectiveAt: '2002-06-01T10:00:00+09:00' });
    expect(first.status).toBe(201);
    expect(first.body.transition).toMatchObject({ effectiveAt: '2002-06-01T10:00:00.000+09:00' });
    expect(first.body.transition.recordedAt).not.toBe(first.body.transition.effectiveAt);
    const before = await move(h, p, 'screening', { effectiveAt: '2002-05-31T23:59:59+09:00' });
    expect(before.status).toBe(422);
    expect(before.body).toMatchObject({
      code: 'PROPOSALS.EFFECTIVE_DATE_OUT_OF_ORDER',
      previousEffectiveAt: '2002-06-01T10:00:00.000+09:00',
      errors: [{ field: 'effectiveAt' }],
    });
    const future = await move(h, p, 'screening', { effectiveAt: '2999-01-01T00:00:00+09:00' });
    expect([future.status, future.body.errors[0].field]).toEqual([400, 'effectiveAt']);
    for (const effectiveAt of ['2002-07-01T10:00:00', '2002-07-01', 'yesterday', '2002-02-30T10:00:00+09:00']) {
      expect([effectiveAt, (await move(h, p, 'screening', { effectiveAt })).status]).toEqual([effectiveAt, 400]);
    }
    const screening = await move(h, p, 'screening', { effectiveAt: '2002-06-15T09:00:00Z' });
    expect(screening.body.transition.effectiveAt).toBe('2002-06-15T18:00:00.000+09:00');
    // The rubric is the one in force when screening started (FY2002): the default one, from FY1990.
    expect(screening.body.proposal.rubric).toMatchObject({ fiscalYear: 1990 });
  });

  it('lets admins and coordinators record historical decisions without their evidence, dated before today, and marks them', async () => {
    const p = await bringIn(h, { body: { broughtInOn: '2001-05-10' } });
    await move(h, p, 'pre_screening', { effectiveAt: '2001-06-01T10:00:00+09:00' });
    await move(h, p, 'screening', { effectiveAt: '2001-07-01T10:00:00+09:00' });
    // History is the past: a "historical" move without a date, or taking effect today, would skip the review guard
    // and the emails for today's work. Refused.
    const startOfToday = `${tokyoToday(h.clock.now())}T00:00:00+09:00`;
    for (const when of [{}, { effectiveAt: startOfToday }]) {
      const today = await move(h, p, 'accepted', { historical: true, ...when });
      expect([today.status, today.body.errors?.[0]?.field]).toEqual([400, 'effectiveAt']);
    }
    const viewer = await move(h, p, 'accepted', { effectiveAt: '2001-09-01T10:00:00+09:00', historical: true }, h.tokens.viewer);
    expect(viewer.status).toBe(403);
    // "Admin and coordinator: everything" (issue 3).
    const coordinator = await move(h, p, 'accepted', { effectiveAt: '2001-09-01T10:00:00+09:00', historical: true });
    expect(coordinator.status).toBe(201);
    expect(coordinator.body.transition).toMatchObject({ historical: true, actorId: h.ids.coordinator });
    const admin = coordinator;
    const team = await move(h, p, 'team_formed', { effectiveAt: '2001-10-01T10:00:00+09:00', historical: true }, h.tokens.admin);
    expect(team.status).toBe(201);
    // The pipeline still holds for historical records.
    const skip = await move(h, p, 'on_sale', { effectiveAt: '2001-11-01T10:00:00+09:00', historical: true }, h.tokens.admin);
    expect(skip.body.code).toBe('PROPOSALS.TRANSITION_NOT_ALLOWED');
    const { envelopes } = await readEvents<ProposalDecidedV1.Data>(h.nc, h.prefix, ProposalDecidedV1.subject, await decisions());
    expect(envelopes.find((e) => e.data.transitionId === admin.body.transition.id)?.data).toMatchObject({
      decision: 'accepted',
      effectiveAt: '2001-09-01T10:00:00.000+09:00',
      historical: true,
    });
  });

  const decisions = async () =>
    (
      await h.dataSource.query(
        `SELECT count(*)::int AS n FROM proposal_transitions WHERE to_stage IN ('accepted', 'declined') AND from_stage <> 'on_hold'`,
      )
    )[0].n as number;

  it('puts a proposal on hold and resumes it only where it was; a returned one comes back to intake', async () => {
    const p = await bringIn(h);
    await move(h, p, 'pre_screening');
    const held = await move(h, p, 'on_hold', { reason: '申請者の都合' });
    expect(codes(held.body.proposal.allowedNextStages)).toEqual(['pre_screening', 'withdrawn', 'discontinued']);
    const elsewhere = await move(h, p, 'screening');
    expect([elsewhere.status, codes(elsewhere.body.allowed)]).toEqual([409, ['pre_screening', 'withdrawn', 'discontinued']]);
    const resumed = await move(h, p, 'pre_screening');
    expect(resumed.body.transition).toMatchObject({ resumed: true });
    const returned = await move(h, p, 'returned', { reason: '見積書が不足' });
    expect(codes(returned.body.proposal.allowedNextStages)).toEqual(['received', 'pre_screening', 'withdrawn']);
    expect((await move(h, p, 'received', { reason: '書類再提出' })).status).toBe(201);
    expect((await move(h, p, 'withdrawn', { reason: '申請者より取下げ' })).status).toBe(201);
    const after = await move(h, p, 'pre_screening');
    expect([after.status, after.body.allowed]).toEqual([409, []]);
  });

  it('keeps the history append-only in the database itself', async () => {
    const p = await bringIn(h);
    await expect(h.dataSource.query(`UPDATE proposal_transitions SET reason = 'rewritten' WHERE proposal_id = $1`, [p.id])).rejects.toThrow(
      /append-only/,
    );
    await expect(h.dataSource.query(`DELETE FROM proposal_transitions WHERE proposal_id = $1`, [p.id])).rejects.toThrow(/append-only/);
    await expect(h.dataSource.query(`TRUNCATE proposal_transitions CASCADE`)).rejects.toThrow(/append-only/);
    expect((await history(p.id))[0].reason).toBe('brought in');
  });

  it('pages the history', async () => {
    const p = await bringIn(h);
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    const res = await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/transitions?limit=2&offset=1`);
    expect([res.body.total, res.body.items.map((l: { seq: number }) => l.seq)]).toEqual([3, [2, 3]]);
  });

  it('lets only admins and coordinators move proposals', async () => {
    const p = await bringIn(h);
    const advisor = h.registry.advisor();
    await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/assignments`, { advisorId: advisor.id });
    for (const token of [h.tokens.viewer, await h.token(['advisor'], advisor.id)]) {
      const res = await api(h, token)
        .post(`/v1/proposals/${p.id}/transitions`, { to: 'pre_screening', reason: 'x' })
        .set('if-match', '"1"');
      expect(res.status).toBe(403);
    }
    const admin = await move(h, p, 'pre_screening', {}, h.tokens.admin);
    expect(admin.status).toBe(201);
    expect((await move(h, { id: '0190f3c6-0000-7000-8000-000000000000', version: 1 }, 'pre_screening')).status).toBe(404);
  });

  it('publishes the advanced event exactly once per transition, with everything a notification needs', async () => {
    const transitions: { id: string; proposal_id: string; from_stage: string; to_stage: string }[] = await h.dataSource.query(
      'SELECT id, proposal_id, from_stage, to_stage FROM proposal_transitions WHERE seq > 1',
    );
    expect(transitions.length).toBeGreaterThan(30);
    const { envelopes } = await readEvents<ProposalAdvancedV1.Data>(h.nc, h.prefix, ProposalAdvancedV1.subject, transitions.length);
    expect(await countEvents(h.nc, h.prefix, ProposalAdvancedV1.subject)).toBe(transitions.length);
    expect(envelopes.map((e) => e.data.transitionId).sort()).toEqual(transitions.map((t) => t.id).sort());
    const [{ unpublished }] = await h.dataSource.query('SELECT count(*)::int AS unpublished FROM outbox WHERE published_at IS NULL');
    expect(unpublished).toBe(0);
    const sample = envelopes.find((e) => e.data.to.code === 'accepted' && !e.data.historical)!;
    expect(sample).toMatchObject({
      type: 'proposals.evt.proposal.advanced',
      version: 1,
      source: 'proposals',
      aggregateId: sample.data.proposal.proposalId,
      data: {
        proposal: {
          programmeCode: 'support-track',
          programmeName: { ja: '事業化支援', en: 'Commercialisation support' },
          title: { ja: expect.any(String) },
        },
        from: { code: 'screening', label: { ja: '審査', en: 'Screening' }, kind: 'screening' },
        to: { code: 'accepted', label: { ja: '採択', en: 'Accepted' }, kind: 'accepted' },
        reason: expect.any(String),
        effectiveAt: expect.stringMatching(/\+09:00$/),
        recordedAt: expect.stringMatching(/\+09:00$/),
        actorId: h.ids.coordinator,
        historical: false,
        resumed: false,
      },
    });
    // A return from hold says so: notifications tells it as progress, not as a second decision.
    const resumedIds = new Set(
      ((await h.dataSource.query('SELECT id FROM proposal_transitions WHERE resumed')) as { id: string }[]).map((t) => t.id),
    );
    for (const e of envelopes)
      expect([e.data.transitionId, e.data.resumed]).toEqual([e.data.transitionId, resumedIds.has(e.data.transitionId)]);
    // Decisions: one decided event per decision (not for a return from hold), carrying the result only.
    const decided = await readEvents<ProposalDecidedV1.Data>(h.nc, h.prefix, ProposalDecidedV1.subject, await decisions());
    expect(await countEvents(h.nc, h.prefix, ProposalDecidedV1.subject)).toBe(await decisions());
    expect(Object.keys(decided.envelopes[0]!.data).sort()).toEqual(['decision', 'effectiveAt', 'historical', 'proposal', 'transitionId']);
  });
});
