import { describe, expect, it } from '@jest/globals';
import {
  EventsPrivacyRequestAnsweredV1,
  GetConsentWithdrawalLinkV1,
  GetPersonV1,
  NotificationsPrivacyRequestAnsweredV1,
  parseSubject,
  PrivacyRequestOpenedV1,
  ProposalsPrivacyRequestAnsweredV1,
  type EventContract,
  type EventEnvelope,
  type PrivacyAnswerV1,
} from '@collabo/contracts';
import { ensureStream, NatsNaming, OutboxRelay, RpcClient } from '@collabo/service-kit';
import { readEvents, TEST_NATS_URL } from '@collabo/service-kit/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { expectContract, expectNoSecretsLogged, orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

type Answering = 'proposals' | 'events' | 'notifications';
const CONTRACTS: Record<Answering, EventContract> = {
  proposals: ProposalsPrivacyRequestAnsweredV1,
  events: EventsPrivacyRequestAnsweredV1,
  notifications: NotificationsPrivacyRequestAnsweredV1,
};
const durableOf = (service: Answering) => `registry-store-answer-on-${service}-privacy-request-answered`;

describe('privacy requests (issue #20), the registry side', () => {
  let r: Registry;
  let auth: Record<string, string>;
  let db: DataSource;
  let orgId: string;
  let groupId: string;

  startRegistryForSuite(
    async (started, admin) => {
      [r, auth] = [started, admin];
      db = r.svc.app.get(DataSource);
      // The answering services own their streams; in a deployment they exist before anyone answers.
      const jsm = await jetstreamManager(r.nc);
      for (const owner of ['proposals', 'events', 'notifications'] as const) await ensureStream(jsm, new NatsNaming(r.prefix), owner);
      orgId = (await r.http().post('/v1/organizations').set(auth).send(orgBody()).expect(201)).body.id;
      groupId = (
        await r
          .http()
          .post('/v1/organizations')
          .set(auth)
          .send(
            orgBody({ name: '札幌食品研究会', nameKana: 'サッポロショクヒンケンキュウカイ', kind: 'study_group', foundedOn: '2001-04-01' }),
          )
          .expect(201)
      ).body.id;
    },
    { CONSENT_LINK_RATE_LIMIT_PER_MINUTE: '10000' },
  );

  /** Publishes an answer as the service's outbox relay would (`Nats-Msg-Id` = event id, stored by JetStream). */
  async function publishAnswer(service: Answering, data: PrivacyAnswerV1, envelope?: EventEnvelope<PrivacyAnswerV1>, msgId = true) {
    const contract = CONTRACTS[service];
    const { type, version } = parseSubject(contract.subject);
    const sent: EventEnvelope<PrivacyAnswerV1> = envelope ?? {
      id: uuidv7(),
      type,
      version,
      occurredAt: new Date().toISOString(),
      source: service,
      aggregateId: data.requestId,
      correlationId: uuidv7(),
      causationId: null,
      data,
    };
    const h = headers();
    if (msgId) h.set('Nats-Msg-Id', sent.id);
    const ack = await r.nc.request(new NatsNaming(r.prefix).subject(contract.subject), JSON.stringify(sent), { headers: h, timeout: 5000 });
    expect(ack.json<{ error?: unknown }>().error).toBeUndefined();
    return sent;
  }

  const sends = new Map<string, number>();
  async function answer(service: Answering, data: PrivacyAnswerV1, envelope?: EventEnvelope<PrivacyAnswerV1>, msgId = true) {
    const sent = await publishAnswer(service, data, envelope, msgId);
    // a message sent again is handled again: wait for that second handling
    const times = (sends.get(sent.id) ?? 0) + 1;
    sends.set(sent.id, times);
    const processed = await r.svc.waitForProcessed((n) => n.consumer === durableOf(service) && n.messageId === sent.id, times);
    const last = processed[processed.length - 1]!;
    if (last.outcome === 'retry') throw new Error(`the answer was not applied: ${last.error}`);
    return { sent, outcome: last.outcome };
  }

  const answerData = (requestId: string, service: Answering, kind: PrivacyAnswerV1['kind'], extra: Partial<PrivacyAnswerV1> = {}) =>
    ({ requestId, service, kind, answeredAt: new Date().toISOString(), ...extra }) as PrivacyAnswerV1;

  async function newPerson(overrides: Record<string, unknown> = {}): Promise<{ id: string; email: string }> {
    const body = personBody(overrides);
    const res = await r.http().post('/v1/people').set(auth).send(body).expect(201);
    return { id: res.body.id, email: String(body['email']).toLowerCase() };
  }

  const open = (body: object) => r.http().post('/v1/privacy-requests').set(auth).send(body);

  describe('opening a request', () => {
    it('says which field is wrong (400), and 404 for an unknown person', async () => {
      const none = await open({}).expect(400);
      expect(none.body.errors.map((e: { field: string }) => e.field)).toContain('kind');
      const neither = await open({ kind: 'disclosure' }).expect(400);
      expect(neither.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'personId']);
      const both = await open({ kind: 'disclosure', personId: uuidv7(), email: 'a@example.jp' }).expect(400);
      expect(both.body.errors[0].message).toMatch(/not both/);
      const bad = await open({ kind: 'forget-me', email: 'not an email', personId: 'x' }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'kind', 'personId']);
      const unknown = await open({ kind: 'disclosure', personId: uuidv7() }).expect(404);
      expect(unknown.body.type ?? unknown.body.code).toBeDefined();
      expect(JSON.stringify(unknown.body)).toContain('REGISTRY.PERSON_NOT_FOUND');
    });

    it('resolves an email of a registry person to them, and keeps a guest’s email as it is', async () => {
      const person = await newPerson();
      const byEmail = await open({ kind: 'cessation', email: person.email.toUpperCase() }).expect(201);
      expect(byEmail.body.personId).toBe(person.id);
      expect(byEmail.body.subject).toEqual({ personId: person.id, personIds: [person.id], emails: [person.email] });
      const guest = await open({ kind: 'erasure', email: ' Guest.Only@Example.JP ' }).expect(400); // not an email with spaces
      expect(guest.body.errors[0].field).toBe('email');
      const guestOk = await open({ kind: 'erasure', email: 'Guest.Only@Example.JP' }).expect(201);
      expect(guestOk.body.personId).toBeNull();
      expect(guestOk.body.subject).toEqual({ personId: null, personIds: [], emails: ['guest.only@example.jp'] });
      const registryPart = guestOk.body.services.find((s: { service: string }) => s.service === 'registry');
      expect(registryPart.status).toBe('answered');
      expect(registryPart.retained[0].what).toBe('registry.privacy_request');
    });
  });

  describe('a disclosure', () => {
    let person: { id: string; email: string };
    let requestId: string;

    it('is opened with the registry’s part done and the request on the bus', async () => {
      person = await newPerson({ phone: '011-123-4567' });
      await r
        .http()
        .post(`/v1/people/${person.id}/affiliations`)
        .set(auth)
        .send({ organizationId: orgId, department: '開発部' })
        .expect(201);
      await r
        .http()
        .post(`/v1/study-groups/${groupId}/members`)
        .set(auth)
        .send({ personId: person.id, role: 'member', joinedOn: '2003-04-01' })
        .expect(201);
      await r.http().post(`/v1/people/${person.id}/consents`).set(auth).send({ purpose: 'news', source: 'form' }).expect(201);

      const res = await open({ kind: 'disclosure', personId: person.id }).expect(201);
      requestId = res.body.id;
      expect(res.body).toMatchObject({
        kind: 'disclosure',
        status: 'open',
        overdue: false,
        pending: ['proposals', 'events', 'notifications'],
      });
      const registryPart = res.body.services.find((s: { service: string }) => s.service === 'registry');
      const counts = Object.fromEntries(registryPart.sections.map((s: { key: string; records: number }) => [s.key, s.records]));
      expect(counts).toMatchObject({
        'registry.person': 1,
        'registry.affiliation': 1,
        'registry.membership': 1,
        'registry.consent': 1,
        'registry.alias': 0,
        'registry.account': 0,
      });
      expect(counts['registry.audit']).toBeGreaterThanOrEqual(3);

      const { envelopes } = await readEvents<PrivacyRequestOpenedV1.Data>(r.nc, r.prefix, PrivacyRequestOpenedV1.subject, 1);
      const opened = envelopes.find((e) => e.data.requestId === requestId) ?? (await findOpened(requestId));
      expectContract(PrivacyRequestOpenedV1.Data, opened.data);
      expect(opened.data).toMatchObject({
        kind: 'disclosure',
        subject: { personId: person.id, personIds: [person.id], emails: [person.email] },
      });
      expect(opened.aggregateId).toBe(requestId);
    });

    it('has no document until every service has answered (409 naming those pending)', async () => {
      const early = await r.http().get(`/v1/privacy-requests/${requestId}/disclosure`).set(auth).expect(409);
      expect(early.body.pending).toEqual(['proposals', 'events', 'notifications']);
      await answer('proposals', answerData(requestId, 'proposals', 'disclosure', { sections: [] }));
      const events = answerData(requestId, 'events', 'disclosure', {
        sections: [
          { key: 'events.registration', title: { ja: '参加申込', en: 'Registrations' }, records: [{ note: '<b>vegetarian</b>' }] },
        ],
      });
      const first = await answer('events', events);
      expect(first.outcome).toBe('applied');
      // the same event again (a redelivery after a crash, outside JetStream's duplicate window): the inbox drops it
      const again = await answer('events', events, first.sent, false);
      expect(again.outcome).toBe('duplicate');
      // a second answer of the same service: stored once, the first kept
      await answer('events', answerData(requestId, 'events', 'disclosure', { sections: [] }));
      const still = await r.http().get(`/v1/privacy-requests/${requestId}/disclosure`).set(auth).expect(409);
      expect(still.body.pending).toEqual(['notifications']);
      const status = await r.http().get(`/v1/privacy-requests/${requestId}`).set(auth).expect(200);
      expect(status.body.status).toBe('open');
      const eventsPart = status.body.services.find((s: { service: string }) => s.service === 'events');
      expect(eventsPart).toMatchObject({ status: 'answered', sections: [{ key: 'events.registration', records: 1 }] });
      expect(status.body.services.find((s: { service: string }) => s.service === 'notifications')).toMatchObject({
        status: 'pending',
        answeredAt: null,
      });
    });

    it('completes with the last answer, and gives the document as JSON and as escaped Japanese HTML', async () => {
      await answer('notifications', answerData(requestId, 'notifications', 'disclosure', { sections: [] }));
      const status = await r.http().get(`/v1/privacy-requests/${requestId}`).set(auth).expect(200);
      expect(status.body).toMatchObject({ status: 'completed', pending: [], overdue: false });
      expect(status.body.completedAt).not.toBeNull();

      const json = await r.http().get(`/v1/privacy-requests/${requestId}/disclosure`).set(auth).expect(200);
      expect(json.headers['content-disposition']).toContain(`disclosure-${requestId}.json`);
      expect(json.body.services.map((s: { service: string }) => s.service)).toEqual(['registry', 'proposals', 'events', 'notifications']);
      const registry = json.body.services[0].sections as { key: string; records: Record<string, unknown>[] }[];
      const record = registry.find((s) => s.key === 'registry.person')!.records[0]!;
      expect(record).toMatchObject({ id: person.id, email: person.email, phone: '011-123-4567' });
      expect(registry.find((s) => s.key === 'registry.affiliation')!.records[0]).toMatchObject({ department: '開発部' });
      expect(registry.find((s) => s.key === 'registry.membership')!.records[0]).toMatchObject({
        roleHistory: [{ role: 'member', fromOn: '2003-04-01', toOn: null }],
      });
      expect(registry.find((s) => s.key === 'registry.consent')!.records[0]).toMatchObject({ purpose: 'news', source: 'form' });
      expect(JSON.stringify(json.body)).not.toMatch(/password|token_hash|tokenHash/i);
      expect(json.body.services[2].sections[0].records[0]).toEqual({ note: '<b>vegetarian</b>' });

      const html = await r.http().get(`/v1/privacy-requests/${requestId}/disclosure?format=html`).set(auth).expect(200);
      expect(html.headers['content-type']).toMatch(/^text\/html/);
      expect(html.text).toContain('保有個人データの開示');
      expect(html.text).toContain('参加申込<span class="en"> / Registrations</span>');
      expect(html.text).toContain('&lt;b&gt;vegetarian&lt;/b&gt;');
      expect(html.text).not.toContain('<b>vegetarian</b>');
      await r.http().get(`/v1/privacy-requests/${requestId}/disclosure?format=pdf`).set(auth).expect(400);

      const audit = await db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [requestId]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual([
        'opened:disclosure',
        'answered:proposals',
        'answered:events',
        'answered:notifications',
        'completed',
        'disclosure_downloaded:json',
        'disclosure_downloaded:html',
      ]);
    });

    it('ignores an answer to a request it does not know (acked, nothing stored)', async () => {
      const stray = uuidv7();
      const { outcome } = await answer('proposals', answerData(stray, 'proposals', 'disclosure'));
      expect(outcome).toBe('applied');
      expect(await db.query(`SELECT 1 FROM privacy_request_answers WHERE request_id = $1`, [stray])).toEqual([]);
    });

    it('refuses the document of a request that is not a disclosure (409)', async () => {
      const p = await newPerson();
      const res = await open({ kind: 'cessation', personId: p.id }).expect(201);
      const refused = await r.http().get(`/v1/privacy-requests/${res.body.id}/disclosure`).set(auth).expect(409);
      expect(JSON.stringify(refused.body)).toContain('REGISTRY.PRIVACY_REQUEST_NOT_DISCLOSURE');
    });
  });

  async function findOpened(requestId: string): Promise<EventEnvelope<PrivacyRequestOpenedV1.Data>> {
    const count = await countOpened();
    const { envelopes } = await readEvents<PrivacyRequestOpenedV1.Data>(r.nc, r.prefix, PrivacyRequestOpenedV1.subject, count);
    const found = envelopes.find((e) => e.data.requestId === requestId);
    if (!found) throw new Error(`no opened event for ${requestId}`);
    return found;
  }
  async function countOpened(): Promise<number> {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM privacy_requests`);
    return n;
  }

  describe('an erasure', () => {
    it('tombstones the person, disables the account, and keeps the study-group report’s numbers', async () => {
      const members = [await newPerson(), await newPerson(), await newPerson()];
      for (const m of members) {
        await r
          .http()
          .post(`/v1/study-groups/${groupId}/members`)
          .set(auth)
          .send({ personId: m.id, role: 'member', joinedOn: '2004-04-01' })
          .expect(201);
      }
      const target = members[1]!;
      await r.http().post(`/v1/people/${target.id}/affiliations`).set(auth).send({ organizationId: orgId, title: '部長' }).expect(201);
      await r.http().post(`/v1/people/${target.id}/consents`).set(auth).send({ purpose: 'directory_listing', source: 'staff' }).expect(201);
      const account = await r
        .http()
        .post('/v1/accounts')
        .set(auth)
        .send({ personId: target.id, roles: ['viewer'] })
        .expect(201);
      await db.query(`UPDATE accounts SET password_hash = 'x-not-a-real-hash', activated_at = now() WHERE id = $1`, [account.body.id]);
      const earlier = await open({ kind: 'disclosure', personId: target.id }).expect(201);
      // The earlier request's own event is published before the erasure (the relay drained here rather than left to its
      // timer): an erasure keeps a privacy request's event that is not yet published (the other services answer it), and
      // under load the relay may not have reached it yet, which the check of the leftovers below would count.
      await r.svc.app.get(OutboxRelay).drain();
      const [{ pending }] = await db.query(`SELECT count(*)::int AS pending FROM outbox WHERE aggregate_id = $1 AND published_at IS NULL`, [
        earlier.body.id,
      ]);
      expect(pending).toBe(0);

      const report = async () =>
        (await r.http().get('/v1/reports/study-groups').query({ from: 2001, to: 2006 }).set(auth).expect(200)).body;
      const before = await report();

      const res = await open({ kind: 'erasure', personId: target.id }).expect(201);
      const registryPart = res.body.services.find((s: { service: string }) => s.service === 'registry');
      const actions = Object.fromEntries(registryPart.actions.map((a: { what: string; count: number }) => [a.what, a.count]));
      expect(actions).toMatchObject({
        'registry.person': 1,
        'registry.affiliation': 1,
        'registry.account': 1,
        'registry.consent': 1,
        'registry.disclosure': 1,
      });
      expect(actions['registry.outbox']).toBeGreaterThanOrEqual(0);
      expect(registryPart.retained).toEqual([expect.objectContaining({ what: 'registry.privacy_request', count: 2 })]);

      expect(await report()).toEqual(before);

      const person = (await r.http().get(`/v1/people/${target.id}`).set(auth).expect(200)).body;
      expect(person).toMatchObject({
        familyName: '削除済み',
        givenName: 'erased',
        nameEn: 'erased',
        email: `erased+${target.id}@invalid`,
        phone: null,
        consentToList: false,
        archived: true,
      });
      const [acc] = await db.query(`SELECT disabled, password_hash, invitation_token_hash FROM accounts WHERE id = $1`, [account.body.id]);
      expect(acc).toEqual({ disabled: true, password_hash: null, invitation_token_hash: null });
      const [aff] = await db.query(`SELECT title, department FROM affiliations WHERE person_id = $1`, [target.id]);
      expect(aff).toEqual({ title: null, department: null });
      expect(await db.query(`SELECT 1 FROM consents WHERE person_id = $1`, [target.id])).toEqual([]);
      const [{ answer: earlierAnswer }] = await db.query(`SELECT registry_answer AS answer FROM privacy_requests WHERE id = $1`, [
        earlier.body.id,
      ]);
      expect(earlierAnswer.sections).toBeUndefined();
      // no outbox row of the registry holds the person's email any more, but the erasure request's own event
      const leftovers = await db.query(`SELECT subject, aggregate_id AS "aggregateId" FROM outbox WHERE envelope::text ILIKE $1`, [
        `%${target.email}%`,
      ]);
      expect(leftovers).toEqual([{ subject: PrivacyRequestOpenedV1.subject, aggregateId: res.body.id }]);
      // the people search finds nobody by the old name any more: the grams follow the tombstone
      const [{ grams }] = await db.query(`SELECT search_name AS grams FROM people WHERE id = $1`, [target.id]);
      expect(grams).toBe('削除済みerased');
    });

    it('will not erase the last active admin (409)', async () => {
      const [{ person_id: firstAdmin }] = await db.query(`SELECT person_id FROM accounts WHERE roles @> ARRAY['admin']::text[] LIMIT 1`);
      const res = await open({ kind: 'erasure', personId: firstAdmin }).expect(409);
      expect(JSON.stringify(res.body)).toContain('REGISTRY.LAST_ADMIN');
    });
  });

  describe('cessation of use', () => {
    it('sets the flag with its date, which the people RPC returns, until it is lifted', async () => {
      const person = await newPerson();
      const rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
      await rpc.connect();
      try {
        const ceased = await open({ kind: 'cessation', personId: person.id }).expect(201);
        const registryPart = ceased.body.services.find((s: { service: string }) => s.service === 'registry');
        expect(registryPart.actions).toEqual([{ what: 'registry.person', action: 'ceased', count: 1 }]);
        const stopped = await rpc.request(GetPersonV1, { personId: person.id });
        expect(stopped.processingStopped).toBe(true);
        expect(stopped.processingStoppedAt).toEqual(expect.any(String));
        expectContract(GetPersonV1.Response, stopped);
        // asked twice: nothing more to do
        const twice = await open({ kind: 'cessation', personId: person.id }).expect(201);
        expect(twice.body.services[0].actions).toEqual([{ what: 'registry.person', action: 'ceased', count: 0 }]);

        const lifted = await open({ kind: 'cessation_lifted', personId: person.id }).expect(201);
        expect(lifted.body.services[0].actions).toEqual([{ what: 'registry.person', action: 'resumed', count: 1 }]);
        const resumed = await rpc.request(GetPersonV1, { personId: person.id });
        expect(resumed).toMatchObject({ processingStopped: false, processingStoppedAt: null });
        const audit = await db.query(`SELECT action FROM audit_log WHERE entity_id = $1 AND entity_type = 'person' ORDER BY id`, [
          person.id,
        ]);
        expect(audit.map((a: { action: string }) => a.action)).toEqual(['registered', 'processing_stopped', 'processing_resumed']);
      } finally {
        await rpc.close();
      }
    });
  });

  describe('overdue requests', () => {
    it('are shown in the list and counted in the metric once PRIVACY_REQUEST_DUE_DAYS have passed', async () => {
      const person = await newPerson();
      const res = await open({ kind: 'disclosure', personId: person.id }).expect(201);
      const overdueIds = async () =>
        ((await r.http().get('/v1/privacy-requests?overdue=true&limit=100').set(auth).expect(200)).body.items as { id: string }[]).map(
          (i) => i.id,
        );
      const gauge = async () => {
        const text = (await r.http().get('/metrics').expect(200)).text;
        return Number(/^privacy_requests_overdue\{[^}]*\} (\d+)$/m.exec(text)?.[1]);
      };
      expect(await overdueIds()).not.toContain(res.body.id);
      const was = await gauge();
      const now = r.clock.now();
      r.clock.advance({ days: 15 });
      try {
        const ids = await overdueIds();
        expect(ids).toContain(res.body.id);
        expect(await gauge()).toBeGreaterThanOrEqual(was + 1);
        const open_ = (await r.http().get(`/v1/privacy-requests?status=open&kind=disclosure&limit=100`).set(auth).expect(200)).body;
        expect(open_.items.find((i: { id: string }) => i.id === res.body.id)).toMatchObject({ overdue: true, status: 'open' });
        const completed = (await r.http().get('/v1/privacy-requests?status=completed&limit=100').set(auth).expect(200)).body;
        expect(completed.items.every((i: { status: string; overdue: boolean }) => i.status === 'completed' && !i.overdue)).toBe(true);
      } finally {
        r.clock.set(now);
      }
      await r.http().get('/v1/privacy-requests?overdue=maybe').set(auth).expect(400);
    });
  });

  describe('consents', () => {
    it('are recorded per purpose with date and source, and withdrawn through the person’s link', async () => {
      const person = await newPerson();
      const given = await r
        .http()
        .post(`/v1/people/${person.id}/consents`)
        .set(auth)
        .send({ purpose: 'directory_listing', source: 'form', givenAt: '2026-04-01T10:00:00+09:00' })
        .expect(201);
      expect(given.body).toMatchObject({ purpose: 'directory_listing', source: 'form', inForce: true, withdrawnAt: null });
      expect((await r.http().get(`/v1/people/${person.id}`).set(auth)).body.consentToList).toBe(true);
      const twice = await r
        .http()
        .post(`/v1/people/${person.id}/consents`)
        .set(auth)
        .send({ purpose: 'directory_listing', source: 'staff' });
      expect(twice.status).toBe(409);
      const bad = await r.http().post(`/v1/people/${person.id}/consents`).set(auth).send({ purpose: 'spam', source: 'phone' }).expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['purpose', 'source']);
      await r.http().post(`/v1/people/${uuidv7()}/consents`).set(auth).send({ purpose: 'news', source: 'form' }).expect(404);

      const list = (await r.http().get(`/v1/people/${person.id}/consents`).set(auth).expect(200)).body;
      const link = new URL(list[0].withdrawalUrl);
      const token = link.searchParams.get('token')!;
      r.secrets.push(token);

      // what notifications asks for an email's link: the same link
      const rpc = new RpcClient({ url: TEST_NATS_URL, service: 'registry-test', naming: new NatsNaming(r.prefix), timeoutMs: 5000 });
      await rpc.connect();
      try {
        const viaRpc = await rpc.request(GetConsentWithdrawalLinkV1, { personId: person.id, purpose: 'directory_listing' });
        expectContract(GetConsentWithdrawalLinkV1.Response, viaRpc);
        expect(viaRpc).toEqual({ withdrawalUrl: list[0].withdrawalUrl, inForce: true });
        expect(await rpc.request(GetConsentWithdrawalLinkV1, { personId: person.id, purpose: 'news' })).toMatchObject({ inForce: false });
        await expect(rpc.request(GetConsentWithdrawalLinkV1, { personId: uuidv7(), purpose: 'news' })).rejects.toMatchObject({
          code: 'REGISTRY.PERSON_NOT_FOUND',
        });
        await expect(rpc.request(GetConsentWithdrawalLinkV1, { personId: person.id, purpose: 'spam' as 'news' })).rejects.toMatchObject({
          code: 'COMMON.VALIDATION_FAILED',
        });
      } finally {
        await rpc.close();
      }

      const page = await r
        .http()
        .get(`/v1/consent-withdrawal?token=${encodeURIComponent(token)}`)
        .expect(200);
      expect(page.text).toContain('会員名簿への掲載');
      expect((await r.http().get(`/v1/people/${person.id}/consents`).set(auth)).body[0].inForce).toBe(true);
      await r
        .http()
        .get(`/v1/consent-withdrawal?token=${encodeURIComponent(token.slice(0, -2))}AA`)
        .expect(400);

      const done = await r
        .http()
        .post(`/v1/consent-withdrawal?token=${encodeURIComponent(token)}`)
        .type('form')
        .send({ withdraw: 'yes' })
        .expect(200);
      expect(done.text).toContain('同意を撤回しました');
      const after = (await r.http().get(`/v1/people/${person.id}/consents`).set(auth).expect(200)).body;
      expect(after[0]).toMatchObject({ inForce: false, withdrawnVia: 'link', withdrawnBy: null, withdrawalUrl: null });
      expect((await r.http().get(`/v1/people/${person.id}`).set(auth)).body.consentToList).toBe(false);
      // the link again: nothing in force, nothing to do
      await r
        .http()
        .post(`/v1/consent-withdrawal?token=${encodeURIComponent(token)}`)
        .expect(200);
      // a form body anywhere else is still refused
      await r.http().post('/v1/people').set(auth).type('form').send({ familyName: 'x' }).expect(415);

      // staff record a withdrawal
      const news = await r.http().post(`/v1/people/${person.id}/consents`).set(auth).send({ purpose: 'news', source: 'staff' }).expect(201);
      const withdrawn = await r.http().post(`/v1/consents/${news.body.id}/withdrawal`).set(auth).expect(200);
      expect(withdrawn.body).toMatchObject({ inForce: false, withdrawnVia: 'staff' });
      // and a new consent may be given after a withdrawal
      await r.http().post(`/v1/people/${person.id}/consents`).set(auth).send({ purpose: 'news', source: 'form' }).expect(201);

      const disclosure = await open({ kind: 'disclosure', personId: person.id }).expect(201);
      const consents = disclosure.body.services[0].sections.find((s: { key: string }) => s.key === 'registry.consent');
      expect(consents.records).toBe(3);
      const audit = await db.query(`SELECT action FROM audit_log WHERE entity_type = 'consent' AND entity_id = $1 ORDER BY id`, [
        given.body.id,
      ]);
      expect(audit.map((a: { action: string }) => a.action)).toEqual(['given', 'withdrawn_via_link']);
    });
  });

  it('leaves no secret or personal data in the logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
