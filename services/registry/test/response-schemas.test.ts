import { beforeAll, describe, expect, it } from '@jest/globals';
import {
  EventsPrivacyRequestAnsweredV1,
  NotificationsPrivacyRequestAnsweredV1,
  parseSubject,
  ProposalsPrivacyRequestAnsweredV1,
  type EventContract,
  type PrivacyAnswerV1,
} from '@collabo/contracts';
import { ensureStream, NatsNaming, RpcClient } from '@collabo/service-kit';
import {
  answerProblems,
  documentedAnswerOperations,
  openApiProblems,
  TEST_NATS_URL,
  type OpenApiAnswerDocument,
} from '@collabo/service-kit/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { v7 as uuidv7 } from 'uuid';
import type { Response } from 'supertest';
import { issueInvitationLink, latestInvitation } from './invitations.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

/**
 * The console's API types are generated from the OpenAPI document (apps/console/src/api/generated/registry.ts), so
 * the document must say what the routes really answer. Real answers of the most-used routes are validated against
 * the response schema the document declares for that route and status, with every object of the document closed
 * (no undeclared property): a field the document forgets, a wrong type, a null where it says not nullable, a
 * missing required field or a value outside an enum fails here. Formats (uuid, date, date-time) are checked too. Every operation whose
 * answer the document describes must be checked here (a new one fails the suite until a check is added).
 */

/** Documented answers this suite does not call: the kit's dead letters (checked against real answers in the notifications suite). */
const UNCHECKED = [
  'GET /v1/dead-letters',
  'GET /v1/dead-letters/{id}',
  'POST /v1/dead-letters/{id}/dismiss',
  'POST /v1/dead-letters/{id}/retry',
];

describe('the OpenAPI document describes what the routes answer', () => {
  let r: Registry;
  let auth: Record<string, string>;
  let document: OpenApiAnswerDocument;
  const checked = new Set<string>();

  startRegistryForSuite(async (registry, header) => {
    r = registry;
    auth = header;
    // the answering services own their streams; in a deployment they exist before anyone answers
    const jsm = await jetstreamManager(r.nc);
    for (const owner of ['proposals', 'events', 'notifications'] as const) await ensureStream(jsm, new NatsNaming(r.prefix), owner);
  });

  const ANSWERED: Record<'proposals' | 'events' | 'notifications', EventContract> = {
    proposals: ProposalsPrivacyRequestAnsweredV1,
    events: EventsPrivacyRequestAnsweredV1,
    notifications: NotificationsPrivacyRequestAnsweredV1,
  };

  /** An answering service's answer, published as its outbox relay would, and waited for until the registry stored it. */
  async function answer(data: PrivacyAnswerV1 & { service: keyof typeof ANSWERED }): Promise<void> {
    const contract = ANSWERED[data.service];
    const { type, version } = parseSubject(contract.subject);
    const id = uuidv7();
    const envelope = {
      id,
      type,
      version,
      occurredAt: new Date().toISOString(),
      source: data.service,
      aggregateId: data.requestId,
      correlationId: uuidv7(),
      causationId: null,
      data,
    };
    const h = headers();
    h.set('Nats-Msg-Id', id);
    await r.nc.request(new NatsNaming(r.prefix).subject(contract.subject), JSON.stringify(envelope), { headers: h, timeout: 5000 });
    const durable = `registry-store-answer-on-${data.service}-privacy-request-answered`;
    const processed = await r.svc.waitForProcessed((n) => n.consumer === durable && n.messageId === id);
    expect(processed[processed.length - 1]!.outcome).not.toBe('retry');
  }

  beforeAll(async () => {
    document = (await r.http().get('/docs-json')).body as OpenApiAnswerDocument;
  });

  /** Validates the answer against the schema `document` declares for `method path` at the answer's status. */
  /** Checks the answer against the schema the document declares for `method path` at the answer's status. */
  function expectDocumented(res: Response, method: string, path: string): void {
    expect(answerProblems(document, res, method, path, checked)).toEqual({ route: `${method.toUpperCase()} ${path}`, problems: [] });
  }

  const ok = (res: Response, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
    return res;
  };

  it('people: search (by relevance and by reading), one person with memberships, create, archive, affiliations', async () => {
    const company = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '株式会社スキーマ', nameKana: 'スキーマ' })),
      201,
    );
    expectDocumented(company, 'post', '/v1/organizations');
    const group = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: 'スキーマ研究会', nameKana: 'スキーマケンキュウカイ', kind: 'study_group', foundedOn: '2003-04-01' })),
      201,
    );
    const created = ok(
      await r
        .http()
        .post('/v1/people')
        .set(auth)
        .send(personBody({ familyName: '図式', familyNameKana: 'ズシキ' })),
      201,
    );
    expectDocumented(created, 'post', '/v1/people');
    const personId = created.body.id as string;

    const affiliation = ok(
      await r.http().post(`/v1/people/${personId}/affiliations`).set(auth).send({ organizationId: company.body.id, title: '部長' }),
      201,
    );
    expectDocumented(affiliation, 'post', '/v1/people/{id}/affiliations');
    expectDocumented(ok(await r.http().get(`/v1/affiliations/${affiliation.body.id}`).set(auth), 200), 'get', '/v1/affiliations/{id}');
    expectDocumented(ok(await r.http().get(`/v1/people/${personId}/affiliations`).set(auth), 200), 'get', '/v1/people/{id}/affiliations');
    expectDocumented(
      ok(await r.http().get(`/v1/organizations/${company.body.id}/affiliations`).set(auth), 200),
      'get',
      '/v1/organizations/{id}/affiliations',
    );

    const membership = ok(
      await r.http().post(`/v1/study-groups/${group.body.id}/members`).set(auth).send({ personId, role: 'member', joinedOn: '2003-04-01' }),
      201,
    );
    expectDocumented(membership, 'post', '/v1/study-groups/{id}/members');

    const one = ok(await r.http().get(`/v1/people/${personId}`).set(auth), 200);
    expect(one.body.memberships).toHaveLength(1);
    expectDocumented(one, 'get', '/v1/people/{id}');
    // an advisor gets null for another person's contact details: still what the document says
    const advisor = await r.token(['advisor']);
    const asAdvisor = ok(
      await r
        .http()
        .get(`/v1/people/${personId}`)
        .set({ authorization: `Bearer ${advisor}` }),
      200,
    );
    expect(asAdvisor.body.email).toBeNull();
    expectDocumented(asAdvisor, 'get', '/v1/people/{id}');

    const ranked = ok(await r.http().get('/v1/people').query({ q: '図式' }).set(auth), 200);
    expect(ranked.body.items.length).toBeGreaterThan(0);
    expectDocumented(ranked, 'get', '/v1/people');
    expectDocumented(ok(await r.http().get('/v1/people').query({ sort: 'nameKana', limit: 5 }).set(auth), 200), 'get', '/v1/people');

    const archived = ok(await r.http().post(`/v1/people/${personId}/archive`).set(auth).set('if-match', one.headers['etag']!), 200);
    expect(archived.body.archivedAt).not.toBeNull();
    expectDocumented(archived, 'post', '/v1/people/{id}/archive');
    const restored = ok(await r.http().post(`/v1/people/${personId}/restore`).set(auth).set('if-match', archived.headers['etag']!), 200);
    expectDocumented(restored, 'post', '/v1/people/{id}/restore');
    const changed = ok(
      await r.http().patch(`/v1/people/${personId}`).set(auth).set('if-match', restored.headers['etag']!).send({ nameEn: 'Taro Zushiki' }),
      200,
    );
    expectDocumented(changed, 'patch', '/v1/people/{id}');
    const affiliationChanged = ok(
      await r
        .http()
        .patch(`/v1/affiliations/${affiliation.body.id}`)
        .set(auth)
        .set('if-match', affiliation.headers['etag']!)
        .send({ department: '研究開発部' }),
      200,
    );
    expectDocumented(affiliationChanged, 'patch', '/v1/affiliations/{id}');

    // the person's audit trail: registered, archived, restored, updated (newest first), field names only
    const audit = ok(await r.http().get('/v1/audit').query({ entityType: 'person', entityId: personId }).set(auth), 200);
    expect(audit.body.items.map((e: { action: string }) => e.action).slice(0, 4)).toEqual([
      'updated',
      'restored',
      'archived',
      'registered',
    ]);
    expect(audit.body.items[0].changedFields).toEqual(['nameEn']);
    expectDocumented(audit, 'get', '/v1/audit');
  });

  it('organisations: search, one, update, duplicates, merge', async () => {
    const a = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '株式会社図式商事', nameKana: 'ズシキショウジ' })),
      201,
    );
    const b = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(
          orgBody({
            name: '図式商事株式会社',
            nameKana: 'ズシキショウジ',
            capitalYen: 10000000,
            employees: 12,
            jsicCode: 'E09',
            jsicRevision: 14,
          }),
        ),
      201,
    );
    expect(b.body.possibleDuplicates.length).toBeGreaterThan(0);
    expectDocumented(b, 'post', '/v1/organizations');
    expectDocumented(ok(await r.http().get(`/v1/organizations/${a.body.id}`).set(auth), 200), 'get', '/v1/organizations/{id}');
    const ranked = ok(await r.http().get('/v1/organizations').query({ q: '図式' }).set(auth), 200);
    expect(ranked.body.items.length).toBeGreaterThan(0);
    expectDocumented(ranked, 'get', '/v1/organizations');
    expectDocumented(ok(await r.http().get('/v1/organizations').query({ sort: 'name' }).set(auth), 200), 'get', '/v1/organizations');
    const updated = ok(
      await r
        .http()
        .patch(`/v1/organizations/${a.body.id}`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ website: 'https://zushiki.example.jp' }),
      200,
    );
    expectDocumented(updated, 'patch', '/v1/organizations/{id}');
    const duplicates = ok(await r.http().get(`/v1/organizations/${a.body.id}/duplicates`).set(auth), 200);
    expect(duplicates.body.items.length).toBeGreaterThan(0);
    expectDocumented(duplicates, 'get', '/v1/organizations/{id}/duplicates');
    const merged = ok(
      await r
        .http()
        .post(`/v1/organizations/${a.body.id}/merge`)
        .set(auth)
        .set('if-match', updated.headers['etag']!)
        .send({ mergedId: b.body.id }),
      200,
    );
    expectDocumented(merged, 'post', '/v1/organizations/{id}/merge');
    const archived = ok(
      await r.http().post(`/v1/organizations/${a.body.id}/archive`).set(auth).set('if-match', merged.headers['etag']!),
      200,
    );
    expectDocumented(archived, 'post', '/v1/organizations/{id}/archive');
    const restored = ok(
      await r.http().post(`/v1/organizations/${a.body.id}/restore`).set(auth).set('if-match', archived.headers['etag']!),
      200,
    );
    expectDocumented(restored, 'post', '/v1/organizations/{id}/restore');
  });

  it('study groups: list, members, one membership, a role change, a person’s memberships, the report', async () => {
    const group = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '図式の会', nameKana: 'ズシキノカイ', kind: 'study_group', foundedOn: '2010-05-01' })),
      201,
    );
    const person = ok(await r.http().post('/v1/people').set(auth).send(personBody()), 201);
    const membership = ok(
      await r
        .http()
        .post(`/v1/study-groups/${group.body.id}/members`)
        .set(auth)
        .send({ personId: person.body.id, role: 'member', joinedOn: '2010-05-01' }),
      201,
    );
    const changed = ok(
      await r
        .http()
        .post(`/v1/memberships/${membership.body.id}/role-changes`)
        .set(auth)
        .set('if-match', membership.headers['etag']!)
        .send({ role: 'representative', from: '2012-04-01' }),
      200,
    );
    expect(changed.body.roles).toHaveLength(2);
    expectDocumented(changed, 'post', '/v1/memberships/{id}/role-changes');
    const left = ok(
      await r
        .http()
        .patch(`/v1/memberships/${membership.body.id}`)
        .set(auth)
        .set('if-match', changed.headers['etag']!)
        .send({ leftOn: '2014-03-31' }),
      200,
    );
    expect(left.body.leftOn).toBe('2014-03-31');
    expectDocumented(left, 'patch', '/v1/memberships/{id}');
    expectDocumented(ok(await r.http().get(`/v1/memberships/${membership.body.id}`).set(auth), 200), 'get', '/v1/memberships/{id}');
    expectDocumented(ok(await r.http().get('/v1/study-groups').set(auth), 200), 'get', '/v1/study-groups');
    const members = ok(await r.http().get(`/v1/study-groups/${group.body.id}/members`).set(auth), 200);
    expect(members.body.items).toHaveLength(1);
    expectDocumented(members, 'get', '/v1/study-groups/{id}/members');
    expectDocumented(
      ok(await r.http().get(`/v1/people/${person.body.id}/memberships`).set(auth), 200),
      'get',
      '/v1/people/{id}/memberships',
    );
    const report = ok(await r.http().get('/v1/reports/study-groups').query({ from: 2010, to: 2012 }).set(auth), 200);
    expect(report.body.fiscalYears).toHaveLength(3);
    expectDocumented(report, 'get', '/v1/reports/study-groups');
  });

  it('privacy requests and consents', async () => {
    const person = ok(
      await r
        .http()
        .post('/v1/people')
        .set(auth)
        .send(personBody({ phone: '011-222-3333' })),
      201,
    );
    const consent = ok(
      await r.http().post(`/v1/people/${person.body.id}/consents`).set(auth).send({ purpose: 'news', source: 'staff' }),
      201,
    );
    expectDocumented(consent, 'post', '/v1/people/{id}/consents');
    const withdrawn = ok(await r.http().post(`/v1/consents/${consent.body.id}/withdrawal`).set(auth), 200);
    expect(withdrawn.body.withdrawnVia).toBe('staff');
    expectDocumented(withdrawn, 'post', '/v1/consents/{id}/withdrawal');
    ok(await r.http().post(`/v1/people/${person.body.id}/consents`).set(auth).send({ purpose: 'directory_listing', source: 'form' }), 201);
    const consents = ok(await r.http().get(`/v1/people/${person.body.id}/consents`).set(auth), 200);
    expect(consents.body).toHaveLength(2);
    expectDocumented(consents, 'get', '/v1/people/{id}/consents');

    const disclosure = ok(
      await r.http().post('/v1/privacy-requests').set(auth).send({ kind: 'disclosure', personId: person.body.id }),
      201,
    );
    expect(disclosure.body.services.find((s: { service: string }) => s.service === 'registry').sections.length).toBeGreaterThan(0);
    expectDocumented(disclosure, 'post', '/v1/privacy-requests');
    const erasure = ok(
      await r.http().post('/v1/privacy-requests').set(auth).send({ kind: 'erasure', email: 'guest.schema@example.jp' }),
      201,
    );
    expect(erasure.body.services.find((s: { service: string }) => s.service === 'registry').retained.length).toBeGreaterThan(0);
    expectDocumented(erasure, 'post', '/v1/privacy-requests');
    expectDocumented(
      ok(await r.http().get(`/v1/privacy-requests/${disclosure.body.id}`).set(auth), 200),
      'get',
      '/v1/privacy-requests/{id}',
    );
    const list = ok(await r.http().get('/v1/privacy-requests').set(auth), 200);
    expect(list.body.items).toHaveLength(2);
    expectDocumented(list, 'get', '/v1/privacy-requests');
  });

  it('accounts, the token, who am I, and the reference data', async () => {
    const person = ok(await r.http().post('/v1/people').set(auth).send(personBody()), 201);
    const invited = ok(
      await r
        .http()
        .post('/v1/accounts')
        .set(auth)
        .send({ personId: person.body.id, roles: ['viewer'] }),
      201,
    );
    expect(invited.body.invitationExpiresAt).not.toBeNull();
    expectDocumented(invited, 'post', '/v1/accounts');
    const updated = ok(
      await r
        .http()
        .patch(`/v1/accounts/${invited.body.id}`)
        .set(auth)
        .set('if-match', invited.headers['etag']!)
        .send({ roles: ['advisor'] }),
      200,
    );
    expectDocumented(updated, 'patch', '/v1/accounts/{id}');
    expectDocumented(ok(await r.http().get(`/v1/accounts/${invited.body.id}`).set(auth), 200), 'get', '/v1/accounts/{id}');
    expectDocumented(ok(await r.http().get('/v1/accounts').set(auth), 200), 'get', '/v1/accounts');
    expectDocumented(
      ok(await r.http().post(`/v1/accounts/${invited.body.id}/invitation`).set(auth), 200),
      'post',
      '/v1/accounts/{id}/invitation',
    );

    const me = ok(await r.http().get('/v1/auth/me').set(auth), 200);
    expect(me.body.account).not.toBeNull();
    expectDocumented(me, 'get', '/v1/auth/me');
    // a token without an account (a service's or a test's) gets account null
    const accountless = ok(
      await r
        .http()
        .get('/v1/auth/me')
        .set({ authorization: `Bearer ${await r.token(['viewer'])}` }),
      200,
    );
    expect(accountless.body.account).toBeNull();
    expectDocumented(accountless, 'get', '/v1/auth/me');
    // the invited person sets their password with the link the notifications service would send
    const rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
    await rpc.connect();
    try {
      const link = await issueInvitationLink(r, rpc, invited.body.id, (await latestInvitation(r, invited.body.id)).invitationId);
      const password = 'a long enough passphrase for the schema';
      r.secrets.push(password);
      const set = ok(
        await r
          .http()
          .post('/v1/auth/set-password')
          .send({ token: link.searchParams.get('token'), password }),
        200,
      );
      expect(set.body.accountId).toBe(invited.body.id);
      expectDocumented(set, 'post', '/v1/auth/set-password');
    } finally {
      await rpc.close();
    }
    const jwks = ok(await r.http().get('/.well-known/jwks.json'), 200);
    expect(jwks.body.keys.length).toBeGreaterThan(0);
    expectDocumented(jwks, 'get', '/.well-known/jwks.json');
    const token = ok(await r.http().post('/v1/auth/token').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }), 200);
    r.secrets.push(token.body.accessToken);
    expectDocumented(token, 'post', '/v1/auth/token');

    const municipalities = ok(await r.http().get('/v1/municipalities').set(auth), 200);
    expect(municipalities.body.total).toBe(179);
    expectDocumented(municipalities, 'get', '/v1/municipalities');
    const bureaus = ok(await r.http().get('/v1/bureaus').set(auth), 200);
    expect(bureaus.body.total).toBe(14);
    expectDocumented(bureaus, 'get', '/v1/bureaus');
  });

  it('the report of a CSV import: a dry run with a bad row, and a commit', async () => {
    const csv = (rows: string[]) =>
      Buffer.from(['kind,sector,name,name_kana,corporate_number,focus_fields,municipality_code', ...rows].join('\r\n'), 'utf8');
    const post = (body: Buffer, query: Record<string, string> = {}) =>
      r.http().post('/v1/organizations/import').query(query).set(auth).set('content-type', 'text/csv').send(body);
    const dryRun = ok(await post(csv(['company,industry,株式会社図式水産,ズシキスイサン,8010705000725,food,011002'])), 200);
    expect(dryRun.body.errors).toHaveLength(1);
    expectDocumented(dryRun, 'post', '/v1/organizations/import');
    const committed = ok(await post(csv(['company,industry,株式会社図式水産,ズシキスイサン,,food,011002']), { dryRun: 'false' }), 200);
    expect(committed.body.created).toHaveLength(1);
    expectDocumented(committed, 'post', '/v1/organizations/import');
    const people = Buffer.from(
      'family_name,given_name,family_name_kana,given_name_kana,email,preferred_language,consent_to_list,expertise_fields\n' +
        '図式,花子,ズシキ,ハナコ,hanako.zushiki@example.jp,ja,はい,food\n',
      'utf8',
    );
    const imported = ok(
      await r.http().post('/v1/people/import').query({ dryRun: 'false' }).set(auth).set('content-type', 'text/csv').send(people),
      200,
    );
    expect(imported.body.created).toHaveLength(1);
    expectDocumented(imported, 'post', '/v1/people/import');
  });

  it('privacy requests that every service answered: the request with each part, and the disclosure document', async () => {
    const person = ok(await r.http().post('/v1/people').set(auth).send(personBody()), 201);
    const disclosure = ok(
      await r.http().post('/v1/privacy-requests').set(auth).send({ kind: 'disclosure', personId: person.body.id }),
      201,
    );
    const erasure = ok(
      await r.http().post('/v1/privacy-requests').set(auth).send({ kind: 'erasure', email: 'answered.schema@example.jp' }),
      201,
    );
    const at = () => new Date().toISOString();
    for (const service of ['proposals', 'events', 'notifications'] as const) {
      await answer({
        requestId: disclosure.body.id,
        service,
        kind: 'disclosure',
        answeredAt: at(),
        sections: [{ key: `${service}.record`, title: { ja: '記録', en: 'Records' }, records: [{ id: uuidv7(), note: null, n: 1 }] }],
      } as PrivacyAnswerV1 & { service: typeof service });
      await answer({
        requestId: erasure.body.id,
        service,
        kind: 'erasure',
        answeredAt: at(),
        actions: [{ what: `${service}.record`, action: 'erased', count: 2 }],
        retained: [{ what: `${service}.invoice`, count: 1, reason: { ja: '法令による保存', en: null }, until: '2033-03-31' }],
      } as PrivacyAnswerV1 & { service: typeof service });
    }
    for (const id of [disclosure.body.id, erasure.body.id]) {
      const done = ok(await r.http().get(`/v1/privacy-requests/${id}`).set(auth), 200);
      expect(done.body.status).toBe('completed');
      expect(done.body.services.every((s: { status: string }) => s.status === 'answered')).toBe(true);
      expectDocumented(done, 'get', '/v1/privacy-requests/{id}');
    }
    const document = ok(await r.http().get(`/v1/privacy-requests/${disclosure.body.id}/disclosure`).set(auth), 200);
    expect(document.body.services).toHaveLength(4);
    expectDocumented(document, 'get', '/v1/privacy-requests/{id}/disclosure');
    expectDocumented(ok(await r.http().get('/v1/privacy/retention-report').set(auth), 200), 'get', '/v1/privacy/retention-report');
  });

  it('people who look alike, and their merge', async () => {
    const org = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '株式会社同名', nameKana: 'ドウメイ' })),
      201,
    );
    const twin = () =>
      personBody({ familyName: '双子', givenName: '一', familyNameKana: 'フタゴ', givenNameKana: 'ハジメ', phone: '011-999-0001' });
    const [a, b] = [
      ok(await r.http().post('/v1/people').set(auth).send(twin()), 201),
      ok(await r.http().post('/v1/people').set(auth).send(twin()), 201),
    ];
    for (const p of [a, b])
      ok(await r.http().post(`/v1/people/${p.body.id}/affiliations`).set(auth).send({ organizationId: org.body.id }), 201);
    const pairs = ok(await r.http().get('/v1/people/duplicates').set(auth), 200);
    expect(pairs.body.items.length).toBeGreaterThan(0);
    expectDocumented(pairs, 'get', '/v1/people/duplicates');
    expectDocumented(ok(await r.http().get(`/v1/people/${a.body.id}/duplicates`).set(auth), 200), 'get', '/v1/people/{id}/duplicates');
    const merged = ok(
      await r.http().post(`/v1/people/${a.body.id}/merge`).set(auth).set('if-match', a.headers['etag']!).send({ mergedId: b.body.id }),
      200,
    );
    expect(merged.body.aliasIds).toContain(b.body.id);
    expectDocumented(merged, 'post', '/v1/people/{id}/merge');
  });

  it('the collaboration centre: tenancies, consortium memberships, the report', async () => {
    const tenant = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '株式会社入居', nameKana: 'ニュウキョ' })),
      201,
    );
    const consortium = ok(
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '図式コンソーシアム', nameKana: 'ズシキコンソーシアム' })),
      201,
    );
    const tenancy = ok(
      await r.http().post('/v1/tenancies').set(auth).send({ organizationId: tenant.body.id, room: '3F-301', from: '2025-04-01' }),
      201,
    );
    expectDocumented(tenancy, 'post', '/v1/tenancies');
    const moved = ok(
      await r.http().patch(`/v1/tenancies/${tenancy.body.id}`).set(auth).set('if-match', tenancy.headers['etag']!).send({ note: '二部屋' }),
      200,
    );
    expectDocumented(moved, 'patch', '/v1/tenancies/{id}');
    expectDocumented(ok(await r.http().get(`/v1/tenancies/${tenancy.body.id}`).set(auth), 200), 'get', '/v1/tenancies/{id}');
    expectDocumented(ok(await r.http().get('/v1/tenancies').set(auth), 200), 'get', '/v1/tenancies');
    const membership = ok(
      await r.http().post('/v1/consortium-memberships').set(auth).send({
        consortiumId: consortium.body.id,
        organizationId: tenant.body.id,
        fiscalYear: 2025,
        contributedPeople: 2,
        contributedYen: 3000000,
      }),
      201,
    );
    expect(membership.body.contributedYen).toBe(3000000);
    expectDocumented(membership, 'post', '/v1/consortium-memberships');
    const contributed = ok(
      await r
        .http()
        .patch(`/v1/consortium-memberships/${membership.body.id}`)
        .set(auth)
        .set('if-match', membership.headers['etag']!)
        .send({ contributedFacilities: '試験室' }),
      200,
    );
    expectDocumented(contributed, 'patch', '/v1/consortium-memberships/{id}');
    expectDocumented(
      ok(await r.http().get(`/v1/consortium-memberships/${membership.body.id}`).set(auth), 200),
      'get',
      '/v1/consortium-memberships/{id}',
    );
    expectDocumented(ok(await r.http().get('/v1/consortium-memberships').set(auth), 200), 'get', '/v1/consortium-memberships');
    const report = ok(await r.http().get('/v1/reports/centre').query({ fiscalYear: 2025 }).set(auth), 200);
    expect(report.body.tenants.length).toBeGreaterThan(0);
    expectDocumented(report, 'get', '/v1/reports/centre');
  });

  it('checked every operation whose answer the document describes, but those listed here', () => {
    const documented = documentedAnswerOperations(document);
    const unchecked = documented.filter((op) => !checked.has(op)).sort();
    expect(unchecked).toEqual(UNCHECKED);
  });

  it('fails an answer the document does not describe (the check is not vacuous)', async () => {
    const fake = (body: unknown) => ({ status: 200, body, text: '' }) as unknown as Response;
    const consent = ok(
      await r
        .http()
        .post(`/v1/people/${ok(await r.http().post('/v1/people').set(auth).send(personBody()), 201).body.id}/consents`)
        .set(auth)
        .send({ purpose: 'news', source: 'staff' }),
      201,
    ).body as Record<string, unknown>;
    const list = (item: unknown) => fake([item]);
    expect(
      openApiProblems({ type: 'array', items: { $ref: '#/components/schemas/ConsentView' } }, [consent], document.components.schemas),
    ).toEqual([]);
    const spoilt: [Record<string, unknown>, RegExp][] = [
      [{ ...consent, extra: 1 }, /extra is not in the document/],
      [{ ...consent, givenAt: null }, /givenAt: null where the document says not nullable/],
      [{ ...consent, purpose: 'marketing' }, /purpose: .*marketing.* is not one of/],
      [{ ...consent, personId: 'someone' }, /is not a uuid/],
      [{ ...consent, inForce: 'yes' }, /is not a boolean/],
      [{ ...consent, purposeLabel: { ja: 'お知らせ' } }, /purposeLabel: en is missing/],
      [Object.fromEntries(Object.entries(consent).filter(([k]) => k !== 'withdrawnVia')), /withdrawnVia is missing/],
    ];
    for (const [body, message] of spoilt) {
      expect(() => expectDocumented(list(body), 'get', '/v1/people/{id}/consents')).toThrow(message);
    }
    expect(() => expectDocumented(fake({ items: [], total: '0', limit: 20, offset: 0 }), 'get', '/v1/privacy-requests')).toThrow(
      /not a number/,
    );
    expect(() => expectDocumented(fake({ personId: uuidv7(), roles: ['admin'], account: 'none' }), 'get', '/v1/auth/me')).toThrow(
      /not an object/,
    );
    expect(
      openApiProblems(
        { $ref: '#/components/schemas/MeView' },
        { personId: uuidv7(), roles: ['admin'], account: null },
        document.components.schemas,
      ),
    ).toEqual([]);
  });
});
