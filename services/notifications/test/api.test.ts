import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WIRE_INSTANT_PATTERN } from '@collabo/calendar';
import { EventCompletedV2, ProposalAdvancedV1, ProposalDecidedV1, RegistrationConfirmedV1 } from '@collabo/contracts';
import { databaseFingerprint, fuzzHttpApi } from '@collabo/service-kit/testing';
import { personRecord } from '@collabo/testing';
import { v7 as uuidv7 } from 'uuid';
import { signUnsubscribe } from '../src/preferences/unsubscribe-token.js';
import { KIND_NAMES } from '../src/rules/notification-rules.js';
import { sampleOf } from '../src/templates/sample-data.js';
import { advanced, CALENDAR, exchangeEvent, guest, proposalRef, registration } from './fixtures/events.js';
import { anna, yamada } from './fixtures/people.js';
import { startHarness, TEST_UNSUBSCRIBE_SECRET, type Harness } from './support/harness.js';

/** The staff API and the public unsubscribe endpoints: filters, roles, odd input, conflicts. */
describe('HTTP API', () => {
  let h: Harness;
  const tokens: Record<'admin' | 'coordinator' | 'advisor' | 'viewer', string> = { admin: '', coordinator: '', advisor: '', viewer: '' };
  const refused = personRecord({ familyName: '拒否', givenName: '花子', email: 'refused@example.jp', preferredLanguage: 'ja' });
  const ghost = uuidv7();
  const ref = proposalRef(anna.id, yamada.id);
  const refusedRef = proposalRef(refused.id, ghost);
  const event = exchangeEvent();
  let advanceId: string;
  let confirmedId: string;

  const get = (path: string, role: keyof typeof tokens = 'coordinator') => h.api(tokens[role]).get(path);
  const rowsWhere = (where: string, params: unknown[]): Promise<{ id: string; status: string; version: number }[]> =>
    h.dataSource.query(`SELECT id, status, version FROM deliveries WHERE ${where} ORDER BY recipient_email NULLS LAST`, params);

  beforeAll(async () => {
    h = await startHarness({
      people: [anna, yamada, refused],
      captureLogs: true,
      env: {
        // The fuzzer and the tests below call the limited routes more often than a person would.
        RESEND_RATE_LIMIT_PER_MINUTE: '1000',
        PREFERENCES_RATE_LIMIT_PER_MINUTE: '1000',
        PREVIEW_RATE_LIMIT_PER_MINUTE: '1000',
        UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE: '1000',
        SIGNATURE_DEPARTMENT_JA: '交流推進部',
        SIGNATURE_PERSON_JA: '交流推進グループ 佐藤',
        SIGNATURE_PERSON_EN: 'Exchange Events Desk (Sato)',
        SIGNATURE_PHONE: '011-555-0199',
        SIGNATURE_EMAIL: 'koryu@collabo.example.jp',
      },
    });
    h.smtp.reject(refused.email, 550, 'Mailbox unavailable');
    for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = await h.token(role);

    const advance = await h.publish(ProposalAdvancedV1, advanced(ref));
    const refusedAdvance = await h.publish(ProposalAdvancedV1, advanced(refusedRef));
    const confirmed = await h.publish(RegistrationConfirmedV1, {
      event,
      registration: registration(guest('佐藤 花子', 'Hanako@Example.jp')),
      checkInToken: 'K7Q2-9XWD',
      calendar: CALENDAR,
    });
    advanceId = advance.id;
    confirmedId = confirmed.id;
    for (const e of [advance, refusedAdvance, confirmed])
      await h.svc.waitForProcessed((n) => n.messageId === e.id && n.outcome === 'applied');
    // Everything settles: 3 sent, 1 refused (550), 1 without address.
    await h.svc.waitForDeliveries((n) => n.outcome === 'sent', 3);
    await h.svc.waitForDeliveries((n) => n.outcome === 'failed', 1);
  });

  afterAll(() => h?.close());

  describe('searching deliveries', () => {
    it('refuses a request without a token, lets admins and coordinators read, and not viewers or outside advisors', async () => {
      expect((await h.api().get('/v1/deliveries')).status).toBe(401);
      for (const role of ['admin', 'coordinator'] as const) expect((await get('/v1/deliveries', role)).status).toBe(200);
      for (const role of ['viewer', 'advisor'] as const) {
        const refused = await get('/v1/deliveries', role);
        expect([role, refused.status, refused.body.code]).toEqual([role, 403, 'AUTH.FORBIDDEN']);
      }
    });

    it('finds by person, address (any case), proposal, exchange event, causing message, status and kind', async () => {
      const total = (await get('/v1/deliveries')).body.total;
      expect(total).toBe(5);
      const byPerson = await get(`/v1/deliveries?personId=${anna.id}`);
      expect(byPerson.body.items.map((d: { recipient: { email: string } }) => d.recipient.email)).toEqual([anna.email]);
      expect((await get('/v1/deliveries?email=HANAKO@example.JP')).body.total).toBe(1);
      expect((await get(`/v1/deliveries?proposalId=${ref.proposalId}`)).body.total).toBe(2);
      expect((await get(`/v1/deliveries?eventId=${event.eventId}`)).body.items.map((d: { kind: string }) => d.kind)).toEqual([
        'registration-confirmed',
      ]);
      expect((await get(`/v1/deliveries?causedBy=${advanceId}`)).body.total).toBe(2);
      expect((await get('/v1/deliveries?status=sent')).body.total).toBe(3);
      const failed = (await get('/v1/deliveries?status=failed')).body.items as {
        lastErrorCode: string;
        recipient: { email: string | null };
      }[];
      expect(failed.map((d) => [d.recipient.email, d.lastErrorCode]).sort()).toEqual(
        [
          [refused.email, 'EENVELOPE'],
          [null, 'NOTIFICATIONS.RECIPIENT_NOT_FOUND'],
        ].sort(),
      );
      expect((await get('/v1/deliveries?kind=registration-confirmed&status=sent')).body.total).toBe(1);
      expect((await get(`/v1/deliveries?personId=${anna.id}&status=failed`)).body.total).toBe(0);
    });

    it('filters by date and pages with a total', async () => {
      const now = new Date();
      expect((await get(`/v1/deliveries?from=${encodeURIComponent(new Date(now.getTime() - 3_600_000).toISOString())}`)).body.total).toBe(
        5,
      );
      expect((await get(`/v1/deliveries?to=${encodeURIComponent(new Date(now.getTime() - 3_600_000).toISOString())}`)).body.total).toBe(0);
      const page1 = await get('/v1/deliveries?limit=2&offset=0');
      const page3 = await get('/v1/deliveries?limit=2&offset=4');
      expect([page1.body.items.length, page1.body.total, page1.body.limit]).toEqual([2, 5, 2]);
      expect(page3.body.items).toHaveLength(1);
      const all = (await get('/v1/deliveries?limit=100')).body.items as { createdAt: string }[];
      expect([...all].sort((a, b) => b.createdAt.localeCompare(a.createdAt))).toEqual(all);
    });

    it('answers odd input with 400 and the field, never 500', async () => {
      const cases: [string, string][] = [
        ['personId=nope', 'personId'],
        ['proposalId=1', 'proposalId'],
        ['eventId=%00', 'eventId'],
        ['email=not-an-address', 'email'],
        ['status=lost', 'status'],
        ['kind=postcard', 'kind'],
        ['from=yesterday', 'from'],
        ['to=2026-13-45', 'to'],
        ['limit=0', 'limit'],
        ['limit=1000', 'limit'],
        ['offset=-1', 'offset'],
        ['colour=red', 'colour'],
        ['from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
      ];
      for (const [query, field] of cases) {
        const res = await get(`/v1/deliveries?${query}`);
        expect([query, res.status, res.body.errors?.some((e: { field: string }) => e.field === field)]).toEqual([query, 400, true]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('one delivery', () => {
    it('shows the rendered content, the attachment and every attempt, with an ETag', async () => {
      const [row] = await rowsWhere('event_id = $1', [confirmedId]);
      const res = await get(`/v1/deliveries/${row!.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe(`"${row!.version}"`);
      expect(res.body).toMatchObject({
        kind: 'registration-confirmed',
        category: 'registration',
        status: 'sent',
        recipient: { personId: null, email: 'Hanako@Example.jp', name: '佐藤 花子', language: 'ja', source: 'event', role: 'registrant' },
        attachments: [{ filename: 'event.ics', contentType: 'text/calendar; charset=utf-8', size: Buffer.byteLength(CALENDAR) }],
        unsubscribeUrl: null,
        attemptLog: [expect.objectContaining({ attempt: 1, outcome: 'sent', smtpResponse: expect.stringMatching(/^250/) })],
      });
      expect(res.body.subject).toMatch(/^【Collabo 参加確定】/);
      expect(res.body.text).toContain('佐藤 花子 様');
      expect(res.body.html).toContain('<html lang="ja">');
    });

    it('answers 400 for a malformed id and 404 for an unknown one', async () => {
      const malformed = await get('/v1/deliveries/not-a-uuid');
      expect([malformed.status, malformed.body.code, malformed.body.errors]).toEqual([
        400,
        'COMMON.VALIDATION_FAILED',
        [{ field: 'id', message: 'must be a UUID' }],
      ]);
      const missing = await get(`/v1/deliveries/${uuidv7()}`);
      expect([missing.status, missing.body.code]).toEqual([404, 'NOTIFICATIONS.DELIVERY_NOT_FOUND']);
    });

    it('answers a malformed id in any uuid path parameter of the OpenAPI document with the house 400 (COMMON.VALIDATION_FAILED naming the parameter)', async () => {
      const document = (await h.api().get('/docs-json')).body as {
        paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: { format?: string } }[] }>>;
      };
      const probed: string[] = [];
      for (const [path, operations] of Object.entries(document.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const ids = (operation.parameters ?? []).filter((p) => p.in === 'path' && p.schema?.format === 'uuid');
          for (const id of ids) {
            const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === id.name ? 'not-a-uuid' : uuidv7()));
            const agent = h.api(tokens.admin);
            const call = (method === 'get' ? agent.get(url) : agent.post(url)).set('if-match', '"1"');
            const res = method === 'get' ? await call : await call.send({});
            expect([`${method} ${path}`, res.status, res.headers['content-type'], res.body.code, res.body.errors]).toEqual([
              `${method} ${path}`,
              400,
              expect.stringMatching(/^application\/problem\+json/),
              'COMMON.VALIDATION_FAILED',
              [{ field: id.name, message: 'must be a UUID' }],
            ]);
            probed.push(`${method} ${path}`);
          }
        }
      }
      // The service's own routes with an id, and the kit's dead letters.
      expect(probed).toEqual(expect.arrayContaining(['get /v1/deliveries/{id}', 'post /v1/deliveries/{id}/resend']));
    });

    it('writes every instant in the calendar’s wire format (Tokyo time, milliseconds, +09:00)', async () => {
      const [row] = await rowsWhere('event_id = $1', [confirmedId]);
      const { body } = await get(`/v1/deliveries/${row!.id}`);
      const instants = [body.createdAt, body.updatedAt, body.sentAt, body.attemptLog[0].startedAt, body.attemptLog[0].finishedAt];
      expect(instants.filter((v) => !WIRE_INSTANT_PATTERN.test(v))).toEqual([]);
      const listed = (await get('/v1/deliveries?limit=100')).body.items as { createdAt: string; updatedAt: string }[];
      expect(listed.flatMap((d) => [d.createdAt, d.updatedAt]).filter((v) => !WIRE_INSTANT_PATTERN.test(v))).toEqual([]);
    });

    it('lets only admins and coordinators resend, and refuses what cannot be resent', async () => {
      const [sent] = await rowsWhere('event_id = $1', [confirmedId]);
      const resend = (id: string, role: keyof typeof tokens, etag: string) =>
        h.api(tokens[role]).post(`/v1/deliveries/${id}/resend`).set('if-match', etag);
      expect((await resend(sent!.id, 'viewer', `"${sent!.version}"`)).status).toBe(403);
      expect((await resend(sent!.id, 'advisor', `"${sent!.version}"`)).status).toBe(403);
      const notFailed = await resend(sent!.id, 'coordinator', `"${sent!.version}"`);
      expect([notFailed.status, notFailed.body.code, notFailed.body.deliveryStatus]).toEqual([409, 'NOTIFICATIONS.NOT_RESENDABLE', 'sent']);
      const [, nobody] = await rowsWhere('event_id <> $1 AND status = $2', [confirmedId, 'failed']);
      expect(nobody).toBeDefined();
      const noAddress = await resend(nobody!.id, 'admin', `"${nobody!.version}"`);
      expect([noAddress.status, noAddress.body.code]).toEqual([409, 'NOTIFICATIONS.NO_ADDRESS']);
      expect((await resend(uuidv7(), 'admin', '"1"')).status).toBe(404);
      expect((await resend('nope', 'admin', '"1"')).status).toBe(400);
      // Nothing changed by any of these.
      expect(await rowsWhere('id = ANY($1::uuid[])', [[sent!.id, nobody!.id]])).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: sent!.id, status: 'sent', version: sent!.version }),
          expect.objectContaining({ id: nobody!.id, status: 'failed', version: nobody!.version }),
        ]),
      );
    });
  });

  describe('templates', () => {
    it('lists every kind with its category, prefixes and the events and recipients of its rules', async () => {
      const res = await get('/v1/templates');
      expect(res.body.map((t: { kind: string }) => t.kind)).toEqual(KIND_NAMES);
      expect(res.body.find((t: { kind: string }) => t.kind === 'proposal-decided')).toEqual({
        kind: 'proposal-decided',
        category: 'screening_result',
        transactional: true,
        prefixJa: '【Collabo 審査結果】',
        prefixEn: '[Collabo Screening result]',
        sentOn: ['proposals.evt.proposal.decided.v1'],
        recipients: ['registry person at proposal.contactPersonId'],
        skippedWhen: ['historical = true: history brought over from paper or spreadsheets is not news'],
      });
    });

    it('previews every template with sample data in Japanese and English', async () => {
      for (const kind of KIND_NAMES) {
        const ja = await get(`/v1/templates/${kind}/preview`);
        const en = await get(`/v1/templates/${kind}/preview?language=en`);
        expect([kind, ja.status, en.status]).toEqual([kind, 200, 200]);
        expect(ja.body.subject.startsWith('【Collabo ')).toBe(true);
        expect(en.body.subject.startsWith('[Collabo ')).toBe(true);
        expect(ja.body.text).toContain('山田 太郎 様');
        expect(en.body.text).toContain('Dear Taro Yamada,');
      }
      const ics = await get('/v1/templates/registration-confirmed/preview');
      expect(ics.body.attachments).toEqual([
        expect.objectContaining({ filename: 'event.ics', contentType: 'text/calendar; charset=utf-8' }),
      ]);
      const coordinator = await get('/v1/templates/proposal-advanced/preview?role=coordinator');
      expect(coordinator.body.text).toContain('ご担当の案件です');
    });

    it('signs with the signature of the environment', async () => {
      const ja = (await get('/v1/templates/event-reminder/preview')).body.text as string;
      const en = (await get('/v1/templates/event-reminder/preview?language=en')).body.text as string;
      for (const line of ['交流推進部', '担当：交流推進グループ 佐藤', 'TEL：011-555-0199', 'E-mail：koryu@collabo.example.jp'])
        expect(ja).toContain(line);
      for (const line of ['Contact: Exchange Events Desk (Sato)', 'Tel: 011-555-0199', 'Email: koryu@collabo.example.jp'])
        expect(en).toContain(line);
    });

    const post = (kind: string, body: unknown, role: keyof typeof tokens = 'coordinator') =>
      h
        .api(tokens[role])
        .post(`/v1/templates/${kind}/preview`)
        .send(body as object);

    it('previews a template with data staff bring, and changes nothing', async () => {
      const before = await rowsWhere('true', []);
      const data = sampleOf(EventCompletedV2);
      data.event.title = { ja: '冬の交流会', en: 'Winter exchange meeting' };
      data.attendees[0]!.maskedQuestionnaireUrl = 'https://collabo.example.jp/q/own-link?token=•••&u=2';
      const res = await post('event-thanks', { language: 'en', recipientName: 'Maria Garcia', data }, 'viewer');
      expect(res.status).toBe(200);
      expect(res.body.subject).toBe('[Collabo Thank you] Thank you for attending Winter exchange meeting (questionnaire)');
      expect(res.body.text).toMatch(/^Dear Maria Garcia,\n/);
      expect(res.body.text).toContain('https://collabo.example.jp/q/own-link?token=•••&u=2');
      expect(res.body.html).toContain('href="https://collabo.example.jp/q/own-link?token=•••&amp;u=2"');
      expect(res.body.sampleData.event.title.ja).toBe('冬の交流会');
      const decided = sampleOf(ProposalDecidedV1);
      decided.decision = 'declined';
      const letter = await post('proposal-decided', { data: decided });
      expect(letter.body.text).toContain('誠に残念ながら、今回は不採択となりました');
      expect(await rowsWhere('true', [])).toEqual(before);
    });

    it('refuses data that does not fit the kind’s contract with 400 naming the field', async () => {
      const good = sampleOf(ProposalDecidedV1);
      const cases: [unknown, string][] = [
        [{ ...good, decision: 'maybe' }, 'data.decision'],
        [{ ...good, proposal: { ...good.proposal, proposalId: 'not-a-uuid' } }, 'data.proposal.proposalId'],
        [{ ...good, proposal: { ...good.proposal, title: { en: 'no Japanese' } } }, 'data.proposal.title.ja'],
        [{ ...good, effectiveAt: 'tomorrow' }, 'data.effectiveAt'],
        [{ ...good, colour: 'red' }, 'data.colour'],
        [{ ...good, effectiveAt: '2027-W03' }, 'data.effectiveAt'],
        [{ event: sampleOf(EventCompletedV2) }, 'data.proposal'],
      ];
      for (const [data, field] of cases) {
        const res = await post('proposal-decided', { data });
        expect([field, res.status, res.headers['content-type']]).toEqual([
          field,
          400,
          expect.stringMatching(/^application\/problem\+json/),
        ]);
        expect([field, res.body.errors.some((e: { field: string }) => e.field === field)]).toEqual([field, true]);
      }
      for (const [body, field] of [
        [{}, 'data'],
        [{ data: [good] }, 'data'],
        [{ data: 'text' }, 'data'],
        [{ data: good, language: 'fr' }, 'language'],
        [{ data: good, role: 'king' }, 'role'],
        [{ data: good, recipientName: 'x'.repeat(201) }, 'recipientName'],
        [{ data: good, extra: 1 }, 'extra'],
      ] as [object, string][]) {
        const res = await post('proposal-decided', body);
        expect([field, res.status, res.body.errors?.some((e: { field: string }) => e.field === field)]).toEqual([field, 400, true]);
      }
      const unknown = await post('postcard', { data: good });
      expect([unknown.status, unknown.body.code]).toEqual([404, 'NOTIFICATIONS.TEMPLATE_NOT_FOUND']);
    });

    it('answers an unknown kind with 404 and a bad language or role with 400', async () => {
      const unknown = await get('/v1/templates/postcard/preview');
      expect([unknown.status, unknown.body.code]).toEqual([404, 'NOTIFICATIONS.TEMPLATE_NOT_FOUND']);
      expect((await get('/v1/templates/proposal-decided/preview?language=fr')).status).toBe(400);
      expect((await get('/v1/templates/proposal-decided/preview?role=king')).status).toBe(400);
      expect((await get('/v1/templates/__proto__/preview')).status).toBe(404);
    });
  });

  describe('preferences', () => {
    const put = (body: object, role: keyof typeof tokens = 'coordinator') => h.api(tokens[role]).put('/v1/preferences').send(body);

    it('shows every category, subscribed by default, transactional ones marked', async () => {
      const res = await get(`/v1/preferences?personId=${yamada.id}`);
      expect(res.body.recipientKey).toBe(`person:${yamada.id}`);
      expect(res.body.categories.every((c: { subscribed: boolean }) => c.subscribed)).toBe(true);
      expect(
        res.body.categories.filter((c: { transactional: boolean }) => c.transactional).map((c: { category: string }) => c.category),
      ).toEqual(['proposal_receipt', 'screening_result', 'applicant_request', 'registration', 'event_update', 'account']);
    });

    it('lets staff switch an optional category off and on, for a person or a guest address', async () => {
      const off = await put({ personId: yamada.id, category: 'staff_work', subscribed: false });
      expect(off.status).toBe(200);
      expect(off.body.categories.find((c: { category: string }) => c.category === 'staff_work')).toMatchObject({
        subscribed: false,
        source: 'staff',
      });
      const on = await put({ personId: yamada.id, category: 'staff_work', subscribed: true });
      expect(on.body.categories.find((c: { category: string }) => c.category === 'staff_work').subscribed).toBe(true);
      const guestOff = await put({ email: 'Hanako@Example.jp', category: 'event_reminder', subscribed: false });
      expect(guestOff.body.recipientKey).toBe('email:hanako@example.jp');
      expect(
        (await get('/v1/preferences?email=hanako@example.jp')).body.categories.find(
          (c: { category: string }) => c.category === 'event_reminder',
        ).subscribed,
      ).toBe(false);
    });

    it('refuses to switch off a transactional category (422), odd input (400) and readers (403)', async () => {
      const transactional = await put({ personId: yamada.id, category: 'screening_result', subscribed: false });
      expect([transactional.status, transactional.body.code]).toEqual([422, 'NOTIFICATIONS.CATEGORY_NOT_OPTIONAL']);
      expect((await put({ personId: yamada.id, category: 'spam', subscribed: false })).status).toBe(400);
      expect((await put({ personId: yamada.id, email: 'x@example.jp', category: 'staff_work', subscribed: false })).status).toBe(400);
      expect((await put({ category: 'staff_work', subscribed: false })).status).toBe(400);
      expect((await put({ personId: yamada.id, category: 'staff_work', subscribed: 'no' })).status).toBe(400);
      expect((await put({ personId: yamada.id, category: 'staff_work', subscribed: false }, 'viewer')).status).toBe(403);
      expect((await get('/v1/preferences')).status).toBe(400);
      expect((await get(`/v1/preferences?personId=${yamada.id}&email=a@b.jp`)).status).toBe(400);
      const form = await h
        .api(tokens.coordinator)
        .put('/v1/preferences')
        .set('content-type', 'application/x-www-form-urlencoded')
        .send(`personId=${yamada.id}&category=staff_work&subscribed=false`);
      expect(form.status).toBe(415);
    });
  });

  describe('unsubscribe links', () => {
    const token = () => signUnsubscribe(TEST_UNSUBSCRIBE_SECRET, { recipientKey: `person:${anna.id}`, category: 'event_reminder' });

    it('shows a confirmation page on GET and changes nothing', async () => {
      const res = await h.api().get(`/v1/unsubscribe?token=${token()}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('開催前日のご案内');
      expect(res.text).toContain('<form method="post"');
      const prefs = await get(`/v1/preferences?personId=${anna.id}`);
      expect(prefs.body.categories.find((c: { category: string }) => c.category === 'event_reminder').subscribed).toBe(true);
    });

    it('unsubscribes on POST without a login, with a form body, a JSON body or none, idempotently', async () => {
      const post = () => h.api().post(`/v1/unsubscribe?token=${token()}`);
      expect((await post().set('content-type', 'application/x-www-form-urlencoded').send('List-Unsubscribe=One-Click')).status).toBe(200);
      expect((await post().send({ 'List-Unsubscribe': 'One-Click' })).status).toBe(200);
      expect((await post()).status).toBe(200);
      const prefs = await get(`/v1/preferences?personId=${anna.id}`);
      expect(prefs.body.categories.find((c: { category: string }) => c.category === 'event_reminder')).toMatchObject({
        subscribed: false,
        source: 'unsubscribe_link',
      });
    });

    it('refuses an altered, foreign or missing token with 400 problem+json', async () => {
      const [payload, signature] = token().split('.') as [string, string];
      const other = Buffer.from(`person:${yamada.id}\nevent_reminder`).toString('base64url');
      const foreign = signUnsubscribe('some-other-secret-with-thirty-two-chars!', {
        recipientKey: `person:${yamada.id}`,
        category: 'event_reminder',
      });
      for (const bad of [`${other}.${signature}`, `${payload}.${'A'.repeat(43)}`, foreign, 'x', '']) {
        for (const method of ['get', 'post'] as const) {
          const res = await h.api()[method](`/v1/unsubscribe?token=${encodeURIComponent(bad)}`);
          expect([bad, method, res.status]).toEqual([bad, method, 400]);
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        }
      }
      expect((await h.api().post('/v1/unsubscribe')).status).toBe(400);
      expect(
        (
          await h
            .api()
            .post(`/v1/unsubscribe?token=${token()}`)
            .set('content-type', 'application/x-www-form-urlencoded')
            .send('List-Unsubscribe=Maybe')
        ).status,
      ).toBe(400);
      const yamadaPrefs = await get(`/v1/preferences?personId=${yamada.id}`);
      expect(yamadaPrefs.body.categories.find((c: { category: string }) => c.category === 'event_reminder').subscribed).toBe(true);
    });
  });

  describe('operations', () => {
    it('exports delivery outcomes and the queue by status as Prometheus metrics', async () => {
      const res = await h.api().get('/metrics');
      expect(res.status).toBe(200);
      expect(res.text).toMatch(/notification_deliveries_total\{kind="proposal-advanced",outcome="sent",service="notifications"\} 2/);
      expect(res.text).toMatch(/notification_deliveries_total\{kind="proposal-advanced",outcome="failed",service="notifications"\} 1/);
      expect(res.text).toMatch(/notification_deliveries\{status="ambiguous",service="notifications"\} 0/);
    });
  });

  describe('hostile input and logs', () => {
    it('never answers 5xx to fuzzed requests on any staff route, and a 4xx writes nothing', async () => {
      const document = (await h.api().get('/docs-json')).body;
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/v1/deliveries',
          '/v1/deliveries/{id}',
          '/v1/deliveries/{id}/resend',
          '/v1/preferences',
          '/v1/unsubscribe',
          '/v1/templates/{kind}/preview',
          '/v1/dead-letters',
        ]),
      );
      const ids = (await rowsWhere('true', [])).map((r) => r.id);
      const report = await fuzzHttpApi({
        http: h.svc.http,
        document,
        token: tokens.admin,
        runs: 15,
        knownIds: ids,
        // A fuzzed resend that succeeds (If-Match: *) hands the email to the worker, which then changes the
        // delivery tables on its own; that a refused resend changes nothing is checked above.
        fingerprint: databaseFingerprint(h.dataSource, ['deliveries', 'delivery_attempts']),
      });
      expect(report.operations).toBeGreaterThanOrEqual(8);
      expect(Object.keys(report.byStatus).some((s) => s.startsWith('4'))).toBe(true);
    });

    it('keeps addresses, names, tokens and unsubscribe links out of the logs', async () => {
      expect(h.logs.lines.length).toBeGreaterThan(0);
      const link = signUnsubscribe(TEST_UNSUBSCRIBE_SECRET, { recipientKey: `person:${anna.id}`, category: 'event_reminder' });
      const secrets = [
        anna.email,
        yamada.email,
        refused.email,
        'Hanako@Example.jp',
        '佐藤 花子',
        'Anna Smith',
        anna.displayName,
        yamada.displayName,
        refused.displayName,
        // the staff's bearer tokens, whole and their signatures alone
        ...Object.values(tokens),
        ...Object.values(tokens).map((t) => t.split('.')[2]!),
        // unsubscribe links and what staff put in previews (a questionnaire link carries a registration token)
        link,
        link.split('.')[1]!,
        'Maria Garcia',
        'own-link?t=1',
      ];
      expect(h.logs.leaks(secrets)).toEqual([]);
    });
  });
});
