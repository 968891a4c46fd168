import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TeamFormedV1 } from '@collabo/contracts';
import { countEvents, readEvents } from '@collabo/service-kit/testing';
import { v7 as uuidv7 } from 'uuid';
import { api, bringIn, move, review, startHarness, type Harness } from './support/harness.js';

describe('support teams', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const accepted = async (options: Parameters<typeof bringIn>[1] = {}) => {
    const p = await bringIn(h, options);
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    await review(h, p, 2);
    await move(h, p, 'accepted');
    return p;
  };
  const put = (id: string, members: object[], token = h.tokens.coordinator) => api(h, token).put(`/v1/proposals/${id}/team`, { members });
  const teams = async () => (await h.dataSource.query('SELECT count(*)::int AS n FROM teams'))[0].n as number;

  it('forms a team around an accepted proposal only', async () => {
    const p = await bringIn(h);
    const advisor = h.registry.advisor();
    const members = [
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: advisor.id, role: 'advisor' },
    ];
    const early = await put(p.id, members);
    expect([early.status, early.body.code]).toEqual([409, 'PROPOSALS.TEAM_NOT_ALLOWED']);
    const declined = await bringIn(h);
    await move(h, declined, 'pre_screening');
    await move(h, declined, 'screening');
    await review(h, declined, 2);
    await move(h, declined, 'declined');
    expect((await put(declined.id, members)).body.code).toBe('PROPOSALS.TEAM_NOT_ALLOWED');
    const missing = await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/team`);
    expect([missing.status, missing.body.code]).toEqual([404, 'PROPOSALS.TEAM_NOT_FOUND']);
  });

  it('needs a coordinator and an advisor, each person once, with known people', async () => {
    const p = await accepted();
    const advisor = h.registry.advisor();
    const noCoordinator = await put(p.id, [
      { personId: advisor.id, role: 'advisor' },
      { personId: h.registry.advisor().id, role: 'lead_advisor' },
    ]);
    expect([noCoordinator.status, noCoordinator.body.errors]).toEqual([400, [{ field: 'members', message: 'a team needs a coordinator' }]]);
    const twice = await put(p.id, [
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: advisor.id, role: 'advisor' },
      { personId: advisor.id, role: 'lead_advisor' },
    ]);
    expect(twice.body.errors).toEqual([{ field: 'members.2.personId', message: 'each person once' }]);
    const alone = await put(p.id, [{ personId: h.ids.coordinator, role: 'coordinator' }]);
    expect([alone.status, alone.body.errors[0].field]).toEqual([400, 'members']);
    const badRole = await put(p.id, [
      { personId: h.ids.coordinator, role: 'boss' },
      { personId: advisor.id, role: 'advisor' },
    ]);
    expect([badRole.status, badRole.body.errors[0].field]).toEqual([400, 'members.0.role']);
    const unknown = await put(p.id, [
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: uuidv7(), role: 'advisor' },
    ]);
    expect([unknown.status, unknown.body.code, unknown.body.errors[0].field]).toEqual([
      422,
      'PROPOSALS.PERSON_NOT_FOUND',
      'members.1.personId',
    ]);
  });

  it('refuses a conflicted advisor without a waiver, forms the team with one, publishes team formed, and shows advisors only themselves', async () => {
    const proposer = h.registry.organization('company');
    const p = await accepted({ proposer });
    const lead = h.registry.advisor({ org: h.registry.organization('university') });
    const conflicted = h.registry.advisor({ org: proposer });
    const members = [
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: lead.id, role: 'lead_advisor' },
      { personId: conflicted.id, role: 'advisor' },
    ];
    const refused = await put(p.id, members);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'PROPOSALS.CONFLICT_OF_INTEREST',
      members: [{ personId: conflicted.id, conflicts: [{ kind: 'affiliated_with_proposer', organizationId: proposer.id }] }],
    });
    members[2] = { ...members[2]!, waiverReason: '製品の評価に不可欠な専門性のため委員会が了承' } as never;
    const formed = await put(p.id, members);
    expect(formed.status).toBe(201);
    expect(formed.headers['etag']).toBe('"1"');
    expect(formed.body.members).toEqual([
      { personId: h.ids.coordinator, role: 'coordinator', conflicts: [], waiverReason: null },
      { personId: lead.id, role: 'lead_advisor', conflicts: [], waiverReason: null },
      {
        personId: conflicted.id,
        role: 'advisor',
        conflicts: [expect.objectContaining({ organizationId: proposer.id })],
        waiverReason: '製品の評価に不可欠な専門性のため委員会が了承',
      },
    ]);

    const { envelopes } = await readEvents<TeamFormedV1.Data>(h.nc, h.prefix, TeamFormedV1.subject, await teams());
    expect(envelopes.find((e) => e.data.teamId === formed.body.id)?.data).toMatchObject({
      proposal: { proposalId: p.id },
      members: [
        { personId: h.ids.coordinator, role: 'coordinator' },
        { personId: lead.id, role: 'lead_advisor' },
        { personId: conflicted.id, role: 'advisor' },
      ],
    });

    const asLead = await api(h, await h.token(['advisor'], lead.id)).get(`/v1/proposals/${p.id}/team`);
    expect(asLead.status).toBe(200);
    expect(asLead.body.members).toEqual([
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: lead.id, role: 'lead_advisor' },
    ]);
    expect((await api(h, await h.token(['advisor'], lead.id)).get(`/v1/proposals/${p.id}`)).status).toBe(200);
    expect((await api(h, await h.token(['advisor'])).get(`/v1/proposals/${p.id}/team`)).status).toBe(404);
    expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/team`)).status).toBe(200);
    expect((await move(h, p, 'team_formed')).status).toBe(201);
  });

  it('replaces the members only with the team’s ETag, without announcing a new team', async () => {
    const p = await accepted();
    const a = h.registry.advisor();
    const b = h.registry.advisor();
    const first = await put(p.id, [
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: a.id, role: 'lead_advisor' },
    ]);
    const events = await teams();
    const next = [
      { personId: h.ids.coordinator, role: 'coordinator' },
      { personId: a.id, role: 'advisor' },
      { personId: b.id, role: 'lead_advisor' },
    ];
    expect((await put(p.id, next)).status).toBe(428);
    expect((await put(p.id, next).set('if-match', '"7"')).status).toBe(412);
    expect((await put(p.id, next, h.tokens.viewer).set('if-match', '"1"')).status).toBe(403);
    const replaced = await put(p.id, next).set('if-match', `"${first.body.version}"`);
    expect([replaced.status, replaced.headers['etag'], replaced.body.id]).toEqual([200, '"2"', first.body.id]);
    expect(replaced.body.members.map((m: { personId: string; role: string }) => [m.personId, m.role])).toEqual([
      [h.ids.coordinator, 'coordinator'],
      [b.id, 'lead_advisor'],
      [a.id, 'advisor'],
    ]);
    await readEvents(h.nc, h.prefix, TeamFormedV1.subject, events);
    expect(await countEvents(h.nc, h.prefix, TeamFormedV1.subject)).toBe(events);
  });

  describe('suggestions', () => {
    it('rank advisors by focus match, sector mix and open assignments, excluding the conflicted and the team, explaining each score', async () => {
      const proposer = h.registry.organization('company');
      const p = await accepted({ proposer, body: { focusFields: ['food', 'bio'] } });
      h.registry.accounts.clear(); // only the advisors below are candidates
      const company = h.registry.organization('company');
      const university = h.registry.organization('university');
      const prefecture = h.registry.organization('prefectural_government');
      const indFood = h.registry.advisor({ org: company, expertise: ['food'] });
      const indFoodBio = h.registry.advisor({ org: company, expertise: ['food', 'bio'] });
      const acaBio = h.registry.advisor({ org: university, expertise: ['bio'] });
      const gov = h.registry.advisor({ org: prefecture, expertise: [] });
      const conflicted = h.registry.advisor({ org: proposer, expertise: ['food', 'bio'] });
      const member = h.registry.advisor({ org: university, expertise: ['food'] });
      const formerly = h.registry.advisor({ org: prefecture, from: '1999-04-01', to: '2001-03-31', expertise: ['tourism'] });
      h.registry.affiliate(formerly.id, company, '2001-04-01', null);
      const staff = h.registry.person();
      h.registry.account(staff.id, ['coordinator']);
      // Open review assignments: two for indFoodBio, one for acaBio.
      for (const advisor of [indFoodBio, indFoodBio, acaBio]) {
        const other = await bringIn(h);
        expect((await api(h, h.tokens.coordinator).post(`/v1/proposals/${other.id}/assignments`, { advisorId: advisor.id })).status).toBe(
          201,
        );
      }
      await put(p.id, [
        { personId: h.ids.coordinator, role: 'coordinator' },
        { personId: member.id, role: 'lead_advisor' },
      ]);

      const res = await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/team-suggestions`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        proposalId: p.id,
        focusFields: ['food', 'bio'],
        teamSectors: ['academia'],
        candidatesComplete: true,
        lookBackYears: 3,
      });
      // indFoodBio: 2 fields + industry - 2 open; then industry is on the team, so indFood has only its field;
      // gov brings government; acaBio has a field but academia is there already and one open review.
      expect(res.body.suggestions.map((s: { personId: string; score: number }) => [s.personId, s.score])).toEqual([
        [indFoodBio.id, 22],
        [indFood.id, 10],
        [gov.id, 8],
        [acaBio.id, 7],
        [formerly.id, 0],
      ]);
      expect(res.body.suggestions[4].sectors).toEqual(['industry']);
      expect(res.body.suggestions[0]).toEqual({
        rank: 1,
        personId: indFoodBio.id,
        score: 22,
        sectors: ['industry'],
        matchingFields: ['food', 'bio'],
        openAssignments: 2,
        explanation: [
          { factor: 'focus_match', points: 20, detail: 'shares food, bio with the proposal' },
          { factor: 'new_sector', points: 8, detail: 'brings industry, not yet on the team' },
          { factor: 'open_assignments', points: -6, detail: '2 open assignment(s)' },
        ],
      });
      expect(res.body.excluded).toEqual(
        expect.arrayContaining([
          {
            personId: conflicted.id,
            reason: 'conflict_of_interest',
            conflicts: [expect.objectContaining({ kind: 'affiliated_with_proposer' })],
          },
          { personId: member.id, reason: 'already_on_team', conflicts: [] },
        ]),
      );
      expect(res.body.excluded).toHaveLength(2);
      expect(JSON.stringify(res.body)).not.toContain(staff.id);

      const two = await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/team-suggestions?limit=2`);
      expect(two.body.suggestions.map((s: { personId: string }) => s.personId)).toEqual([indFoodBio.id, indFood.id]);
    });

    it('are for admins and coordinators only, with a bounded limit', async () => {
      const p = await bringIn(h);
      expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/team-suggestions`)).status).toBe(403);
      expect((await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/team-suggestions?limit=0`)).status).toBe(400);
      expect((await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/team-suggestions?limit=51`)).status).toBe(400);
      expect((await api(h, h.tokens.coordinator).get(`/v1/proposals/${uuidv7()}/team-suggestions`)).status).toBe(404);
      expect((await api(h, h.tokens.admin).get(`/v1/proposals/${p.id}/team-suggestions?limit=1`)).status).toBe(200);
    });
  });
});
