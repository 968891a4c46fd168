import { describe, expect, it } from '@jest/globals';
import {
  EventsPrivacyRequestAnsweredV1,
  NotificationsPrivacyRequestAnsweredV1,
  parseSubject,
  ProposalsPrivacyRequestAnsweredV1,
  type EventContract,
  type EventEnvelope,
  type PrivacyAnswerV1,
} from '@collabo/contracts';
import { ensureStream, NatsNaming } from '@collabo/service-kit';
import { jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { RegistryRetentionJob } from '../src/privacy/retention.job.js';
import { expectNoSecretsLogged, personBody, startRegistryForSuite, type Registry } from './support.js';

type Answering = 'proposals' | 'events' | 'notifications';
const CONTRACTS: Record<Answering, EventContract> = {
  proposals: ProposalsPrivacyRequestAnsweredV1,
  events: EventsPrivacyRequestAnsweredV1,
  notifications: NotificationsPrivacyRequestAnsweredV1,
};
const KIND = 'privacy_requests_completed';

/**
 * Retention of completed privacy requests (issue #20): RETENTION_PRIVACY_ANSWERS_DAYS (90 by default) after a request
 * is completed, the retention job removes the personal data of its answers (the disclosure copies) and replaces its
 * email addresses by markers; what each service answered when, how many records of each kind it held, what it did
 * and what it kept and why stay. The disclosure is then 410 Gone. Younger and open requests are not touched.
 */
describe('retention of completed privacy requests (issue #20)', () => {
  let r: Registry;
  let auth: Record<string, string>;
  let db: DataSource;
  let job: RegistryRetentionJob;

  startRegistryForSuite(async (started, admin) => {
    [r, auth] = [started, admin];
    db = r.svc.app.get(DataSource);
    job = r.svc.app.get(RegistryRetentionJob);
    const jsm = await jetstreamManager(r.nc);
    for (const owner of ['proposals', 'events', 'notifications'] as const) await ensureStream(jsm, new NatsNaming(r.prefix), owner);
  });

  /** Publishes a service's answer as its outbox relay would, and waits until the registry has stored it. */
  async function answer(service: Answering, requestId: string, kind: PrivacyAnswerV1['kind'], body: Partial<PrivacyAnswerV1>) {
    const data = { requestId, service, kind, answeredAt: r.clock.now().toISOString(), ...body } as PrivacyAnswerV1;
    const { type, version } = parseSubject(CONTRACTS[service].subject);
    const sent: EventEnvelope<PrivacyAnswerV1> = {
      id: uuidv7(),
      type,
      version,
      occurredAt: data.answeredAt,
      source: service,
      aggregateId: requestId,
      correlationId: uuidv7(),
      causationId: null,
      data,
    };
    const h = headers();
    h.set('Nats-Msg-Id', sent.id);
    const subject = new NatsNaming(r.prefix).subject(CONTRACTS[service].subject);
    const ack = await r.nc.request(subject, JSON.stringify(sent), { headers: h, timeout: 5000 });
    expect(ack.json<{ error?: unknown }>().error).toBeUndefined();
    const durable = `registry-store-answer-on-${service}-privacy-request-answered`;
    const processed = await r.svc.waitForProcessed((n) => n.consumer === durable && n.messageId === sent.id);
    expect(processed[processed.length - 1]!.outcome).toBe('applied');
  }

  async function newPerson(overrides: Record<string, unknown>): Promise<{ id: string; email: string }> {
    const body = personBody(overrides);
    const res = await r.http().post('/v1/people').set(auth).send(body).expect(201);
    return { id: res.body.id, email: String(body['email']).toLowerCase() };
  }

  /** A disclosure of the person, answered by every service with records that hold their email and name. */
  async function disclosure(person: { id: string; email: string }, name: string, answering: Answering[]): Promise<string> {
    const id = (await r.http().post('/v1/privacy-requests').set(auth).send({ kind: 'disclosure', personId: person.id }).expect(201)).body
      .id as string;
    const records: Record<Answering, Record<string, unknown>[]> = {
      proposals: [{ title: `${name}の提案`, contactEmail: person.email }],
      events: [
        { event: '交流会', name, email: person.email, note: 'えびアレルギー' },
        { event: '研究会', name, email: person.email, note: null },
      ],
      notifications: [],
    };
    for (const service of answering) {
      await answer(service, id, 'disclosure', {
        sections: [{ key: `${service}.record`, title: { ja: '記録', en: 'Records' }, records: records[service] }],
      });
    }
    return id;
  }

  /** Everything stored about a request, as text: its row and its answers. */
  async function stored(id: string): Promise<string> {
    const [request] = await db.query(`SELECT email, subject, registry_answer FROM privacy_requests WHERE id = $1`, [id]);
    const answers = await db.query(`SELECT service, answer FROM privacy_request_answers WHERE request_id = $1 ORDER BY service`, [id]);
    return JSON.stringify({ request, answers });
  }
  const view = async (id: string) => (await r.http().get(`/v1/privacy-requests/${id}`).set(auth).expect(200)).body;
  const partsOf = (v: { services: Record<string, unknown>[] }) =>
    v.services.map(({ service, status, answeredAt, sections, actions, retained }) => ({
      service,
      status,
      answeredAt,
      sections,
      actions,
      retained,
    }));

  let old: { id: string; person: { id: string; email: string } };
  let young: { id: string; person: { id: string; email: string } };
  let open: { id: string; person: { id: string; email: string } };
  let guestErasure: string;
  const GUEST = 'guest.retention@example.jp';
  const ERASURE_ANSWERS: Record<Answering, Partial<PrivacyAnswerV1>> = {
    proposals: {
      actions: [{ what: 'proposal_contacts', action: 'erased', count: 1 }],
      retained: [
        { what: 'reviews', count: 1, reason: { ja: '審査中の提案の評価', en: 'A review of a proposal in screening' }, until: null },
      ],
    },
    events: { actions: [{ what: 'registrations', action: 'erased', count: 2 }] },
    notifications: { actions: [{ what: 'deliveries', action: 'redacted', count: 3 }] },
  };

  it('sets up: disclosures completed on 2026-12-20 and 2027-01-19, a guest’s erasure, and a disclosure still open', async () => {
    r.clock.set('2026-12-20T00:00:00Z');
    const oldPerson = await newPerson({ familyName: '保持', givenName: '花子', phone: '011-987-6543' });
    old = { person: oldPerson, id: await disclosure(oldPerson, '保持 花子', ['proposals', 'events', 'notifications']) };
    guestErasure = (await r.http().post('/v1/privacy-requests').set(auth).send({ kind: 'erasure', email: GUEST }).expect(201)).body.id;
    for (const service of ['proposals', 'events', 'notifications'] as const) {
      await answer(service, guestErasure, 'erasure', ERASURE_ANSWERS[service]);
    }
    const openPerson = await newPerson({ familyName: '未了', givenName: '次郎' });
    open = { person: openPerson, id: await disclosure(openPerson, '未了 次郎', ['proposals', 'events']) };

    r.clock.set('2027-01-19T00:00:00Z');
    const youngPerson = await newPerson({ familyName: '若葉', givenName: '三郎' });
    young = { person: youngPerson, id: await disclosure(youngPerson, '若葉 三郎', ['proposals', 'events', 'notifications']) };

    expect((await view(old.id)).status).toBe('completed');
    expect((await view(guestErasure)).status).toBe('completed');
    expect((await view(young.id)).status).toBe('completed');
    expect(await view(open.id)).toMatchObject({ status: 'open', pending: ['notifications'] });
    expect(await stored(old.id)).toContain(old.person.email);
    expect(await stored(old.id)).toContain('保持');
    await r.http().get(`/v1/privacy-requests/${old.id}/disclosure`).set(auth).expect(200);
  });

  it('removes the personal data of requests completed more than 90 days ago, keeps the proof of handling, and 410s the disclosure', async () => {
    const before = {
      old: await view(old.id),
      erasure: await view(guestErasure),
      young: await stored(young.id),
      open: await stored(open.id),
    };
    expect(before.erasure.email).toBe(GUEST);

    // 2027-03-25 (fiscal year 2026): 95 days after the first completions, 65 after the younger one.
    r.clock.set('2027-03-25T00:00:00Z');
    expect((await job.runDetailed())[KIND]).toBe(2);

    // The old disclosure: no personal value left in what is stored, neither the registry's part nor the others'.
    const oldStored = await stored(old.id);
    for (const value of [old.person.email, '保持', '花子', '011-987-6543', 'えびアレルギー', '交流会'])
      expect(oldStored).not.toContain(value);
    const after = await view(old.id);
    expect(after.personalDataRemovedAt).toBe('2027-03-25T09:00:00.000+09:00');
    expect(after.subject).toEqual({ personId: old.person.id, personIds: [old.person.id], emails: [`removed+${old.id}.1@invalid`] });
    // which service answered when and how many records of each kind it held: as before
    expect(partsOf(after)).toEqual(partsOf(before.old));
    expect(after.services.find((s: { service: string }) => s.service === 'events').sections).toEqual([
      { key: 'events.record', title: { ja: '記録', en: 'Records' }, records: 2 },
    ]);
    const registryPart = after.services.find((s: { service: string }) => s.service === 'registry');
    expect(registryPart.sections.find((s: { key: string }) => s.key === 'registry.person').records).toBe(1);

    // The guest's erasure: what each service did and kept, and why, unchanged; the guest's email a marker.
    const erasure = await view(guestErasure);
    expect(partsOf(erasure)).toEqual(partsOf(before.erasure));
    expect(erasure.services.find((s: { service: string }) => s.service === 'proposals')).toMatchObject(ERASURE_ANSWERS.proposals);
    expect(erasure.email).toBe(`removed+${guestErasure}.1@invalid`);
    expect(erasure.subject.emails).toEqual([`removed+${guestErasure}.1@invalid`]);
    expect(await stored(guestErasure)).not.toContain(GUEST);

    // The younger one and the open one: untouched.
    expect(await stored(young.id)).toBe(before.young);
    expect(await stored(young.id)).toContain(young.person.email);
    expect(await stored(open.id)).toBe(before.open);
    expect((await view(young.id)).personalDataRemovedAt).toBeNull();

    // The disclosure: 410 Gone with the reason and what to do, as JSON or HTML asked; the younger one still there.
    for (const format of ['json', 'html']) {
      const gone = await r.http().get(`/v1/privacy-requests/${old.id}/disclosure?format=${format}`).set(auth).expect(410);
      expect(gone.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(gone.body).toMatchObject({
        status: 410,
        code: 'REGISTRY.PRIVACY_DISCLOSURE_REMOVED',
        removedAt: '2027-03-25T09:00:00.000+09:00',
        removedBy: 'retention',
        retentionDays: 90,
        errors: [{ field: 'id', message: expect.stringContaining('removed 90 days after the request was completed (on 2027-03-25)') }],
      });
      expect(gone.body.errors[0].message).toContain('open a new disclosure request');
      expect(JSON.stringify(gone.body)).not.toContain(old.person.email);
    }
    const kept = await r.http().get(`/v1/privacy-requests/${young.id}/disclosure`).set(auth).expect(200);
    expect(JSON.stringify(kept.body)).toContain(young.person.email);

    const audit = await db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [old.id]);
    // the download before the removal, then the removal; a refused download is no download
    expect(audit.map((a: { action: string }) => a.action).slice(-2)).toEqual(['disclosure_downloaded:json', 'personal_data_removed']);
  });

  it('changes nothing on a second run', async () => {
    const snapshot = async () => Promise.all([old.id, guestErasure, young.id, open.id].map(stored));
    const before = await snapshot();
    const [{ at }] = await db.query(`SELECT personal_data_removed_at AS at FROM privacy_requests WHERE id = $1`, [old.id]);
    r.clock.set('2027-03-26T00:00:00Z');
    expect((await job.runDetailed())[KIND]).toBe(0);
    expect(await snapshot()).toEqual(before);
    const [{ at: again }] = await db.query(`SELECT personal_data_removed_at AS at FROM privacy_requests WHERE id = $1`, [old.id]);
    expect(again).toEqual(at);
  });

  it('takes the younger one once its 90 days are over, never the open one, and counts them per fiscal year', async () => {
    // 2027-04-25 (fiscal year 2027): 96 days after the younger completion; the open request is 126 days old.
    r.clock.set('2027-04-25T00:00:00Z');
    const openBefore = await stored(open.id);
    expect(await job.runNow()).toBeGreaterThanOrEqual(1);
    expect(await stored(young.id)).not.toContain(young.person.email);
    expect(await stored(young.id)).not.toContain('若葉');
    await r.http().get(`/v1/privacy-requests/${young.id}/disclosure`).set(auth).expect(410);
    expect(await stored(open.id)).toBe(openBefore);
    expect(await stored(open.id)).toContain(open.person.email);
    expect(await view(open.id)).toMatchObject({ status: 'open', personalDataRemovedAt: null });

    const report = (await r.http().get('/v1/privacy/retention-report').set(auth).expect(200)).body;
    expect(report.policy.find((p: { kind: string }) => p.kind === KIND)).toMatchObject({ days: 90, action: 'redacted' });
    const ours = report.years.map((y: { fiscalYear: number; removed: { kind: string }[] }) => ({
      fiscalYear: y.fiscalYear,
      removed: y.removed.filter((x) => x.kind === KIND),
    }));
    expect(ours).toEqual([
      { fiscalYear: 2027, removed: [{ kind: KIND, action: 'redacted', count: 1, lastRunAt: '2027-04-25T00:00:00.000Z' }] },
      { fiscalYear: 2026, removed: [{ kind: KIND, action: 'redacted', count: 2, lastRunAt: '2027-03-25T00:00:00.000Z' }] },
    ]);
  });

  it('removes the copies in a person’s earlier disclosures once an erasure of that person is completed, not another’s', async () => {
    r.clock.set('2027-05-10T00:00:00Z');
    const erased = await newPerson({ familyName: '消去', givenName: '四郎', phone: '011-222-3333' });
    const other = await newPerson({ familyName: '他人', givenName: '五郎' });
    const erasedDisclosure = await disclosure(erased, '消去 四郎', ['proposals', 'events', 'notifications']);
    const otherDisclosure = await disclosure(other, '他人 五郎', ['proposals', 'events', 'notifications']);
    const otherBefore = await stored(otherDisclosure);
    const before = await view(erasedDisclosure);

    r.clock.set('2027-05-12T00:00:00Z');
    const erasure = (await r.http().post('/v1/privacy-requests').set(auth).send({ kind: 'erasure', personId: erased.id }).expect(201)).body
      .id as string;
    await answer('proposals', erasure, 'erasure', ERASURE_ANSWERS.proposals);
    await answer('events', erasure, 'erasure', ERASURE_ANSWERS.events);
    // Not completed yet: the disclosure is still whole.
    expect(await stored(erasedDisclosure)).toContain(erased.email);
    await answer('notifications', erasure, 'erasure', ERASURE_ANSWERS.notifications);
    expect((await view(erasure)).status).toBe('completed');

    const left = await stored(erasedDisclosure);
    for (const value of [erased.email, '消去', '四郎', '011-222-3333', 'えびアレルギー']) expect(left).not.toContain(value);
    const after = await view(erasedDisclosure);
    expect(after.personalDataRemovedAt).toBe('2027-05-12T09:00:00.000+09:00');
    // Who answered when stays (the records themselves went with the registry's erasure: see registry-part.ts).
    const answered = (v: { services: { service: string; status: string; answeredAt: string }[] }) =>
      v.services.map(({ service, status, answeredAt }) => ({ service, status, answeredAt }));
    expect(answered(after)).toEqual(answered(before));
    expect(after.subject.emails).toEqual([`removed+${erasedDisclosure}.1@invalid`]);
    const gone = await r.http().get(`/v1/privacy-requests/${erasedDisclosure}/disclosure`).set(auth).expect(410);
    expect(gone.body).toMatchObject({
      code: 'REGISTRY.PRIVACY_DISCLOSURE_REMOVED',
      removedAt: '2027-05-12T09:00:00.000+09:00',
      removedBy: 'erasure',
      errors: [{ field: 'id', message: expect.stringContaining('when an erasure of the same person was completed') }],
    });
    const audit = await db.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [erasedDisclosure]);
    expect(audit.map((a: { action: string }) => a.action).at(-1)).toBe('personal_data_removed:erasure');

    // Another person's disclosure: untouched, and still downloads.
    expect(await stored(otherDisclosure)).toBe(otherBefore);
    await r.http().get(`/v1/privacy-requests/${otherDisclosure}/disclosure`).set(auth).expect(200);
    // The retention job does not count it again; it is not the job's removal.
    const [{ by }] = await db.query(`SELECT personal_data_removed_by AS by FROM privacy_requests WHERE id = $1`, [erasedDisclosure]);
    expect(by).toBe('erasure');
    expect((await job.runDetailed())[KIND]).toBe(0);
  });

  it('leaves no personal data in the logs', async () => {
    r.secrets.push(GUEST);
    await expectNoSecretsLogged(r);
  });
});
