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
  /** Builds what one request needs (reads: one setup serves every role; writes get their own per role). */
  setup(): Promise<Fixture>;
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

  type Method = 'get' | 'post' | 'put' | 'patch';
  interface Call {
    /** The ETag to send as If-Match. */
    ifMatch?: number;
    body?: object;
    /** A CSV file as the body, sent as text/csv. */
    csv?: string;
  }
  /** How a cell sends its request: the route, the token, and If-Match and a body when given. */
  const send =
    (method: Method, path: string, { ifMatch, body, csv }: Call = {}) =>
    (token: string) => {
      let r = http()[method](path).auth(token, { type: 'bearer' });
      if (ifMatch !== undefined) r = r.set('if-match', `"${ifMatch}"`);
      if (csv !== undefined) return r.set('content-type', 'text/csv').send(csv);
      return body ? r.send(body) : r;
    };
  /** A row whose records are built by `build` (the advisor it names is the assigned one). */
  const row = <S extends { advisorId: string }>(
    expected: Statuses,
    build: () => Promise<S>,
    request: (s: S) => [Method, string, Call?],
    check?: (s: S) => Fixture['check'],
  ): Row => ({
    expected,
    setup: async () => {
      const s = await build();
      const [method, path, call] = request(s);
      return { advisorId: s.advisorId, send: send(method, path, call), check: check?.(s) };
    },
  });
  /** Records of a row about no particular proposal. */
  const plain = async () => ({ advisorId: nobody() });
  const interviewOf = async () => {
    const s = await screening();
    const created = await api(h, h.tokens.coordinator).post(`/v1/proposals/${s.p.id}/interviews`, {
      startsAt: '2026-12-10T14:00:00+09:00',
      place: '会議室A',
    });
    return { ...s, interviewId: created.body.id as string };
  };
  const documentRequestOf = async () => {
    const s = await screening();
    const created = await api(h, h.tokens.coordinator).post(`/v1/proposals/${s.p.id}/document-requests`, {
      items: ['決算書'],
      dueOn: '2026-12-15',
    });
    return { ...s, requestId: created.body.id as string };
  };
  const historyFile = () => {
    const ref = `AUTH-${uuidv7().slice(-12)}`;
    const org = h.registry.organization('company').id;
    const person = h.registry.person().id;
    return `legacy_ref,record,date,title_ja,summary_ja,proposing_organization_id,contact_person_id\r\n${ref},brought_in,2002-05-10,題,概要,${org},${person}\r\n`;
  };
  const IN_PERSON = { startsAt: '2026-12-11T10:00:00+09:00', place: '会議室B' };

  const table: Record<string, Row> = {
    'GET /v1/dead-letters': row(STAFF_ONLY, plain, () => ['get', '/v1/dead-letters']),
    'GET /v1/dead-letters/{id}': row(
      STAFF_ONLY,
      async () => ({ advisorId: nobody(), id: await deadLetter() }),
      (s) => ['get', `/v1/dead-letters/${s.id}`],
    ),
    'POST /v1/dead-letters/{id}/retry': row(
      STAFF_ONLY,
      async () => ({ advisorId: nobody(), id: await deadLetter() }),
      (s) => ['post', `/v1/dead-letters/${s.id}/retry`],
    ),
    'POST /v1/dead-letters/{id}/dismiss': row(
      STAFF_ONLY,
      async () => ({ advisorId: nobody(), id: await deadLetter() }),
      (s) => ['post', `/v1/dead-letters/${s.id}/dismiss`],
    ),
    'GET /v1/programmes': row(EVERYONE, plain, () => ['get', '/v1/programmes']),
    'POST /v1/programmes': row(STAFF_CREATE, plain, () => ['post', '/v1/programmes', { body: programme(`auth-${uuidv7().slice(-12)}`) }]),
    'GET /v1/programmes/{code}': row(EVERYONE, plain, () => ['get', '/v1/programmes/support-track']),
    'PUT /v1/programmes/{code}': row(
      STAFF_ONLY,
      async () => {
        const { code, ...definition } = programme(`auth-${uuidv7().slice(-12)}`);
        await api(h, h.tokens.admin).post('/v1/programmes', { code, ...definition });
        const revised = {
          ...definition,
          note: '段階を追加',
          stages: [...definition.stages, { code: 'c', label: label('丙'), kind: 'step', position: 3 }],
        };
        return { advisorId: nobody(), code, revised };
      },
      (s) => ['put', `/v1/programmes/${s.code}`, { ifMatch: 1, body: s.revised }],
    ),
    'GET /v1/programmes/{code}/versions': row(EVERYONE, plain, () => ['get', '/v1/programmes/support-track/versions']),
    'GET /v1/programmes/{code}/versions/{version}': row(EVERYONE, plain, () => ['get', '/v1/programmes/support-track/versions/1']),
    'GET /v1/programmes/{code}/rubrics': row(EVERYONE, plain, () => ['get', '/v1/programmes/support-track/rubrics']),
    'POST /v1/programmes/{code}/rubrics': row(STAFF_CREATE, plain, () => [
      'post',
      '/v1/programmes/support-track/rubrics',
      { body: rubric },
    ]),
    'GET /v1/programmes/{code}/rubrics/in-force': row(EVERYONE, plain, () => [
      'get',
      '/v1/programmes/support-track/rubrics/in-force?fiscalYear=2002',
    ]),
    'POST /v1/proposals': row(STAFF_CREATE, plain, () => [
      'post',
      '/v1/proposals',
      {
        body: {
          title: { ja: '題' },
          summary: { ja: '概要' },
          proposingOrganizationId: h.registry.organization('company').id,
          contactPersonId: h.registry.person().id,
        },
      },
    ]),
    'POST /v1/proposals/import': row([200, 200, 403, 403, 403], plain, () => [
      'post',
      '/v1/proposals/import?dryRun=false',
      { csv: historyFile() },
    ]),
    'GET /v1/proposals': row(
      EVERYONE,
      screening,
      () => ['get', '/v1/proposals?limit=100'],
      // Advisors see exactly the proposals assigned to them; the others see them all.
      (s) => (role, body) => {
        const ids = (body as { items: { id: string }[] }).items.map((i) => i.id);
        if (role === 'advisorAssigned') expect(ids).toEqual([s.p.id]);
        else if (role === 'advisorUnassigned') expect(ids).toEqual([]);
        else expect(ids).toContain(s.p.id);
      },
    ),
    'GET /v1/proposals/{id}': row(PROPOSAL_READERS, screening, (s) => ['get', `/v1/proposals/${s.p.id}`]),
    'PATCH /v1/proposals/{id}': row(STAFF_ONLY, screening, (s) => [
      'patch',
      `/v1/proposals/${s.p.id}`,
      { ifMatch: s.p.version, body: { supportRequested: '助言' } },
    ]),
    'POST /v1/proposals/{id}/transitions': row(STAFF_CREATE, screening, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/transitions`,
      { ifMatch: s.p.version, body: { to: 'on_hold', reason: '保留' } },
    ]),
    'GET /v1/proposals/{id}/transitions': row(PROPOSAL_READERS, screening, (s) => ['get', `/v1/proposals/${s.p.id}/transitions`]),
    'POST /v1/proposals/{id}/assignments': row(STAFF_CREATE, screening, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/assignments`,
      { body: { advisorId: h.registry.advisor().id } },
    ]),
    'GET /v1/proposals/{id}/assignments': row(REVIEW_READERS, screening, (s) => ['get', `/v1/proposals/${s.p.id}/assignments`]),
    'PUT /v1/proposals/{id}/assignments/{assignmentId}/due-date': row(STAFF_ONLY, screening, (s) => [
      'put',
      `/v1/proposals/${s.p.id}/assignments/${s.assignmentId}/due-date`,
      { ifMatch: 1, body: { dueOn: '2026-12-24' } },
    ]),
    'POST /v1/proposals/{id}/assignments/{assignmentId}/decline': row(REVIEW_READERS, screening, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/assignments/${s.assignmentId}/decline`,
      { body: { reason: '多忙' } },
    ]),
    'POST /v1/proposals/{id}/assignments/{assignmentId}/declare-conflict': row(REVIEW_READERS, screening, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/assignments/${s.assignmentId}/declare-conflict`,
      { body: { reason: '親族が役員' } },
    ]),
    'POST /v1/proposals/{id}/reviews': row([201, 201, 201, 404, 403], screening, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/reviews`,
      { body: { assignmentId: s.assignmentId, scores: GOOD_SCORES, comment: '妥当', recommendation: 'accept' } },
    ]),
    'GET /v1/proposals/{id}/reviews': row(REVIEW_READERS, reviewed, (s) => ['get', `/v1/proposals/${s.p.id}/reviews`]),
    'PUT /v1/proposals/{id}/reviews/{reviewId}': row(REVIEW_READERS, reviewed, (s) => [
      'put',
      `/v1/proposals/${s.p.id}/reviews/${s.reviewId}`,
      { ifMatch: 1, body: { scores: GOOD_SCORES, comment: '修正', recommendation: 'accept_with_conditions' } },
    ]),
    'GET /v1/proposals/{id}/reviews/{reviewId}/revisions': row(REVIEW_READERS, reviewed, (s) => [
      'get',
      `/v1/proposals/${s.p.id}/reviews/${s.reviewId}/revisions`,
    ]),
    'GET /v1/proposals/{id}/review-summary': row(STAFF_ONLY, reviewed, (s) => ['get', `/v1/proposals/${s.p.id}/review-summary`]),
    'GET /v1/proposals/{id}/team': row(PROPOSAL_READERS, withTeam, (s) => ['get', `/v1/proposals/${s.p.id}/team`]),
    'PUT /v1/proposals/{id}/team': row(STAFF_CREATE, accepted, (s) => [
      'put',
      `/v1/proposals/${s.p.id}/team`,
      {
        body: {
          members: [
            { personId: h.ids.coordinator, role: 'coordinator' },
            { personId: h.registry.advisor().id, role: 'lead_advisor' },
          ],
        },
      },
    ]),
    'GET /v1/proposals/{id}/team-suggestions': row(STAFF_ONLY, accepted, (s) => ['get', `/v1/proposals/${s.p.id}/team-suggestions`]),
    'POST /v1/proposals/{id}/outcomes': row(STAFF_CREATE, withTeam, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/outcomes`,
      { body: { kind: 'prototype', summary: '試作', occurredOn: '2002-05-01' } },
    ]),
    'GET /v1/proposals/{id}/outcomes': row(PROPOSAL_READERS, withTeam, (s) => ['get', `/v1/proposals/${s.p.id}/outcomes`]),
    'POST /v1/proposals/{id}/interviews': row(STAFF_CREATE, screening, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/interviews`,
      { body: IN_PERSON },
    ]),
    'GET /v1/proposals/{id}/interviews': row(PROPOSAL_READERS, interviewOf, (s) => ['get', `/v1/proposals/${s.p.id}/interviews`]),
    'GET /v1/proposals/{id}/interviews/{interviewId}': row(PROPOSAL_READERS, interviewOf, (s) => [
      'get',
      `/v1/proposals/${s.p.id}/interviews/${s.interviewId}`,
    ]),
    'PUT /v1/proposals/{id}/interviews/{interviewId}': row(STAFF_ONLY, interviewOf, (s) => [
      'put',
      `/v1/proposals/${s.p.id}/interviews/${s.interviewId}`,
      { ifMatch: 1, body: IN_PERSON },
    ]),
    'POST /v1/proposals/{id}/interviews/{interviewId}/cancel': row(STAFF_ONLY, interviewOf, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/interviews/${s.interviewId}/cancel`,
      { ifMatch: 1, body: { reason: '延期' } },
    ]),
    'POST /v1/proposals/{id}/document-requests': row(STAFF_CREATE, screening, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/document-requests`,
      { body: { items: ['会社案内'], dueOn: '2026-12-20' } },
    ]),
    'GET /v1/proposals/{id}/document-requests': row(PROPOSAL_READERS, documentRequestOf, (s) => [
      'get',
      `/v1/proposals/${s.p.id}/document-requests`,
    ]),
    'PUT /v1/proposals/{id}/document-requests/{requestId}': row(STAFF_ONLY, documentRequestOf, (s) => [
      'put',
      `/v1/proposals/${s.p.id}/document-requests/${s.requestId}`,
      { ifMatch: 1, body: { items: ['決算書', '会社案内'], dueOn: '2026-12-20' } },
    ]),
    'POST /v1/proposals/{id}/document-requests/{requestId}/fulfil': row(STAFF_ONLY, documentRequestOf, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/document-requests/${s.requestId}/fulfil`,
      { ifMatch: 1, body: {} },
    ]),
    'POST /v1/proposals/{id}/document-requests/{requestId}/withdraw': row(STAFF_ONLY, documentRequestOf, (s) => [
      'post',
      `/v1/proposals/${s.p.id}/document-requests/${s.requestId}/withdraw`,
      { ifMatch: 1, body: { reason: '不要' } },
    ]),
    'GET /v1/reports/kpi': row([200, 200, 403, 403, 200], plain, () => ['get', '/v1/reports/kpi?fiscalYear=2002']),
    'GET /v1/privacy/retention-report': row([200, 403, 403, 403, 403], plain, () => ['get', '/v1/privacy/retention-report']),
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

  for (const [route, spec] of Object.entries(table)) {
    it(`${route}: ${spec.expected.join(' / ')} for ${ROLES.join(' / ')}; 401 without a valid token`, async () => {
      // Reads share one set of records; writes get their own per role (built side by side).
      const fixtures = route.startsWith('GET ')
        ? Array(ROLES.length).fill(await spec.setup())
        : await Promise.all(ROLES.map(() => spec.setup()));
      const actual: Record<string, number> = {};
      for (const [i, role] of ROLES.entries()) {
        const fixture = fixtures[i] as Fixture;
        const res = await fixture.send(await tokenFor(role, fixture));
        actual[role] = res.status;
        fixture.check?.(role, res.body);
        if (res.status >= 400)
          expect([route, role, res.headers['content-type']]).toEqual([route, role, expect.stringMatching(/^application\/problem\+json/)]);
      }
      expect(actual).toEqual(Object.fromEntries(ROLES.map((role, i) => [role, spec.expected[i]])));

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
