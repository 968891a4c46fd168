import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProposalAdvancedV1, RegistrationConfirmedV1 } from '@collabo/contracts';
import { answerProblems, documentedAnswerOperations, ManualClock, type OpenApiAnswerDocument } from '@collabo/service-kit/testing';
import { personRecord } from '@collabo/testing';
import type { Response } from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { DeliveryRetention } from '../src/retention/delivery-retention.js';
import { KIND_NAMES } from '../src/rules/notification-rules.js';
import { advanced, CALENDAR, exchangeEvent, guest, proposalRef, registration } from './fixtures/events.js';
import { anna, yamada } from './fixtures/people.js';
import { startHarness, type Harness } from './support/harness.js';
import { publishRaw } from './support/producer.js';

/**
 * The console's API types are generated from this service's OpenAPI document (apps/console/src/api/generated/notifications.ts),
 * so the document must say what the routes really answer. Real answers (emails really sent to an SMTP sink, refused by
 * it, suppressed, resent, redacted by retention; a real poison message parked) are checked here against the schema the
 * document declares for the route and status: every object closed (a property the document does not declare fails),
 * types, `nullable`, required properties, enums and the formats uuid, date and date-time. Every operation whose answer
 * the document describes must be checked here: a new one fails the last but one test until it is.
 */

/**
 * Documented answers this suite does not check, each with its reason: the retry of a dead letter (the only one here is
 * a poison message, whose retry fails again; the kit's own tests retry one that succeeds).
 */
const UNCHECKED = ['POST /v1/dead-letters/{id}/retry'];

const DAY = 86_400_000;

describe('the OpenAPI document describes what the routes answer', () => {
  let h: Harness;
  let document: OpenApiAnswerDocument;
  const checked = new Set<string>();
  const tokens = { admin: '', coordinator: '', viewer: '' };
  const refused = personRecord({ familyName: '拒否', givenName: '図式', email: 'schema.refused@example.jp', preferredLanguage: 'ja' });
  /** A coordinator the registry does not know: the email to them fails without an address. */
  const ghost = uuidv7();
  const guestEmail = 'Schema.Guest@Example.jp';
  let advance = '';
  let refusedAdvance = '';
  let confirmed = '';

  beforeAll(async () => {
    h = await startHarness({
      people: [anna, yamada, refused],
      env: {
        RESEND_RATE_LIMIT_PER_MINUTE: '1000',
        PREFERENCES_RATE_LIMIT_PER_MINUTE: '1000',
        PREVIEW_RATE_LIMIT_PER_MINUTE: '1000',
      },
    });
    h.smtp.reject(refused.email, 550, 'Mailbox unavailable');
    for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = await h.token(role);
    document = (await h.api().get('/docs-json')).body as OpenApiAnswerDocument;

    // Yamada switched progress emails off: his copy of the first advance is recorded, not sent (suppressed).
    const off = await h
      .api(tokens.admin)
      .put('/v1/preferences')
      .send({ personId: yamada.id, category: 'proposal_progress', subscribed: false });
    expect(off.status).toBe(200);
    advance = (await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, yamada.id)))).id;
    refusedAdvance = (await h.publish(ProposalAdvancedV1, advanced(proposalRef(refused.id, ghost)))).id;
    confirmed = (
      await h.publish(RegistrationConfirmedV1, {
        event: exchangeEvent(),
        registration: registration(guest('図式 花子', guestEmail)),
        checkInToken: 'SC7Q-9XWD',
        calendar: CALENDAR,
      })
    ).id;
    for (const id of [advance, refusedAdvance, confirmed])
      await h.svc.waitForProcessed((n) => n.messageId === id && n.outcome === 'applied');
    // Sent: Anna's progress email and the guest's confirmation; failed by the worker: the refused address (550). The
    // email to the coordinator the registry does not know failed at intake, with no attempt.
    await h.svc.waitForDeliveries((n) => n.outcome === 'sent', 2);
    await h.svc.waitForDeliveries((n) => n.outcome === 'failed', 1);
  });

  afterAll(() => h?.close());

  /** Checks the answer against the schema the document declares for `method path` at the answer's status. */
  function expectDocumented(res: Response, method: string, path: string): void {
    expect(answerProblems(document, res, method, path, checked)).toEqual({ route: `${method.toUpperCase()} ${path}`, problems: [] });
  }

  const ok = (res: Response, status: number): Response => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
    return res;
  };
  const staff = (role: keyof typeof tokens = 'coordinator') => h.api(tokens[role]);
  const idsOf = async (eventId: string): Promise<string[]> =>
    ((await h.dataSource.query('SELECT id FROM deliveries WHERE event_id = $1 ORDER BY id', [eventId])) as { id: string }[]).map(
      (r) => r.id,
    );

  it('deliveries: the list (every status, filtered, empty) and every one with its content and attempts', async () => {
    const all = ok(await staff().get('/v1/deliveries').query({ limit: 100 }), 200);
    expect(new Set(all.body.items.map((d: { status: string }) => d.status))).toEqual(new Set(['sent', 'failed', 'suppressed']));
    expect(all.body.total).toBe(5);
    expectDocumented(all, 'get', '/v1/deliveries');
    const failed = ok(await staff('admin').get('/v1/deliveries').query({ status: 'failed' }), 200);
    expect(failed.body.items.map((d: { lastErrorCode: string }) => d.lastErrorCode).sort()).toEqual([
      'EENVELOPE',
      'NOTIFICATIONS.RECIPIENT_NOT_FOUND',
    ]);
    expectDocumented(failed, 'get', '/v1/deliveries');
    const none = ok(await staff().get('/v1/deliveries').query({ personId: uuidv7() }), 200);
    expect([none.body.items, none.body.total]).toEqual([[], 0]);
    expectDocumented(none, 'get', '/v1/deliveries');

    const seen = new Map<string, string>();
    for (const id of [...(await idsOf(advance)), ...(await idsOf(refusedAdvance)), ...(await idsOf(confirmed))]) {
      const one = ok(await staff().get(`/v1/deliveries/${id}`), 200);
      seen.set(`${one.body.kind}/${one.body.status}/${one.body.recipient.source}`, id);
      expectDocumented(one, 'get', '/v1/deliveries/{id}');
    }
    expect([...seen.keys()].sort()).toEqual([
      'proposal-advanced/failed/missing',
      'proposal-advanced/failed/registry',
      'proposal-advanced/sent/registry',
      'proposal-advanced/suppressed/registry',
      'registration-confirmed/sent/event',
    ]);
    // the guest's confirmation: an attachment and an attempt that reached the server; Anna's: an unsubscribe link
    const guestOne = ok(await staff().get(`/v1/deliveries/${seen.get('registration-confirmed/sent/event')}`), 200).body;
    expect(guestOne.attachments).toEqual([expect.objectContaining({ filename: 'event.ics' })]);
    expect(guestOne.attemptLog).toEqual([expect.objectContaining({ outcome: 'sent', smtpResponse: expect.stringMatching(/^250/) })]);
    const annaOne = ok(await staff().get(`/v1/deliveries/${seen.get('proposal-advanced/sent/registry')}`), 200).body;
    expect(annaOne.unsubscribeUrl).toMatch(/^http:\/\/notifications\.test\/v1\/unsubscribe\?token=/);
  });

  it('deliveries: a resend (queued again, with its next attempt) and the resent email as it then reads', async () => {
    const [row]: { id: string; version: number }[] = await h.dataSource.query(
      'SELECT id, version FROM deliveries WHERE event_id = $1 AND recipient_email = $2',
      [refusedAdvance, refused.email],
    );
    h.smtp.accept(refused.email);
    const resent = ok(await staff().post(`/v1/deliveries/${row!.id}/resend`).set('if-match', `"${row!.version}"`), 200);
    expect([resent.body.status, resent.body.resends]).toEqual(['queued', 1]);
    expect(resent.body.nextAttemptAt).not.toBeNull();
    expectDocumented(resent, 'post', '/v1/deliveries/{id}/resend');
    await h.svc.waitForDeliveries((n) => n.deliveryId === row!.id && n.outcome === 'sent');
    const one = ok(await staff().get(`/v1/deliveries/${row!.id}`), 200);
    expect(one.body.attemptLog.map((a: { outcome: string }) => a.outcome)).toEqual(['failed', 'sent']);
    expect(one.body.attemptLog[0]).toMatchObject({ errorCode: 'EENVELOPE', smtpCommand: 'RCPT TO' });
    expectDocumented(one, 'get', '/v1/deliveries/{id}');
  });

  it('dead letters: a poison message parked, listed and read with its payload', async () => {
    await publishRaw(h.nc, h.prefix, ProposalAdvancedV1, JSON.stringify({ nonsense: true }));
    await h.svc.waitForProcessed((n) => n.outcome === 'dead_lettered');
    const list = ok(await staff().get('/v1/dead-letters'), 200);
    expect(list.body.items).toEqual([expect.objectContaining({ consumer: 'notifications-notify-on-proposal-advanced', resolvedAt: null })]);
    expectDocumented(list, 'get', '/v1/dead-letters');
    const one = ok(await staff('admin').get(`/v1/dead-letters/${list.body.items[0].id}`), 200);
    expect(one.body.payload).toContain('nonsense');
    expectDocumented(one, 'get', '/v1/dead-letters/{id}');
    // dealt with: the resolution and its time, in the list of every dead letter
    const dismissed = ok(await staff().post(`/v1/dead-letters/${one.body.id}/dismiss`), 200);
    expect(dismissed.body).toMatchObject({ id: one.body.id, resolution: 'dismissed' });
    expectDocumented(dismissed, 'post', '/v1/dead-letters/{id}/dismiss');
    const resolved = ok(await staff().get('/v1/dead-letters').query({ open: 'false' }), 200);
    expect(resolved.body.items).toEqual([expect.objectContaining({ resolution: 'dismissed', resolvedAt: expect.any(String) })]);
    expectDocumented(resolved, 'get', '/v1/dead-letters');
    expectDocumented(ok(await staff().get(`/v1/dead-letters/${one.body.id}`), 200), 'get', '/v1/dead-letters/{id}');
  });

  it('templates: the list, and every preview with sample data (both languages) and with the data staff bring', async () => {
    const list = ok(await staff('viewer').get('/v1/templates'), 200);
    expect(list.body.map((t: { kind: string }) => t.kind)).toEqual(KIND_NAMES);
    expectDocumented(list, 'get', '/v1/templates');
    for (const kind of KIND_NAMES) {
      for (const language of ['ja', 'en'] as const) {
        const preview = ok(await staff('viewer').get(`/v1/templates/${kind}/preview`).query({ language }), 200);
        expect([kind, preview.body.language]).toEqual([kind, language]);
        expectDocumented(preview, 'get', '/v1/templates/{kind}/preview');
      }
      const sample = ok(await staff().get(`/v1/templates/${kind}/preview`), 200).body;
      const own = ok(
        await staff()
          .post(`/v1/templates/${kind}/preview`)
          .send({ language: 'en', recipientName: 'Schema Tester', data: sample.sampleData }),
        200,
      );
      expect([kind, own.body.sampleData]).toEqual([kind, sample.sampleData]);
      expectDocumented(own, 'post', '/v1/templates/{kind}/preview');
    }
    const coordinator = ok(await staff().get('/v1/templates/proposal-advanced/preview').query({ role: 'coordinator' }), 200);
    expect(coordinator.body.role).toBe('coordinator');
    expectDocumented(coordinator, 'get', '/v1/templates/{kind}/preview');
  });

  it('preferences: a person’s and a guest address’s, untouched and changed', async () => {
    const person = ok(await staff('viewer').get('/v1/preferences').query({ personId: yamada.id }), 200);
    expect(person.body.categories.find((c: { category: string }) => c.category === 'proposal_progress')).toMatchObject({
      subscribed: false,
      source: 'staff',
    });
    expectDocumented(person, 'get', '/v1/preferences');
    const untouched = ok(await staff('viewer').get('/v1/preferences').query({ email: 'nobody.yet@example.jp' }), 200);
    expect(untouched.body.categories.every((c: { source: unknown; updatedAt: unknown }) => c.source === null && c.updatedAt === null)).toBe(
      true,
    );
    expectDocumented(untouched, 'get', '/v1/preferences');
    const changed = ok(
      await staff().put('/v1/preferences').send({ email: guestEmail, category: 'event_reminder', subscribed: false }),
      200,
    );
    expect(changed.body.recipientKey).toBe(`email:${guestEmail.toLowerCase()}`);
    expectDocumented(changed, 'put', '/v1/preferences');
  });

  it('the retention report, and deliveries after retention removed their personal data', async () => {
    const report = ok(await staff('admin').get('/v1/privacy/retention-report'), 200);
    expectDocumented(report, 'get', '/v1/privacy/retention-report');

    // A replica standing 401 days in the future redacts every settled email (the first service keeps the real clock).
    const future = await h.start({
      clock: new ManualClock(Date.now() + 401 * DAY),
      env: { DELIVERY_WORKER_ENABLED: 'false' },
    });
    await future.app.get(DeliveryRetention).run();
    const redacted = ok(await h.api(tokens.coordinator, future).get('/v1/deliveries').query({ limit: 100 }), 200);
    expect(
      redacted.body.items.map((d: { redactedAt: unknown; recipient: { email: unknown } }) => [d.redactedAt === null, d.recipient.email]),
    ).toEqual(redacted.body.items.map(() => [false, null]));
    expectDocumented(redacted, 'get', '/v1/deliveries');
    const [id] = await idsOf(confirmed);
    const one = ok(await h.api(tokens.coordinator, future).get(`/v1/deliveries/${id}`), 200);
    expect([one.body.text, one.body.attachments, one.body.recipient.name]).toEqual(['', [], null]);
    expectDocumented(one, 'get', '/v1/deliveries/{id}');
    const afterwards = ok(await h.api(tokens.admin, future).get('/v1/privacy/retention-report'), 200);
    expectDocumented(afterwards, 'get', '/v1/privacy/retention-report');
  });

  it('checked every operation whose answer the document describes, but those listed here', () => {
    const documented = documentedAnswerOperations(document);
    expect(documented.length).toBeGreaterThan(8);
    expect(documented.filter((route) => !checked.has(route)).sort()).toEqual(UNCHECKED);
  });

  it('fails answers the document does not describe (the check is not vacuous)', async () => {
    const [id] = await idsOf(confirmed);
    const real = ok(await staff().get(`/v1/deliveries/${id}`), 200).body as Record<string, unknown> & { recipient: object };
    const fake = (body: unknown) => ({ status: 200, body, text: '' }) as unknown as Response;
    const spoilt: [unknown, RegExp][] = [
      [{ ...real, extra: 1 }, /extra is not in the document/],
      [{ ...real, subject: null }, /subject: null where the document says not nullable/],
      [{ ...real, id: 'someone' }, /is not a uuid/],
      [{ ...real, status: 'lost' }, /is not one of/],
      [{ ...real, category: 'postcards' }, /category: .+postcards.+ is not one of/],
      [{ ...real, attempts: 1.5 }, /attempts: 1.5 is not an integer/],
      [{ ...real, createdAt: '2026-12-03' }, /is not a date-time/],
      [{ ...real, recipient: { ...real.recipient, language: 'fr' } }, /recipient\.language: .+fr.+ is not one of/],
      [{ ...real, attachments: [{ filename: 'x.ics', contentType: 'text/calendar' }] }, /size is missing/],
      [{ ...real, attemptLog: 'none' }, /attemptLog: not an array/],
    ];
    for (const [body, message] of spoilt) expect(() => expectDocumented(fake(body), 'get', '/v1/deliveries/{id}')).toThrow(message);
    const preview = ok(await staff().get('/v1/templates/event-thanks/preview'), 200).body as Record<string, unknown>;
    expect(() => expectDocumented(fake({ ...preview, sampleData: 'text' }), 'get', '/v1/templates/{kind}/preview')).toThrow(
      /not an object/,
    );
  });
});
