import 'reflect-metadata';
import { afterEach, describe, expect, it } from '@jest/globals';
import { EventChangedV1, ProposalAdvancedV1, ReminderDueV1 } from '@collabo/contracts';
import { eventually, SmtpSink } from '@collabo/testing';
import { v7 as uuidv7 } from 'uuid';
import { DeliveryHints } from '../src/deliveries/delivery-hints.js';
import { claimStatement, ENTER_DATA_PHASE } from '../src/deliveries/delivery-worker.js';
import { messageIdFor } from '../src/mail/message.js';
import { advanced, exchangeEvent, guest, proposalRef, registration } from './fixtures/events.js';
import { anna, yamada } from './fixtures/people.js';
import { startHarness, type Harness, type NotificationsUnderTest } from './support/harness.js';

interface Row {
  id: string;
  recipient_email: string;
  status: string;
  attempts: number;
  resends: number;
  last_error_code: string | null;
  smtp_response: string | null;
  version: number;
}

/**
 * Delivery under trouble: the mail server down, refusing, slow; the service closed mid-batch and
 * restarted; two replicas. Every email arrives once, or is marked for staff when it cannot be known.
 */
describe('delivery', () => {
  /** The test's harness (each test sets up its own); its services and mail servers are stopped after the test. */
  let current: Harness | undefined;
  let admin: string;

  afterEach(async () => {
    await current?.close();
    current = undefined;
  });

  /** A fresh database, subject prefix and registry per test: each starts from nothing. */
  async function setUp(): Promise<Harness> {
    current = await startHarness({ people: [anna, yamada], smtp: false, start: false });
    admin = await current.token('admin');
    return current;
  }

  const start = (smtpUrl: string, extra: Record<string, string> = {}): Promise<NotificationsUnderTest> =>
    current!.start({ env: { SMTP_URL: smtpUrl, ...extra } });

  const smtpServer = (port?: number): Promise<SmtpSink> => current!.startSmtp(port === undefined ? {} : { port });

  const rows = (svc: NotificationsUnderTest, where = 'true', params: unknown[] = []): Promise<Row[]> =>
    svc.dataSource.query(
      `SELECT id, recipient_email, status, attempts, resends, last_error_code, smtp_response, version FROM deliveries WHERE ${where} ORDER BY recipient_email`,
      params,
    );

  it('retries while the mail server is down and delivers once each when it is back', async () => {
    const h = await setUp();
    const port = await SmtpSink.freePort();
    const svc = await start(`smtp://127.0.0.1:${port}`);
    const e = await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, yamada.id)));
    await svc.waitForProcessed((n) => n.messageId === e.id && n.outcome === 'applied');
    const ids = (await rows(svc)).map((r) => r.id);
    // Several refused connections for each email, retried with backoff.
    for (const id of ids) await svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome === 'retry', 3);

    const smtp = await smtpServer(port);
    for (const id of ids) await svc.waitForDeliveries((n) => n.deliveryId === id && n.outcome === 'sent');
    expect(smtp.to(anna.email)).toHaveLength(1);
    expect(smtp.to(yamada.email)).toHaveLength(1);
    const after = await rows(svc);
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent']);
    for (const r of after) expect(r.attempts).toBeGreaterThanOrEqual(4);

    const detail = await h.api(admin).get(`/v1/deliveries/${ids[0]}`);
    const log = detail.body.attemptLog as { outcome: string; errorCode: string | null }[];
    expect(log.at(-1)!.outcome).toBe('sent');
    expect(log.slice(0, -1).every((a) => a.outcome === 'retry' && ['ESOCKET', 'ECONNECTION'].includes(a.errorCode!))).toBe(true);
    expect(detail.body.smtpResponse).toMatch(/^250/);
  });

  it('marks a permanent refusal (5xx) failed without retrying, and staff can resend it once it is fixed', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    smtp.reject(anna.email, 550, 'No such mailbox');
    const svc = await start(smtp.url);
    const e = await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, yamada.id)));
    await svc.waitForProcessed((n) => n.messageId === e.id && n.outcome === 'applied');
    const [annaRow, yamadaRow] = await rows(svc);
    await svc.waitForDeliveries((n) => n.deliveryId === annaRow!.id && n.outcome === 'failed');
    await svc.waitForDeliveries((n) => n.deliveryId === yamadaRow!.id && n.outcome === 'sent');
    const [failed] = await rows(svc, 'id = $1', [annaRow!.id]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_error_code: 'EENVELOPE' });
    expect(failed!.smtp_response).toMatch(/^550/);
    expect(svc.notices.filter((n) => n.deliveryId === annaRow!.id).map((n) => n.outcome)).toEqual(['failed']);
    expect(smtp.to(anna.email)).toHaveLength(0);

    const failedList = await h.api(admin).get('/v1/deliveries?status=failed');
    expect(failedList.body.items.map((d: { id: string }) => d.id)).toEqual([annaRow!.id]);

    smtp.accept(anna.email);
    const read = await h.api(admin).get(`/v1/deliveries/${annaRow!.id}`);
    const etag = read.headers['etag'] as string;
    expect((await h.api(admin).post(`/v1/deliveries/${annaRow!.id}/resend`)).status).toBe(428);
    const stale = await h.api(admin).post(`/v1/deliveries/${annaRow!.id}/resend`).set('if-match', '"999"');
    expect([stale.status, stale.body.code]).toEqual([412, 'COMMON.STALE_VERSION']);
    const resent = await h.api(admin).post(`/v1/deliveries/${annaRow!.id}/resend`).set('if-match', etag);
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ status: 'queued', attempts: 0, resends: 1 });
    await svc.waitForDeliveries((n) => n.deliveryId === annaRow!.id && n.outcome === 'sent');
    expect(smtp.to(anna.email)).toHaveLength(1);
    expect(smtp.to(anna.email)[0]!.parsed.messageId).toBe(
      messageIdFor(e.id, `person:${anna.id}`, 'proposal-advanced', 'collabo.example.jp'),
    );

    // Sending changed the record (its version moved on); with the current ETag, a sent email is refused.
    const current = await h.api(admin).get(`/v1/deliveries/${annaRow!.id}`);
    expect(current.body).toMatchObject({ status: 'sent', resends: 1 });
    const again = await h
      .api(admin)
      .post(`/v1/deliveries/${annaRow!.id}/resend`)
      .set('if-match', current.headers['etag'] as string);
    expect([again.status, again.body.code]).toEqual([409, 'NOTIFICATIONS.NOT_RESENDABLE']);
  });

  it('retries a temporary refusal (4xx) and delivers once the server takes it', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    smtp.reject(anna.email, 451, 'Greylisted, try again later');
    const svc = await start(smtp.url);
    const e = await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, null)));
    await svc.waitForProcessed((n) => n.messageId === e.id && n.outcome === 'applied');
    const [row] = await rows(svc);
    await svc.waitForDeliveries((n) => n.deliveryId === row!.id && n.outcome === 'retry', 2);
    smtp.accept(anna.email);
    await svc.waitForDeliveries((n) => n.deliveryId === row!.id && n.outcome === 'sent');
    expect(smtp.to(anna.email)).toHaveLength(1);
    const [done] = await rows(svc);
    expect(done!.attempts).toBeGreaterThanOrEqual(3);
  });

  it("keeps a lane's SMTP session open between emails, up to its message limit, and closes it when idle", async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const guests = [1, 2, 3, 4, 5, 6].map((i) => registration(guest(`来場者 ${i}`, `session${i}@example.jp`)));
    const svc = await start(smtp.url, { SMTP_CONCURRENCY: '1', SMTP_SESSION_MAX_MESSAGES: '4', SMTP_SESSION_IDLE_MS: '300' });
    await h.publish(ReminderDueV1, { event: exchangeEvent(), registrations: guests });
    await svc.waitForDeliveries((n) => n.outcome === 'sent', 6);
    for (let i = 1; i <= 6; i++) expect(smtp.to(`session${i}@example.jp`)).toHaveLength(1);
    // One lane, six emails, at most four per session: two sessions, the first ended after its fourth.
    expect(smtp.sessionsOpened).toBe(2);
    // The second has nothing more to send: it is closed after 300 ms idle.
    await smtp.waitForSessionsClosed(2);
    expect(smtp.sessionsClosed).toBe(2);
    expect((await rows(svc)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
  });

  it('sends over a new session, once and without a failed attempt, when the server dropped the kept one', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const svc = await start(smtp.url, { SMTP_CONCURRENCY: '1', SMTP_SESSION_IDLE_MS: '60000' });
    /** One reminder to one guest, sent: resolves when it is the `n`th email sent. */
    const remind = async (address: string, n: number): Promise<void> => {
      const e = await h.publish(ReminderDueV1, {
        event: exchangeEvent(),
        registrations: [registration(guest('来場者', address))],
      });
      await svc.waitForProcessed((p) => p.messageId === e.id && p.outcome === 'applied');
      await svc.waitForDeliveries((d) => d.outcome === 'sent', n);
      expect(smtp.to(address)).toHaveLength(1);
    };
    await remind('kept1@example.jp', 1);
    expect(smtp.sessionsOpened).toBe(1);

    // The server drops the kept session silently: the next email's MAIL FROM meets a closed connection.
    smtp.dropSessionsAtMail(1);
    await remind('kept2@example.jp', 2);
    expect(smtp.sessionsOpened).toBe(2);
    const [row] = await rows(svc, 'recipient_email = $1', ['kept2@example.jp']);
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    expect(svc.notices.filter((n) => n.deliveryId === row!.id).map((n) => n.outcome)).toEqual(['sent']);

    // The server closes the idle session (421): the next email opens a new one, also without a failed attempt.
    smtp.dropSessions();
    await smtp.waitForSessionsClosed(2);
    await remind('kept3@example.jp', 3);
    expect(svc.notices.map((n) => n.outcome)).toEqual(['sent', 'sent', 'sent']);
    expect(smtp.sessionsOpened).toBe(3);
  });

  it('finishes the email in flight when closed mid-batch, and sends the rest once after the restart', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const guests = [1, 2, 3, 4, 5].map((i) => registration(guest(`来場者 ${i}`, `guest${i}@example.jp`)));
    const held = smtp.holdAnswerToData('guest2@example.jp');
    const first = await start(smtp.url, { SMTP_CONCURRENCY: '1' });
    const e = await h.publish(EventChangedV1, {
      event: exchangeEvent(),
      changedFields: ['startsAt'],
      message: '開始時刻が変わります。',
      registrations: guests,
    });
    await first.waitForProcessed((n) => n.messageId === e.id && n.outcome === 'applied');
    await held.reached;
    // Closing while guest 2's email waits for the server's answer: the worker stops taking emails and
    // lets this one finish.
    const closing = first.close();
    held.release();
    await closing;
    expect(smtp.received.map((m) => m.to[0])).toEqual(['guest1@example.jp', 'guest2@example.jp']);

    const second = await start(smtp.url, { SMTP_CONCURRENCY: '1' });
    await second.waitForDeliveries((n) => n.outcome === 'sent', 3);
    expect((await rows(second)).map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
      ['sent', 1],
      ['sent', 1],
      ['sent', 1],
    ]);
    for (let i = 1; i <= 5; i++) expect(smtp.to(`guest${i}@example.jp`)).toHaveLength(1);
  });

  it('marks the email whose data was handed over but never answered ambiguous when the grace period runs out, and never resends it by itself', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const guests = [1, 2, 3].map((i) => registration(guest(`来場者 ${i}`, `late${i}@example.jp`)));
    const held = smtp.holdAnswerToData('late1@example.jp');
    const first = await start(smtp.url, { SMTP_CONCURRENCY: '1', SHUTDOWN_GRACE_MS: '1000' });
    const e = await h.publish(ReminderDueV1, { event: exchangeEvent(), registrations: guests });
    await first.waitForProcessed((n) => n.messageId === e.id && n.outcome === 'applied');
    await held.reached;
    const ambiguous = first.waitForDeliveries((n) => n.outcome === 'ambiguous');
    await first.close();
    const [notice] = await ambiguous;
    held.release();

    const second = await start(smtp.url);
    await second.waitForDeliveries((n) => n.outcome === 'sent', 2);
    const after = await rows(second);
    expect(after.map((r) => [r.recipient_email, r.status])).toEqual([
      ['late1@example.jp', 'ambiguous'],
      ['late2@example.jp', 'sent'],
      ['late3@example.jp', 'sent'],
    ]);
    expect(after[0]!.id).toBe(notice!.deliveryId);
    // The server did get it once; it is shown to staff, not sent again.
    expect(smtp.to('late1@example.jp')).toHaveLength(1);
    const list = await h.api(admin, second).get('/v1/deliveries?status=ambiguous');
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: notice!.deliveryId, lastError: expect.stringMatching(/may have been delivered/) }),
    ]);
  });

  it('claims the emails an event recorded by their ids, and a stale or not-yet-due hint neither stalls a lane nor sends early', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const svc = await start(smtp.url, { SMTP_CONCURRENCY: '1' });
    const hints = svc.app.get(DeliveryHints);
    const claimsBy = async (by: 'intake' | 'id' | 'queue'): Promise<number> => {
      const metric = svc.metrics.registry.getSingleMetric('notification_delivery_claims_total')!;
      return (await metric.get()).values.find((v) => v.labels['by'] === by)?.value ?? 0;
    };
    // hints of rows that do not exist (another replica's, or gone): the lane goes on to the queue's head
    hints.stage('elsewhere', [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()]);
    hints.settle('elsewhere', true);
    const first = await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, null)));
    await svc.waitForProcessed((n) => n.messageId === first.id && n.outcome === 'applied');
    await svc.waitForDeliveries((n) => n.outcome === 'sent');
    expect(smtp.to(anna.email)).toHaveLength(1);
    // an event of six emails: the lane takes most by the ids the intake handed over (a claim after stale hints, and
    // one claim in eight, read the queue's head); without the hints every claim would be from the queue
    const guests = [1, 2, 3, 4, 5, 6].map((g) => registration(guest(`参加者 ${g}`, `hinted${g}@example.jp`)));
    const reminder = await h.publish(ReminderDueV1, { event: exchangeEvent(), registrations: guests });
    await svc.waitForProcessed((n) => n.messageId === reminder.id && n.outcome === 'applied');
    await svc.waitForDeliveries((n) => n.outcome === 'sent', 7);
    expect(await claimsBy('id')).toBeGreaterThanOrEqual(2);
    // (the first event's one email may have been written claimed for the idle lane: see the next test)
    expect((await claimsBy('intake')) + (await claimsBy('id')) + (await claimsBy('queue'))).toBe(7);
    expect(new Set(smtp.received.map((m) => m.to[0])).size).toBe(7);
    // a queued row whose next try is an hour away, hinted: the lane tries the hint and leaves the row alone
    const [later] = await rows(svc, 'recipient_email = $1', [anna.email]);
    await svc.dataSource.query(
      `UPDATE deliveries SET status = 'queued', sent_at = NULL, next_attempt_at = now() + interval '1 hour' WHERE id = $1`,
      [later!.id],
    );
    hints.stage('retry', [later!.id]);
    hints.settle('retry', true);
    await eventually(() => hints.size === 0, 'the lane to try every hint', 10_000, 20);
    expect(await rows(svc, 'id = $1', [later!.id])).toEqual([expect.objectContaining({ status: 'queued', attempts: 1 })]);
    const second = await h.publish(ProposalAdvancedV1, advanced(proposalRef(yamada.id, null)));
    await svc.waitForProcessed((n) => n.messageId === second.id && n.outcome === 'applied');
    await svc.waitForDeliveries((n) => n.outcome === 'sent', 8);
    expect(smtp.to(yamada.email)).toHaveLength(1);
    expect(smtp.to(anna.email)).toHaveLength(1);
    expect(await rows(svc, 'id = $1', [later!.id])).toEqual([expect.objectContaining({ status: 'queued', attempts: 1 })]);
    // every hint is used up or found stale once the lane has looked again: none left over
    await eventually(() => hints.size === 0, 'the lane to use up every hint', 10_000, 20);
    expect(hints.size).toBe(0);
  });

  it('writes an idle worker’s emails claimed for it and sends them without a claim, and gives back the ones no lane took when it stops', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const svc = await start(smtp.url, { SMTP_CONCURRENCY: '1', SHUTDOWN_GRACE_MS: '1000' });
    const claimsBy = async (by: 'intake' | 'id' | 'queue'): Promise<number> => {
      const metric = svc.metrics.registry.getSingleMetric('notification_delivery_claims_total')!;
      return (await metric.get()).values.find((v) => v.labels['by'] === by)?.value ?? 0;
    };
    const claimOf = async (email: string) =>
      (
        (await svc.dataSource.query(
          `SELECT d.status, d.phase, d.attempts, d.claimed_by, d.lease_until BETWEEN now() AND now() + interval '5 seconds' AS leased,
                  (SELECT count(*)::int FROM delivery_attempts a WHERE a.delivery_id = d.id) AS tries
             FROM deliveries d WHERE d.recipient_email = $1`,
          [email],
        )) as { status: string; phase: string | null; attempts: number; claimed_by: string | null; leased: boolean | null; tries: number }[]
      )[0];
    // The lane is idle: the event's email is written claimed for this worker and sent as it is, no claim statement.
    await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, null)));
    await svc.waitForDeliveries((n) => n.outcome === 'sent');
    expect([await claimsBy('intake'), await claimsBy('id'), await claimsBy('queue')]).toEqual([1, 0, 0]);
    expect(await claimOf(anna.email)).toEqual({
      status: 'sent',
      phase: null,
      attempts: 1,
      claimed_by: svc.worker.workerId,
      leased: null,
      tries: 1,
    });
    // The one lane is held in the middle of an email; the next event's email is written claimed (its lease
    // SEND_LEASE_MS, 5 s here, ahead on the database's clock) and waits for the lane.
    const late = registration(guest('待機 花子', 'waiting@example.jp'));
    const held = smtp.holdAnswerToData(yamada.email);
    await h.publish(ProposalAdvancedV1, advanced(proposalRef(yamada.id, null)));
    await held.reached;
    const waiting = await h.publish(ReminderDueV1, { event: exchangeEvent(), registrations: [late] });
    await svc.waitForProcessed((n) => n.messageId === waiting.id && n.outcome === 'applied');
    expect(await claimOf('waiting@example.jp')).toEqual({
      status: 'sending',
      phase: 'claimed',
      attempts: 1,
      claimed_by: svc.worker.workerId,
      leased: true,
      tries: 0,
    });
    // Stopping: the held email's grace runs out (ambiguous, as ever); the waiting one is given back, never tried.
    await svc.worker.stop();
    held.release();
    expect(await claimOf('waiting@example.jp')).toEqual({
      status: 'queued',
      phase: null,
      attempts: 0,
      claimed_by: svc.worker.workerId,
      leased: null,
      tries: 0,
    });
    expect((await claimOf(yamada.email))?.status).toBe('ambiguous');
    // Another worker sends it, once.
    const second = await start(smtp.url);
    await second.waitForDeliveries((n) => n.outcome === 'sent');
    expect(await claimOf('waiting@example.jp')).toMatchObject({ status: 'sent', attempts: 1, tries: 1 });
    expect(smtp.to('waiting@example.jp')).toHaveLength(1);
    expect(smtp.to(yamada.email)).toHaveLength(1);
  });

  it('claims a hinted email and fences it through the primary key, also when the statistics last saw the queue empty', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const svc = await start(smtp.url, { SMTP_CONCURRENCY: '1' });
    await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, null)));
    await svc.waitForDeliveries((n) => n.outcome === 'sent');
    // statistics taken with nothing queued (as after a quiet night), then a backlog that is not due yet
    await svc.dataSource.query('ANALYZE deliveries');
    await svc.dataSource.query(
      `INSERT INTO deliveries (id, event_id, event_subject, kind, category, recipient_key, recipient_role, recipient_email,
                               recipient_source, language, message_id, subject, text_body, html_body, status, next_attempt_at)
       SELECT gen_random_uuid(), $1, 'backlog', 'reminder', 'event_reminders', 'email:backlog' || g || '@example.jp', 'guest',
              'backlog' || g || '@example.jp', 'event', 'ja', 'backlog-' || g || '@collabo.test', '件名', 'text', '<p>html</p>',
              'queued', now() + interval '1 hour'
         FROM generate_series(1, 300) g`,
      [uuidv7()],
    );
    const [hinted] = await svc.dataSource.query<{ id: string }[]>(`SELECT id FROM deliveries WHERE event_subject = 'backlog' LIMIT 1`);
    const runner = svc.dataSource.createQueryRunner();
    try {
      // a prepared statement's generic plan, the one a lane runs after its first few claims
      await runner.query('SET plan_cache_mode = force_generic_plan');
      const claim = (): unknown[] => [uuidv7(), 'plan-test', 1000];
      const statements: [name: string, sql: string, types: string, args: unknown[]][] = [
        ['claim by id', claimStatement('$1', '$2', '$3', { byId: '$4' }), '(uuid, text, int, uuid)', [...claim(), hinted!.id]],
        [
          'claim by id after a settlement',
          claimStatement('$1', '$2', '$3', { byId: '$4', except: '$5' }),
          '(uuid, text, int, uuid, uuid)',
          [...claim(), hinted!.id, uuidv7()],
        ],
        ['fence before the data', ENTER_DATA_PHASE, '(uuid, uuid)', [hinted!.id, uuidv7()]],
      ];
      for (const [name, sql, types, args] of statements) {
        const statement = `plan_${name.replace(/\W/g, '_')}`;
        await runner.query(`PREPARE ${statement}${types} AS ${sql}`);
        const values = args.map((v) => (typeof v === 'number' ? v : `'${String(v)}'`)).join(', ');
        const [{ 'QUERY PLAN': plan }] = await runner.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE ${statement}(${values})`);
        // the row is found by its id, and the row updated by its id: no other index is read
        const indexes = JSON.stringify(plan).match(/"Index Name":"[a-z_]+"/g);
        expect({ name, indexes }).toEqual({ name, indexes: ['"Index Name":"deliveries_pkey"', '"Index Name":"deliveries_pkey"'] });
      }
    } finally {
      await runner.release();
    }
    // the hinted row was not due: nothing was claimed, and the one email of the event went out once
    expect(await rows(svc, `status <> 'queued' AND recipient_email LIKE 'backlog%'`)).toEqual([]);
    expect(smtp.to(anna.email)).toHaveLength(1);
  });

  it('sends every email once with two replicas sharing the consumers and the queue', async () => {
    const h = await setUp();
    const smtp = await smtpServer();
    const a = await start(smtp.url, { SMTP_CONCURRENCY: '2' });
    const b = await start(smtp.url, { SMTP_CONCURRENCY: '2' });
    const events = [];
    for (let i = 0; i < 6; i++) {
      const guests = [1, 2, 3, 4].map((g) => registration(guest(`参加者 ${i}-${g}`, `p${i}-${g}@example.jp`)));
      events.push(await h.publish(ReminderDueV1, { event: exchangeEvent(), registrations: guests }));
    }
    await smtp.waitFor(24);
    await new Promise<void>((resolve) => {
      const check = () => {
        if ([...a.notices, ...b.notices].filter((n) => n.outcome === 'sent').length >= 24) resolve();
      };
      a.worker.onSettled(check);
      b.worker.onSettled(check);
      check();
    });
    const sent = await rows(a);
    expect(sent).toHaveLength(24);
    expect(sent.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const recipients = smtp.received.map((m) => m.to[0]);
    expect(new Set(recipients).size).toBe(24);
    const workers: { worker: string; n: number }[] = await a.dataSource.query(
      `SELECT worker, count(*)::int AS n FROM delivery_attempts WHERE outcome = 'sent' GROUP BY worker`,
    );
    expect(workers.reduce((sum, w) => sum + w.n, 0)).toBe(24);
    expect(workers.every((w) => [a.worker.workerId, b.worker.workerId].includes(w.worker))).toBe(true);
  });
});
