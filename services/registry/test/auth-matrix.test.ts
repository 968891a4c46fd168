import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { base64url, SignJWT } from 'jose';
import { v7 as uuidv7 } from 'uuid';
import { generateSigningJwk, parseSigningKeys } from '../src/accounts/signing-keys.js';
import { bearer, expectNoSecretsLogged, orgBody, personBody, startRegistry, type Registry } from './support.js';

/**
 * Who may call what: every route of the OpenAPI document (and the one page it leaves out) against every
 * staff role, no token and four bad ones, with the status expected in each cell. A request is chosen per
 * route so that a caller who gets past the guard gets a known answer without changing anything: reads of
 * real records (200), writes with an empty body (400) or without If-Match (428), unknown ids (404). A route
 * missing from the table fails the test, so a new route cannot escape it.
 */

const CALLERS = [
  'admin',
  'coordinator',
  'advisor',
  'viewer',
  'no token',
  'expired',
  'wrong signature',
  'alg none',
  'other issuer',
] as const;
type Caller = (typeof CALLERS)[number];
type Row = [number, number, number, number, number, number, number, number, number];

/** Any staff role (the default for GET). */
const anyStaff = (ok: number): Row => [ok, ok, ok, ok, 401, 401, 401, 401, 401];
/** admin and coordinator (the default for writes). */
const writers = (ok: number): Row => [ok, ok, 403, 403, 401, 401, 401, 401, 401];
/** admin alone (accounts). */
const adminOnly = (ok: number): Row => [ok, 403, 403, 403, 401, 401, 401, 401, 401];
/** @Public(): no token needed, and a bad one changes nothing. */
const anyone = (ok: number): Row => [ok, ok, ok, ok, ok, ok, ok, ok, ok];

interface Call {
  url: string;
  body?: object | string;
  type?: string;
}
type Ids = Record<string, string>;

const TABLE: Record<string, { call: (ids: Ids) => Call; expect: Row }> = {
  'GET /v1/dead-letters': { call: () => ({ url: '/v1/dead-letters' }), expect: writers(200) },
  'GET /v1/dead-letters/{id}': { call: () => ({ url: `/v1/dead-letters/${uuidv7()}` }), expect: writers(404) },
  'POST /v1/dead-letters/{id}/retry': { call: () => ({ url: `/v1/dead-letters/${uuidv7()}/retry` }), expect: writers(404) },
  'POST /v1/dead-letters/{id}/dismiss': { call: () => ({ url: `/v1/dead-letters/${uuidv7()}/dismiss`, body: {} }), expect: writers(404) },

  'GET /v1/municipalities': { call: () => ({ url: '/v1/municipalities?bureau=ishikari' }), expect: anyStaff(200) },
  'GET /v1/bureaus': { call: () => ({ url: '/v1/bureaus' }), expect: anyStaff(200) },
  'GET /v1/audit': { call: (f) => ({ url: `/v1/audit?entityType=organization&entityId=${f['org']}` }), expect: anyStaff(200) },

  'GET /v1/organizations': { call: () => ({ url: '/v1/organizations?q=北海道' }), expect: anyStaff(200) },
  'POST /v1/organizations': { call: () => ({ url: '/v1/organizations', body: {} }), expect: writers(400) },
  'GET /v1/organizations/{id}': { call: (f) => ({ url: `/v1/organizations/${f['org']}` }), expect: anyStaff(200) },
  'PATCH /v1/organizations/{id}': { call: (f) => ({ url: `/v1/organizations/${f['org']}`, body: {} }), expect: writers(428) },
  'POST /v1/organizations/{id}/archive': { call: (f) => ({ url: `/v1/organizations/${f['org']}/archive` }), expect: writers(428) },
  'POST /v1/organizations/{id}/restore': { call: (f) => ({ url: `/v1/organizations/${f['org']}/restore` }), expect: writers(428) },
  'POST /v1/organizations/{id}/merge': { call: (f) => ({ url: `/v1/organizations/${f['org']}/merge`, body: {} }), expect: writers(400) },
  'GET /v1/organizations/{id}/duplicates': { call: (f) => ({ url: `/v1/organizations/${f['org']}/duplicates` }), expect: anyStaff(200) },
  'GET /v1/organizations/{id}/affiliations': {
    call: (f) => ({ url: `/v1/organizations/${f['org']}/affiliations` }),
    expect: anyStaff(200),
  },

  'GET /v1/people': { call: () => ({ url: '/v1/people?q=山田' }), expect: anyStaff(200) },
  'POST /v1/people': { call: () => ({ url: '/v1/people', body: {} }), expect: writers(400) },
  'GET /v1/people/{id}': { call: (f) => ({ url: `/v1/people/${f['person']}` }), expect: anyStaff(200) },
  'PATCH /v1/people/{id}': { call: (f) => ({ url: `/v1/people/${f['person']}`, body: {} }), expect: writers(428) },
  'POST /v1/people/{id}/archive': { call: (f) => ({ url: `/v1/people/${f['person']}/archive` }), expect: writers(428) },
  'POST /v1/people/{id}/restore': { call: (f) => ({ url: `/v1/people/${f['person']}/restore` }), expect: writers(428) },
  'GET /v1/people/{id}/affiliations': { call: (f) => ({ url: `/v1/people/${f['person']}/affiliations` }), expect: anyStaff(200) },
  'POST /v1/people/{id}/affiliations': { call: (f) => ({ url: `/v1/people/${f['person']}/affiliations`, body: {} }), expect: writers(400) },
  'GET /v1/people/{id}/memberships': { call: (f) => ({ url: `/v1/people/${f['person']}/memberships` }), expect: anyStaff(200) },
  'GET /v1/people/duplicates': { call: () => ({ url: '/v1/people/duplicates' }), expect: writers(200) },
  'GET /v1/people/{id}/duplicates': { call: (f) => ({ url: `/v1/people/${f['person']}/duplicates` }), expect: writers(200) },
  'GET /v1/people/{id}/merge-preview': {
    call: (f) => ({ url: `/v1/people/${f['person']}/merge-preview?mergedId=${f['staff']}` }),
    expect: writers(200),
  },
  'POST /v1/people/{id}/merge': { call: (f) => ({ url: `/v1/people/${f['person']}/merge`, body: {} }), expect: writers(400) },

  'GET /v1/affiliations/{id}': { call: (f) => ({ url: `/v1/affiliations/${f['affiliation']}` }), expect: anyStaff(200) },
  'PATCH /v1/affiliations/{id}': { call: (f) => ({ url: `/v1/affiliations/${f['affiliation']}`, body: {} }), expect: writers(428) },
  'DELETE /v1/affiliations/{id}': { call: (f) => ({ url: `/v1/affiliations/${f['affiliation']}` }), expect: writers(428) },

  'GET /v1/study-groups': { call: () => ({ url: '/v1/study-groups' }), expect: anyStaff(200) },
  'GET /v1/study-groups/{id}/members': { call: (f) => ({ url: `/v1/study-groups/${f['group']}/members` }), expect: anyStaff(200) },
  'POST /v1/study-groups/{id}/members': {
    call: (f) => ({ url: `/v1/study-groups/${f['group']}/members`, body: {} }),
    expect: writers(400),
  },
  'GET /v1/memberships/{id}': { call: (f) => ({ url: `/v1/memberships/${f['membership']}` }), expect: anyStaff(200) },
  'PATCH /v1/memberships/{id}': { call: (f) => ({ url: `/v1/memberships/${f['membership']}`, body: {} }), expect: writers(428) },
  'POST /v1/memberships/{id}/role-changes': {
    call: (f) => ({ url: `/v1/memberships/${f['membership']}/role-changes`, body: { role: 'representative', from: '2005-04-01' } }),
    expect: writers(428),
  },
  'GET /v1/reports/study-groups': { call: () => ({ url: '/v1/reports/study-groups?from=2003&to=2004' }), expect: anyStaff(200) },
  'GET /v1/reports/centre': { call: () => ({ url: '/v1/reports/centre?fiscalYear=2003' }), expect: anyStaff(200) },

  'GET /v1/tenancies': { call: () => ({ url: '/v1/tenancies' }), expect: anyStaff(200) },
  'POST /v1/tenancies': { call: () => ({ url: '/v1/tenancies', body: {} }), expect: writers(400) },
  'GET /v1/tenancies/{id}': { call: (f) => ({ url: `/v1/tenancies/${f['tenancy']}` }), expect: anyStaff(200) },
  'PATCH /v1/tenancies/{id}': { call: (f) => ({ url: `/v1/tenancies/${f['tenancy']}`, body: {} }), expect: writers(428) },
  'GET /v1/consortium-memberships': { call: () => ({ url: '/v1/consortium-memberships' }), expect: anyStaff(200) },
  'POST /v1/consortium-memberships': { call: () => ({ url: '/v1/consortium-memberships', body: {} }), expect: writers(400) },
  'GET /v1/consortium-memberships/{id}': { call: (f) => ({ url: `/v1/consortium-memberships/${f['consortium']}` }), expect: anyStaff(200) },
  'PATCH /v1/consortium-memberships/{id}': {
    call: (f) => ({ url: `/v1/consortium-memberships/${f['consortium']}`, body: {} }),
    expect: writers(428),
  },

  'GET /v1/organizations/export': { call: () => ({ url: '/v1/organizations/export' }), expect: anyStaff(200) },
  'GET /v1/people/export': { call: () => ({ url: '/v1/people/export' }), expect: writers(200) },
  'POST /v1/organizations/import': { call: () => ({ url: '/v1/organizations/import', body: 'x', type: 'text/csv' }), expect: writers(400) },
  'POST /v1/people/import': { call: () => ({ url: '/v1/people/import', body: 'x', type: 'text/csv' }), expect: writers(400) },

  'GET /v1/accounts': { call: () => ({ url: '/v1/accounts' }), expect: adminOnly(200) },
  'POST /v1/accounts': { call: () => ({ url: '/v1/accounts', body: {} }), expect: adminOnly(400) },
  'GET /v1/accounts/{id}': { call: (f) => ({ url: `/v1/accounts/${f['account']}` }), expect: adminOnly(200) },
  'PATCH /v1/accounts/{id}': { call: (f) => ({ url: `/v1/accounts/${f['account']}`, body: {} }), expect: adminOnly(428) },
  'POST /v1/accounts/{id}/invitation': { call: () => ({ url: `/v1/accounts/${uuidv7()}/invitation` }), expect: adminOnly(404) },

  'POST /v1/auth/token': { call: () => ({ url: '/v1/auth/token', body: {} }), expect: anyone(400) },
  'POST /v1/auth/set-password': { call: () => ({ url: '/v1/auth/set-password', body: {} }), expect: anyone(400) },
  'GET /.well-known/jwks.json': { call: () => ({ url: '/.well-known/jwks.json' }), expect: anyone(200) },
  'GET /v1/auth/me': { call: () => ({ url: '/v1/auth/me' }), expect: anyStaff(200) },

  'POST /v1/privacy-requests': { call: () => ({ url: '/v1/privacy-requests', body: {} }), expect: adminOnly(400) },
  'GET /v1/privacy-requests': { call: () => ({ url: '/v1/privacy-requests?overdue=true' }), expect: adminOnly(200) },
  'GET /v1/privacy-requests/{id}': { call: () => ({ url: `/v1/privacy-requests/${uuidv7()}` }), expect: adminOnly(404) },
  'GET /v1/privacy-requests/{id}/disclosure': {
    call: () => ({ url: `/v1/privacy-requests/${uuidv7()}/disclosure` }),
    expect: adminOnly(404),
  },
  'GET /v1/privacy/retention-report': { call: () => ({ url: '/v1/privacy/retention-report' }), expect: adminOnly(200) },
  'GET /v1/people/{id}/consents': { call: (f) => ({ url: `/v1/people/${f['person']}/consents` }), expect: writers(200) },
  'POST /v1/people/{id}/consents': { call: (f) => ({ url: `/v1/people/${f['person']}/consents`, body: {} }), expect: writers(400) },
  'POST /v1/consents/{id}/withdrawal': { call: () => ({ url: `/v1/consents/${uuidv7()}/withdrawal` }), expect: writers(404) },
  'GET /v1/consent-withdrawal': { call: () => ({ url: '/v1/consent-withdrawal?token=forged.token' }), expect: anyone(400) },
  'POST /v1/consent-withdrawal': { call: () => ({ url: '/v1/consent-withdrawal?token=forged.token', body: {} }), expect: anyone(400) },

  // not in the OpenAPI document (an HTML page, not an API): the page an invitation link opens
  'GET /set-password': { call: () => ({ url: '/set-password' }), expect: anyone(200) },
};
const OUTSIDE_THE_DOCUMENT = ['GET /set-password'];

/** The code a refusal carries, by status and caller. */
function refusalCode(status: number, caller: Caller): string | undefined {
  if (status === 403) return 'AUTH.FORBIDDEN';
  if (status !== 401) return undefined;
  return caller === 'no token' ? 'AUTH.UNAUTHENTICATED' : caller === 'expired' ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.INVALID_TOKEN';
}

describe('every route x every caller', () => {
  let r: Registry;
  const ids: Ids = {};
  const tokens = {} as Record<Caller, string | null>;

  beforeAll(async () => {
    r = await startRegistry();
    const post = async (url: string, body: object) => {
      const res = await r.http().post(url).set(bearer(r.admin)).send(body);
      if (res.status !== 201) throw new Error(`${url}: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    ids['org'] = await post('/v1/organizations', orgBody());
    ids['group'] = await post(
      '/v1/organizations',
      orgBody({ name: '札幌食品研究会', nameKana: 'サッポロショクヒンケンキュウカイ', kind: 'study_group' }),
    );
    ids['person'] = await post('/v1/people', personBody());
    ids['staff'] = await post('/v1/people', personBody());
    ids['affiliation'] = await post(`/v1/people/${ids['person']}/affiliations`, { organizationId: ids['org'] });
    ids['membership'] = await post(`/v1/study-groups/${ids['group']}/members`, {
      personId: ids['person'],
      role: 'member',
      joinedOn: '2003-04-01',
    });
    ids['tenancy'] = await post('/v1/tenancies', { organizationId: ids['org'], room: '3F-305', from: '2003-04-01' });
    ids['consortium'] = await post('/v1/consortium-memberships', {
      consortiumId: ids['group'],
      organizationId: ids['org'],
      fiscalYear: 2003,
    });
    ids['account'] = await post('/v1/accounts', { personId: ids['staff'], roles: ['viewer'] });

    tokens['admin'] = await r.token(['admin']);
    tokens['coordinator'] = await r.token(['coordinator']);
    tokens['advisor'] = await r.token(['advisor']);
    tokens['viewer'] = await r.token(['viewer']);
    tokens['no token'] = null;
    tokens['expired'] = await r.token(['admin'], { expiresIn: -60 });
    tokens['other issuer'] = await r.token(['admin'], { issuer: 'someone-else' });
    const stranger = parseSigningKeys(JSON.stringify([generateSigningJwk(r.signingJwks[0]!.kid!)]))[0]!;
    tokens['wrong signature'] = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: stranger.alg, kid: stranger.kid })
      .setSubject(uuidv7())
      .setIssuer(r.svc.env.AUTH_ISSUER)
      .setAudience(r.svc.env.AUTH_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(stranger.privateKey);
    const claims = tokens['admin'].split('.')[1]!;
    tokens['alg none'] = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${claims}.`;
    r.secrets.push(tokens['wrong signature'], tokens['alg none']);
  });

  afterAll(async () => r?.close());

  it('has a row for every operation of the OpenAPI document, and none for a route that is gone', async () => {
    const document = (await r.http().get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(
      Object.keys(TABLE)
        .filter((k) => !OUTSIDE_THE_DOCUMENT.includes(k))
        .sort(),
    ).toEqual(routes.sort());
  });

  it.each(Object.keys(TABLE))('%s', async (route) => {
    const { call, expect: row } = TABLE[route]!;
    const method = route.split(' ')[0]!.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
    const got: string[] = [];
    const wanted: string[] = [];
    for (const [i, caller] of CALLERS.entries()) {
      const { url, body, type } = call(ids);
      let req = r.http()[method](url);
      const token = tokens[caller];
      if (token) req = req.set(bearer(token));
      if (body !== undefined)
        req = req.set('content-type', type ?? 'application/json').send(typeof body === 'string' ? body : JSON.stringify(body));
      const res = await req;
      const code = res.status >= 400 ? (res.body?.code as string | undefined) : undefined;
      got.push(`${caller}: ${res.status}${refusalCode(res.status, caller) ? ` ${code}` : ''}`);
      const status = row[i]!;
      const expectedCode = refusalCode(status, caller);
      wanted.push(`${caller}: ${status}${expectedCode ? ` ${expectedCode}` : ''}`);
      if (res.status >= 400) expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(got).toEqual(wanted);
  });

  it('an advisor gets no contact details of other people: email and phone are null in the list, the search and the record', async () => {
    const [other, own] = await Promise.all(
      [ids['person']!, ids['staff']!].map(async (id) => (await r.http().get(`/v1/people/${id}`).set(bearer(r.admin))).body),
    );
    expect(other.email).toEqual(expect.stringContaining('@'));
    await r.http().patch(`/v1/people/${own.id}`).set(bearer(r.admin)).set('if-match', `"${own.version}"`).send({ phone: '011-222-3333' });
    const advisor = await r.token(['advisor'], { sub: own.id });
    const byId = await r.http().get(`/v1/people/${other.id}`).set(bearer(advisor));
    expect(byId.status).toBe(200);
    expect(byId.body).toMatchObject({
      id: other.id,
      familyName: other.familyName,
      familyNameKana: other.familyNameKana,
      email: null,
      phone: null,
    });
    const list = await r.http().get('/v1/people').query({ limit: 100 }).set(bearer(advisor));
    expect(list.status).toBe(200);
    const others = list.body.items.filter((p: { id: string }) => p.id !== own.id);
    expect(others.length).toBeGreaterThan(0);
    for (const p of others) expect([p.email, p.phone]).toEqual([null, null]);
    expect(JSON.stringify(list.body)).not.toContain(other.email);
    const search = await r.http().get('/v1/people').query({ q: '山田' }).set(bearer(advisor));
    expect(search.body.items.find((p: { id: string }) => p.id === other.id)).toMatchObject({ email: null, phone: null });
    // an email is not a search key for an advisor: the search would tell which addresses are registered
    const byEmail = await r.http().get('/v1/people').query({ q: other.email }).set(bearer(advisor));
    expect(byEmail.body.total).toBe(0);
    // their own record, with its contact details
    const mine = await r.http().get(`/v1/people/${own.id}`).set(bearer(advisor));
    expect([mine.body.email, mine.body.phone]).toEqual([own.email, '011-222-3333']);
    expect(list.body.items.find((p: { id: string }) => p.id === own.id)).toMatchObject({ email: own.email });
    // the people export, where everyone's contact details are, stays closed to advisors
    expect((await r.http().get('/v1/people/export').set(bearer(advisor))).status).toBe(403);
    // viewers keep what they had: every person's contact details (SECURITY.md: reads for any staff role)
    const viewer = await r.token(['viewer']);
    expect((await r.http().get(`/v1/people/${other.id}`).set(bearer(viewer))).body.email).toBe(other.email);
    // an advisor who also holds another staff role reads as that role does
    const advisorViewer = await r.token(['advisor', 'viewer']);
    expect((await r.http().get(`/v1/people/${other.id}`).set(bearer(advisorViewer))).body.email).toBe(other.email);
  });

  it('keeps the tokens of all these calls out of the logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
