import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganizationMergedV1 } from '@collabo/contracts';
import { TestAuthority } from '@collabo/service-kit/testing';
import { SignJWT, base64url } from 'jose';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { GOOD_SCORES, api, bringIn, move, review, startHarness, type Harness } from './support/harness.js';

/**
 * Every route of the OpenAPI document x every role, with the status each cell must answer. An "assigned"
 * advisor reviews the proposal of the cell (or sits on its team); an "unassigned" one has nothing to do
 * with it and must learn nothing: 404 wherever the proposal is named, exactly as for one that does not
 * exist; 403 where the role may never act whatever the proposal. Writes get fresh records per cell.
 */
const ROLES = ['admin', 'coordinator', 'advisorAssigned', 'advisorUnassigned', 'viewer'] as const;
type Role = (typeof ROLES)[number];
type Statuses = [admin: number, coordinator: number, advisorAssigned: number, advisorUnassigned: number, viewer: number];

interface Fixture {
  /** The advisor the cell's records are assigned to. */
  advisorId: string;
  send(token: string): request.Test;
  /** What the answer must hold for a role, beyond its status. */
  check?(role: Role, body: unknown): void;
}

interface Row {
  expected: Statuses;
  /** Builds what one request needs. */
  setup(): Promise<Fixture>;
  /** Reads: one setup serves every role. */
  readOnly?: boolean;
}

describe('who may do what: every route x every role', () => {
  let h: Harness;
  let other: TestAuthority;
  let routesInDocument: string[];
  const http = () => request(h.svc.http);
  const label = (ja: string) => ({ ja, en: null });

  beforeAll(async () => {
    h = await startHarness();
    other = await TestAuthority.start();
    const document = (await http().get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    routesInDocument = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  });
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  // Records the cells need, built through the API as staff would.
  const screening = async () => {
    const p = await bringIn(h);
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    const advisor = h.registry.advisor();
    const assignment = await api(h, h.tokens.coordinator).post(`/v1/proposals/${p.id}/assignments`, { advisorId: advisor.id });
    return { p, advisorId: advisor.id, assignmentId: assignment.body.id as string };
  };
  const reviewed = async () => {
    const s = await screening();
    const written = await api(h, await h.token(['advisor'], s.advisorId)).post(`/v1/proposals/${s.p.id}/reviews`, {
      scores: GOOD_SCORES,
      comment: 'x',
      recommendation: 'accept',
    });
    return { ...s, reviewId: written.body.id as string };
  };
  const accepted = async () => {
    const p = await bringIn(h);
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    const [advisorId] = await review(h, p, 2);
    await move(h, p, 'accepted');
    return { p, advisorId: advisorId! };
  };
  const withTeam = async () => {
    const a = await accepted();
    const teamAdvisor = h.registry.advisor();
    await api(h, h.tokens.coordinator).put(`/v1/proposals/${a.p.id}/team`, {
      members: [
        { personId: h.ids.coordinator, role: 'coordinator' },
        { personId: teamAdvisor.id, role: 'lead_advisor' },
      ],
    });
    return { p: a.p, advisorId: teamAdvisor.id };
  };
  const deadLetter = async () => {
    const id = uuidv7();
    const survivorId = uuidv7();
    const envelope = {
      id: uuidv7(),
      type: 'registry.evt.organization.merged',
      version: 1,
      occurredAt: new Date().toISOString(),
      source: 'registry',
      aggregateId: survivorId,
      correlationId: 'auth-matrix',
      causationId: null,
      data: { survivorId, mergedId: uuidv7(), movedAffiliations: 0, movedMemberships: 0 },
    };
    await h.dataSource.query(
      `INSERT INTO dead_letters (id, consumer, subject, message_id, payload, error, attempts) VALUES ($1, $2, $3, $4, $5, $6, 5)`,
      [
        id,
        'proposals-update-references-on-organization-merged',
        OrganizationMergedV1.subject,
        envelope.id,
        JSON.stringify(envelope),
        'test',
      ],
    );
    return id;
  };
  const nobody = () => h.registry.advisor().id;
  const programme = (code: string) => ({
    code,
    name: label('試験'),
    initialStage: 'a',
    minCompletedReviews: 0,
    stages: [
      { code: 'a', label: label('甲'), kind: 'intake', position: 1 },
      { code: 'b', label: label('乙'), kind: 'closed', position: 2 },
    ],
    transitions: [{ from: 'a', to: 'b' }],
  });
  const rubric = { fiscalYear: 2030, minTotal: 10, minCriterionRatio: 0.1, criteria: [{ code: 'x', label: label('x'), maxPoints: 100 }] };

  const STAFF_ONLY: Statuses = [200, 200, 403, 403, 403];
  const STAFF_CREATE: Statuses = [201, 201, 403, 403, 403];
  const EVERYONE: Statuses = [200, 200, 200, 200, 200];
  /** Readers of a proposal: the unassigned advisor learns nothing. */
  const PROPOSAL_READERS: Statuses = [200, 200, 200, 404, 200];
  /** Staff and the assigned advisor; viewers never see reviews or assignments. */
  const REVIEW_READERS: Statuses = [200, 200, 200, 404, 403];

  const table: Record<string, Row> = {
    'GET /v1/dead-letters': {
      expected: STAFF_ONLY,
      readOnly: true,
      setup: async () => ({ advisorId: nobody(), send: (t) => http().get('/v1/dead-letters').auth(t, { type: 'bearer' }) }),
    },
    'GET /v1/dead-letters/{id}': {
      expected: STAFF_ONLY,
      readOnly: true,
      setup: async () => {
        const id = await deadLetter();
        return { advisorId: nobody(), send: (t) => http().get(`/v1/dead-letters/${id}`).auth(t, { type: 'bearer' }) };
      },
    },
    'POST /v1/dead-letters/{id}/retry': {
      expected: STAFF_ONLY,
      setup: async () => {
        const id = await deadLetter();
        return { advisorId: nobody(), send: (t) => http().post(`/v1/dead-letters/${id}/retry`).auth(t, { type: 'bearer' }) };
      },
    },
    'POST /v1/dead-letters/{id}/dismiss': {
      expected: STAFF_ONLY,
      setup: async () => {
        const id = await deadLetter();
        return { advisorId: nobody(), send: (t) => http().post(`/v1/dead-letters/${id}/dismiss`).auth(t, { type: 'bearer' }) };
      },
    },
    'GET /v1/programmes': {
      expected: EVERYONE,
      readOnly: true,
      setup: async () => ({ advisorId: nobody(), send: (t) => http().get('/v1/programmes').auth(t, { type: 'bearer' }) }),
    },
    'POST /v1/programmes': {
      expected: STAFF_CREATE,
      setup: async () => {
        const body = programme(`auth-${uuidv7().slice(-12)}`);
        return { advisorId: nobody(), send: (t) => http().post('/v1/programmes').auth(t, { type: 'bearer' }).send(body) };
      },
    },
    'GET /v1/programmes/{code}': {
      expected: EVERYONE,
      readOnly: true,
      setup: async () => ({ advisorId: nobody(), send: (t) => http().get('/v1/programmes/support-track').auth(t, { type: 'bearer' }) }),
    },
    'PUT /v1/programmes/{code}': {
      expected: STAFF_ONLY,
      setup: async () => {
        const { code, ...definition } = programme(`auth-${uuidv7().slice(-12)}`);
        await api(h, h.tokens.admin).post('/v1/programmes', { code, ...definition });
        const revised = {
          ...definition,
          note: '段階を追加',
          stages: [...definition.stages, { code: 'c', label: label('丙'), kind: 'step', position: 3 }],
        };
        return {
          advisorId: nobody(),
          send: (t) => http().put(`/v1/programmes/${code}`).auth(t, { type: 'bearer' }).set('if-match', '"1"').send(revised),
        };
      },
    },
    'GET /v1/programmes/{code}/versions': {
      expected: EVERYONE,
      readOnly: true,
      setup: async () => ({
        advisorId: nobody(),
        send: (t) => http().get('/v1/programmes/support-track/versions').auth(t, { type: 'bearer' }),
      }),
    },
    'GET /v1/programmes/{code}/versions/{version}': {
      expected: EVERYONE,
      readOnly: true,
      setup: async () => ({
        advisorId: nobody(),
        send: (t) => http().get('/v1/programmes/support-track/versions/1').auth(t, { type: 'bearer' }),
      }),
    },
    'GET /v1/programmes/{code}/rubrics': {
      expected: EVERYONE,
      readOnly: true,
      setup: async () => ({
        advisorId: nobody(),
        send: (t) => http().get('/v1/programmes/support-track/rubrics').auth(t, { type: 'bearer' }),
      }),
    },
    'POST /v1/programmes/{code}/rubrics': {
      expected: STAFF_CREATE,
      setup: async () => ({
        advisorId: nobody(),
        send: (t) => http().post('/v1/programmes/support-track/rubrics').auth(t, { type: 'bearer' }).send(rubric),
      }),
    },
    'GET /v1/programmes/{code}/rubrics/in-force': {
      expected: EVERYONE,
      readOnly: true,
      setup: async () => ({
        advisorId: nobody(),
        send: (t) => http().get('/v1/programmes/support-track/rubrics/in-force?fiscalYear=2002').auth(t, { type: 'bearer' }),
      }),
    },
    'POST /v1/proposals': {
      expected: STAFF_CREATE,
      setup: async () => {
        const body = {
          title: { ja: '題' },
          summary: { ja: '概要' },
          proposingOrganizationId: h.registry.organization('company').id,
          contactPersonId: h.registry.person().id,
        };
        return { advisorId: nobody(), send: (t) => http().post('/v1/proposals').auth(t, { type: 'bearer' }).send(body) };
      },
    },
    'GET /v1/proposals': {
      expected: EVERYONE,
      readOnly: true,
      setup: async () => {
        const s = await screening();
        return {
          advisorId: s.advisorId,
          send: (t) => http().get('/v1/proposals?limit=100').auth(t, { type: 'bearer' }),
          // Advisors see exactly the proposals assigned to them; the others see them all.
          check: (role, body) => {
            const ids = (body as { items: { id: string }[] }).items.map((i) => i.id);
            if (role === 'advisorAssigned') expect(ids).toEqual([s.p.id]);
            else if (role === 'advisorUnassigned') expect(ids).toEqual([]);
            else expect(ids).toContain(s.p.id);
          },
        };
      },
    },
    'GET /v1/proposals/{id}': {
      expected: PROPOSAL_READERS,
      readOnly: true,
      setup: async () => {
        const s = await screening();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}`).auth(t, { type: 'bearer' }) };
      },
    },
    'PATCH /v1/proposals/{id}': {
      expected: STAFF_ONLY,
      setup: async () => {
        const s = await screening();
        return {
          advisorId: s.advisorId,
          send: (t) =>
            http()
              .patch(`/v1/proposals/${s.p.id}`)
              .auth(t, { type: 'bearer' })
              .set('if-match', `"${s.p.version}"`)
              .send({ supportRequested: '助言' }),
        };
      },
    },
    'POST /v1/proposals/{id}/transitions': {
      expected: STAFF_CREATE,
      setup: async () => {
        const s = await screening();
        return {
          advisorId: s.advisorId,
          send: (t) =>
            http()
              .post(`/v1/proposals/${s.p.id}/transitions`)
              .auth(t, { type: 'bearer' })
              .set('if-match', `"${s.p.version}"`)
              .send({ to: 'on_hold', reason: '保留' }),
        };
      },
    },
    'GET /v1/proposals/{id}/transitions': {
      expected: PROPOSAL_READERS,
      readOnly: true,
      setup: async () => {
        const s = await screening();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}/transitions`).auth(t, { type: 'bearer' }) };
      },
    },
    'POST /v1/proposals/{id}/assignments': {
      expected: STAFF_CREATE,
      setup: async () => {
        const s = await screening();
        const next = h.registry.advisor().id;
        return {
          advisorId: s.advisorId,
          send: (t) => http().post(`/v1/proposals/${s.p.id}/assignments`).auth(t, { type: 'bearer' }).send({ advisorId: next }),
        };
      },
    },
    'GET /v1/proposals/{id}/assignments': {
      expected: REVIEW_READERS,
      readOnly: true,
      setup: async () => {
        const s = await screening();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}/assignments`).auth(t, { type: 'bearer' }) };
      },
    },
    'POST /v1/proposals/{id}/assignments/{assignmentId}/decline': {
      expected: REVIEW_READERS,
      setup: async () => {
        const s = await screening();
        return {
          advisorId: s.advisorId,
          send: (t) =>
            http()
              .post(`/v1/proposals/${s.p.id}/assignments/${s.assignmentId}/decline`)
              .auth(t, { type: 'bearer' })
              .send({ reason: '多忙' }),
        };
      },
    },
    'POST /v1/proposals/{id}/assignments/{assignmentId}/declare-conflict': {
      expected: REVIEW_READERS,
      setup: async () => {
        const s = await screening();
        return {
          advisorId: s.advisorId,
          send: (t) =>
            http()
              .post(`/v1/proposals/${s.p.id}/assignments/${s.assignmentId}/declare-conflict`)
              .auth(t, { type: 'bearer' })
              .send({ reason: '親族が役員' }),
        };
      },
    },
    'POST /v1/proposals/{id}/reviews': {
      expected: [201, 201, 201, 404, 403],
      setup: async () => {
        const s = await screening();
        const body = { assignmentId: s.assignmentId, scores: GOOD_SCORES, comment: '妥当', recommendation: 'accept' };
        return {
          advisorId: s.advisorId,
          send: (t) => http().post(`/v1/proposals/${s.p.id}/reviews`).auth(t, { type: 'bearer' }).send(body),
        };
      },
    },
    'GET /v1/proposals/{id}/reviews': {
      expected: REVIEW_READERS,
      readOnly: true,
      setup: async () => {
        const s = await reviewed();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}/reviews`).auth(t, { type: 'bearer' }) };
      },
    },
    'PUT /v1/proposals/{id}/reviews/{reviewId}': {
      expected: REVIEW_READERS,
      setup: async () => {
        const s = await reviewed();
        const body = { scores: GOOD_SCORES, comment: '修正', recommendation: 'accept_with_conditions' };
        return {
          advisorId: s.advisorId,
          send: (t) =>
            http().put(`/v1/proposals/${s.p.id}/reviews/${s.reviewId}`).auth(t, { type: 'bearer' }).set('if-match', '"1"').send(body),
        };
      },
    },
    'GET /v1/proposals/{id}/reviews/{reviewId}/revisions': {
      expected: REVIEW_READERS,
      readOnly: true,
      setup: async () => {
        const s = await reviewed();
        return {
          advisorId: s.advisorId,
          send: (t) => http().get(`/v1/proposals/${s.p.id}/reviews/${s.reviewId}/revisions`).auth(t, { type: 'bearer' }),
        };
      },
    },
    'GET /v1/proposals/{id}/review-summary': {
      expected: STAFF_ONLY,
      readOnly: true,
      setup: async () => {
        const s = await reviewed();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}/review-summary`).auth(t, { type: 'bearer' }) };
      },
    },
    'GET /v1/proposals/{id}/team': {
      expected: PROPOSAL_READERS,
      readOnly: true,
      setup: async () => {
        const s = await withTeam();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}/team`).auth(t, { type: 'bearer' }) };
      },
    },
    'PUT /v1/proposals/{id}/team': {
      expected: STAFF_CREATE,
      setup: async () => {
        const s = await accepted();
        const body = {
          members: [
            { personId: h.ids.coordinator, role: 'coordinator' },
            { personId: h.registry.advisor().id, role: 'lead_advisor' },
          ],
        };
        return { advisorId: s.advisorId, send: (t) => http().put(`/v1/proposals/${s.p.id}/team`).auth(t, { type: 'bearer' }).send(body) };
      },
    },
    'GET /v1/proposals/{id}/team-suggestions': {
      expected: STAFF_ONLY,
      readOnly: true,
      setup: async () => {
        const s = await accepted();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}/team-suggestions`).auth(t, { type: 'bearer' }) };
      },
    },
    'POST /v1/proposals/{id}/outcomes': {
      expected: STAFF_CREATE,
      setup: async () => {
        const s = await withTeam();
        const body = { kind: 'prototype', summary: '試作', occurredOn: '2002-05-01' };
        return {
          advisorId: s.advisorId,
          send: (t) => http().post(`/v1/proposals/${s.p.id}/outcomes`).auth(t, { type: 'bearer' }).send(body),
        };
      },
    },
    'GET /v1/proposals/{id}/outcomes': {
      expected: PROPOSAL_READERS,
      readOnly: true,
      setup: async () => {
        const s = await withTeam();
        return { advisorId: s.advisorId, send: (t) => http().get(`/v1/proposals/${s.p.id}/outcomes`).auth(t, { type: 'bearer' }) };
      },
    },
    'GET /v1/reports/kpi': {
      expected: [200, 200, 403, 403, 200],
      readOnly: true,
      setup: async () => ({ advisorId: nobody(), send: (t) => http().get('/v1/reports/kpi?fiscalYear=2002').auth(t, { type: 'bearer' }) }),
    },
  };

  it('has a row for every route of the OpenAPI document, and no other', () => {
    expect([...routesInDocument].sort()).toEqual(Object.keys(table).sort());
  });

  const tokenFor = async (role: Role, fixture: Fixture): Promise<string> => {
    switch (role) {
      case 'admin':
        return h.tokens.admin;
      case 'coordinator':
        return h.tokens.coordinator;
      case 'viewer':
        return h.tokens.viewer;
      case 'advisorAssigned':
        return h.token(['advisor'], fixture.advisorId);
      case 'advisorUnassigned':
        return h.token(['advisor'], h.registry.advisor().id);
    }
  };

  for (const [route, row] of Object.entries(table)) {
    it(`${route}: ${row.expected.join(' / ')} for ${ROLES.join(' / ')}; 401 without a valid token`, async () => {
      // Reads share one set of records; writes get their own per role (built side by side).
      const fixtures = row.readOnly ? Array(ROLES.length).fill(await row.setup()) : await Promise.all(ROLES.map(() => row.setup()));
      const actual: Record<string, number> = {};
      for (const [i, role] of ROLES.entries()) {
        const fixture = fixtures[i] as Fixture;
        const res = await fixture.send(await tokenFor(role, fixture));
        actual[role] = res.status;
        fixture.check?.(role, res.body);
        if (res.status >= 400)
          expect([route, role, res.headers['content-type']]).toEqual([route, role, expect.stringMatching(/^application\/problem\+json/)]);
      }
      expect(actual).toEqual(Object.fromEntries(ROLES.map((role, i) => [role, row.expected[i]])));

      // No token, an expired one, a forged signature, alg none, another issuer: 401 before anything happens
      // (the guard runs first, so the records of any cell will do).
      const fixture = fixtures.at(-1) as Fixture;
      const admin = h.tokens.admin;
      const [header, payload] = admin.split('.');
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!)));
      const bad: Record<string, string | null> = {
        none: null,
        expired: await h.auth.token({ roles: ['admin'], sub: h.ids.admin, expiresIn: -60 }),
        wrongSignature: await other.token({ roles: ['admin'], sub: h.ids.admin }),
        tampered: `${header}.${base64url.encode(JSON.stringify({ ...claims, roles: ['admin', 'coordinator'] }))}.${admin.split('.')[2]}`,
        algNone: `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${payload}.`,
        otherIssuer: await h.auth.token({ roles: ['admin'], sub: h.ids.admin, issuer: 'someone-else' }),
        hmac: await new SignJWT({ roles: ['admin'] })
          .setProtectedHeader({ alg: 'HS256', kid: 'test-key' })
          .setSubject(h.ids.admin)
          .setIssuer(h.auth.issuer)
          .setAudience(h.auth.audience)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('a-shared-secret-nobody-should-accept')),
      };
      const refused: Record<string, number> = {};
      for (const [kind, token] of Object.entries(bad)) {
        const res = token === null ? await fixture.send('').unset('authorization') : await fixture.send(token);
        refused[kind] = res.status;
      }
      expect(refused).toEqual(Object.fromEntries(Object.keys(bad).map((k) => [k, 401])));
    }, 60_000);
  }
});
