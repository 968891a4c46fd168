import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  EventCancelledV1,
  NotificationsPrivacyRequestAnsweredV1,
  PrivacyRequestOpenedV1,
  ReminderDueV1,
  type PrivacyAnswerV1,
  type PrivacyRequestKind,
  type PrivacySubjectV1,
} from '@collabo/contracts';
import { ManualClock } from '@collabo/service-kit/testing';
import { eventually, personRecord } from '@collabo/testing';
import { v7 as uuidv7 } from 'uuid';
import { NotificationsRetentionJob } from '../src/privacy/retention.job.js';
import { DeliveryRetention } from '../src/retention/delivery-retention.js';
import { exchangeEvent, guest, registration } from './fixtures/events.js';
import { publishEnvelope } from './support/producer.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Privacy requests in the notifications service (issue #20): cessation stops every optional email (a real SMTP sink
 * sees none) while transactional ones still go; disclosure; erasure redacts bodies and addresses, dead letters and
 * published outbox rows, and a registry person's rows of the recipient cache; a redelivery does nothing twice;
 * retention counts what it removes per fiscal year. Each test waits for its own emails and answers (by id), never
 * for a number of notices that earlier tests' emails could make up.
 */
describe('privacy requests (notifications)', () => {
  let h: Harness;
  const clock = new ManualClock('2026-10-01T00:00:00Z');
  const ceased = 'ceased.guest@example.jp';
  const other = 'other.guest@example.jp';
  /** A registry person (the recipient cache holds them once an email went to them). */
  const member = personRecord({ familyName: '会員', givenName: '花子', email: 'hanako.member@example.jp' });

  beforeAll(async () => {
    h = await startHarness({ clock, people: [member] });
  });
  afterAll(async () => h?.close());

  const request = async (kind: PrivacyRequestKind, emails: string[], person: Partial<PrivacySubjectV1> = {}) => {
    const data: PrivacyRequestOpenedV1.Data = {
      requestId: uuidv7(),
      kind,
      subject: { personId: null, personIds: [], emails, ...person },
      openedAt: clock.now().toISOString(),
    };
    const envelope = await h.publishApplied(PrivacyRequestOpenedV1, data);
    return { envelope, requestId: data.requestId };
  };
  const answersOf = async (requestId: string): Promise<PrivacyAnswerV1[]> =>
    (
      await h.dataSource.query(`SELECT envelope FROM outbox WHERE subject = $1 AND aggregate_id = $2`, [
        NotificationsPrivacyRequestAnsweredV1.subject,
        requestId,
      ])
    ).map((r: { envelope: { data: PrivacyAnswerV1 } }) => r.envelope.data);
  /** Publishes an event, waits until it is applied and its emails settled; returns its rows by recipient and kind. */
  const emailsOf = async (
    publish: () => Promise<{ id: string }>,
    settled: (n: { outcome: string }) => boolean = (n) => n.outcome === 'sent',
  ): Promise<{ id: string; recipient_email: string; kind: string; status: string }[]> => {
    const { id: eventId } = await publish();
    await h.svc.waitForProcessed((n) => n.messageId === eventId && n.outcome === 'applied');
    const rowsOf = (): Promise<{ id: string; recipient_email: string; kind: string; status: string }[]> =>
      h.dataSource.query(`SELECT id, recipient_email, kind, status FROM deliveries WHERE event_id = $1 ORDER BY recipient_email, kind`, [
        eventId,
      ]);
    // Suppressed at intake: never sent. Every other row is (or was already, before this read) the worker's.
    const toSend = new Set((await rowsOf()).filter((r) => r.status !== 'suppressed').map((r) => r.id));
    await h.svc.waitForDeliveries((n) => toSend.has(n.deliveryId) && settled(n), toSend.size);
    return rowsOf();
  };
  /** Every outbox row published (the erasure purges published rows only: counting them needs the relay done). */
  const relayDone = () =>
    eventually(
      async () => (await h.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n === 0,
      'the relay has published every outbox row',
      15_000,
      20,
    );

  it('after a cessation no optional email goes to the person, transactional ones still do, until it is lifted', async () => {
    const { requestId } = await request('cessation', [ceased]);
    expect((await answersOf(requestId))[0]!.actions).toEqual(
      expect.arrayContaining([{ what: 'optional_emails', action: 'ceased', count: 1 }]),
    );
    const event = exchangeEvent();
    const regs = [registration(guest('止 める', ceased)), registration(guest('他 の人', other))];
    const reminded = await emailsOf(() => h.publish(ReminderDueV1, { event, registrations: regs }));
    const cancelled = await emailsOf(() => h.publish(EventCancelledV1, { event, reason: '荒天のため', registrations: regs }));
    // The reminder (optional) reaches only the other guest; the cancellation (transactional) reaches both.
    expect([...reminded, ...cancelled].map((r) => [r.recipient_email, r.kind, r.status])).toEqual([
      [ceased, 'event-reminder', 'suppressed'],
      [other, 'event-reminder', 'sent'],
      [ceased, 'event-cancelled', 'sent'],
      [other, 'event-cancelled', 'sent'],
    ]);
    const to = h.smtp.received.map((m) => m.to[0]).sort();
    expect(to).toEqual([ceased, other, other].sort());
    const rows: { recipient_email: string; kind: string; status: string }[] = await h.dataSource.query(
      `SELECT recipient_email, kind, status FROM deliveries WHERE recipient_email = $1 ORDER BY kind`,
      [ceased],
    );
    expect(rows).toEqual([
      { recipient_email: ceased, kind: 'event-cancelled', status: 'sent' },
      { recipient_email: ceased, kind: 'event-reminder', status: 'suppressed' },
    ]);

    const lifted = await request('cessation_lifted', [ceased]);
    expect((await answersOf(lifted.requestId))[0]!.actions).toEqual([{ what: 'optional_emails', action: 'resumed', count: 1 }]);
    const resumed = await emailsOf(() =>
      h.publish(ReminderDueV1, { event: exchangeEvent(), registrations: [registration(guest('止 める', ceased))] }),
    );
    expect(resumed.map((r) => r.status)).toEqual(['sent']);
    expect(h.smtp.received.filter((m) => m.to[0] === ceased)).toHaveLength(2);
  });

  it('discloses the emails sent with subjects, dates and bodies, and the preferences', async () => {
    const { requestId } = await request('disclosure', [ceased]);
    const [answer] = await answersOf(requestId);
    const deliveries = answer!.sections!.find((s) => s.key === 'notifications.delivery')!;
    expect(deliveries.records).toHaveLength(3);
    expect(deliveries.records[0]).toEqual(
      expect.objectContaining({ address: ceased, status: expect.any(String), subject: expect.any(String) }),
    );
    expect(typeof deliveries.records[0]!['body']).toBe('string');
  });

  it('erases: bodies and addresses redacted, dead letters redacted, published outbox rows purged; nothing twice', async () => {
    // A dead letter that names the person (a message that could not be handled).
    await h.dataSource.query(
      `INSERT INTO dead_letters (id, consumer, subject, payload, error, attempts) VALUES ($1, 'x', 'y', $2, 'boom', 8)`,
      [uuidv7(), JSON.stringify({ data: { email: ceased.toUpperCase() } })],
    );
    const before = await h.dataSource.query(`SELECT kind, category, status FROM deliveries ORDER BY id`);
    await relayDone(); // the earlier answers (which name the address) are published, so the erasure purges them
    const { requestId, envelope } = await request('erasure', [ceased]);
    const [answer] = await answersOf(requestId);
    expect(answer!.actions).toEqual(
      expect.arrayContaining([
        { what: 'deliveries', action: 'redacted', count: 3 },
        { what: 'dead_letters', action: 'redacted', count: 1 },
      ]),
    );
    expect(answer!.actions!.find((a) => a.what === 'outbox')!.count).toBeGreaterThanOrEqual(1); // the earlier answers name the address
    expect(answer!.actions).toContainEqual({ what: 'recipient_cache', action: 'erased', count: 0 }); // a guest is never cached
    const left = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE recipient_email = $1 OR text_body LIKE '%止 める%'`,
      [ceased],
    );
    expect(left[0].n).toBe(0);
    expect(await h.dataSource.query(`SELECT kind, category, status FROM deliveries ORDER BY id`)).toEqual(before);
    const [dl] = await h.dataSource.query(`SELECT payload, redacted_at FROM dead_letters`);
    expect(dl.payload).toBeNull();

    await publishEnvelope(h.nc, h.prefix, PrivacyRequestOpenedV1, envelope, uuidv7()); // stored again: the inbox drops it
    await h.svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'duplicate');
    expect(await answersOf(requestId)).toHaveLength(1);
  });

  it('erases a registry person’s rows of the recipient cache too, discloses them before, and lists them in the answer', async () => {
    const cachedRows = () => h.dataSource.query('SELECT person_id, email FROM recipient_cache WHERE person_id = $1', [member.id]);
    const neighbour = h.registry.person({ email: 'someone.else@example.jp' });
    const sent = await emailsOf(() =>
      h.publish(EventCancelledV1, {
        event: exchangeEvent(),
        reason: '会場の都合により',
        registrations: [
          registration(guest('会員 花子', member.email, 'ja', member.id)),
          registration(guest('別 人', neighbour.email, 'ja', neighbour.id)),
        ],
      }),
    );
    expect(sent.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(await cachedRows()).toEqual([{ person_id: member.id, email: member.email }]);

    const subject = { personId: member.id };
    const disclosed = await request('disclosure', [], subject);
    const section = (await answersOf(disclosed.requestId))[0]!.sections!.find((s) => s.key === 'notifications.recipient_cache')!;
    expect(section.records).toEqual([expect.objectContaining({ personId: member.id, address: member.email, name: member.displayName })]);

    await relayDone();
    const erased = await request('erasure', [], subject);
    const [answer] = await answersOf(erased.requestId);
    expect(answer!.actions).toEqual(
      expect.arrayContaining([
        { what: 'recipient_cache', action: 'erased', count: 1 },
        { what: 'deliveries', action: 'redacted', count: 1 },
      ]),
    );
    expect(await cachedRows()).toEqual([]);
    // The other person's row stays.
    expect(await h.dataSource.query('SELECT count(*)::int AS n FROM recipient_cache WHERE person_id = $1', [neighbour.id])).toEqual([
      { n: 1 },
    ]);
  });

  it('retention: delivery bodies and the kit tables past their periods, counted per fiscal year; report for admins only', async () => {
    clock.set('2028-03-01T00:00:00Z'); // 400 days and more after every email (rows carry the database's time); fiscal year 2027
    const deliveries = await h.svc.app.get(DeliveryRetention).run();
    // The other guest's two emails and the other registry person's cancellation (the erased ones are redacted already).
    expect(deliveries.redacted).toBe(3);
    const done = await h.svc.app.get(NotificationsRetentionJob).runDetailed();
    expect(done['inbox']).toBeGreaterThan(0);
    expect(done['dead_letters_unresolved']).toBe(0); // redacted by the erasure already
    const report = await h.api(await h.token('admin')).get('/v1/privacy/retention-report');
    expect(report.status).toBe(200);
    const fy = report.body.years.find((y: { fiscalYear: number }) => y.fiscalYear === 2027);
    expect(fy.removed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'delivery_bodies', action: 'redacted', count: 3 }),
        expect.objectContaining({ kind: 'inbox', action: 'deleted', count: done['inbox'] }),
      ]),
    );
    expect(report.body.policy.map((r: { kind: string }) => r.kind)).toContain('delivery_bodies');
    expect((await h.api(await h.token('coordinator')).get('/v1/privacy/retention-report')).status).toBe(403);
  });
});
