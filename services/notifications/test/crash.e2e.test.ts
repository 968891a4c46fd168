import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReminderDueV1 } from '@collabo/contracts';
import pg from 'pg';
import { exchangeEvent, guest, registration } from './fixtures/events.js';
import { ServiceProcess } from './support/child-process.js';
import { startHarness, type Harness, type NotificationsUnderTest } from './support/harness.js';

/**
 * The service killed (SIGKILL, in its own process) in the middle of a batch, then started again:
 * - an email whose session had not reached the message data is sent again, once;
 * - an email whose data had been handed over, unanswered, may have arrived: it is marked ambiguous for
 *   staff instead of being sent a second time;
 * - the emails nobody had taken yet are sent once.
 */
describe('killed mid-batch and restarted', () => {
  let h: Harness;
  let child: ServiceProcess | null = null;
  let restarted: NotificationsUnderTest | null = null;
  let client: pg.Client;
  const extra = { SMTP_CONCURRENCY: '2', SEND_LEASE_MS: '3500', SEND_TIMEOUT_MS: '3000' };

  beforeAll(async () => {
    h = await startHarness({ start: false });
    client = new pg.Client({ connectionString: h.db.url });
  });

  afterAll(async () => {
    if (child) await child.kill();
    await restarted?.close();
    await client?.end().catch(() => undefined);
    await h?.close();
  });

  it('sends every email exactly once, or marks it ambiguous when it may already have arrived', async () => {
    child = await ServiceProcess.start({ databaseUrl: h.db.url, prefix: h.prefix, env: h.serviceEnv(extra) });
    await client.connect();
    const beforeData = h.smtp.holdAtRecipient('a@example.jp');
    const afterData = h.smtp.holdAnswerToData('b@example.jp');
    const guests = ['a', 'b', 'c', 'd'].map((x) => registration(guest(`来場者 ${x}`, `${x}@example.jp`)));
    await h.publish(ReminderDueV1, { event: exchangeEvent(), registrations: guests });

    // Both lanes are busy: one waits at RCPT TO (before any data), one for the answer to its data.
    await beforeData.reached;
    await afterData.reached;
    await child.kill();
    child = null;
    beforeData.release();
    afterData.release();

    const state = async () =>
      (
        await client.query<{
          recipient_email: string;
          status: string;
          phase: string | null;
          attempts: number;
          last_error_code: string | null;
        }>('SELECT recipient_email, status, phase, attempts, last_error_code FROM deliveries ORDER BY recipient_email')
      ).rows;
    expect(await state()).toEqual([
      { recipient_email: 'a@example.jp', status: 'sending', phase: 'claimed', attempts: 1, last_error_code: null },
      { recipient_email: 'b@example.jp', status: 'sending', phase: 'data', attempts: 1, last_error_code: null },
      { recipient_email: 'c@example.jp', status: 'queued', phase: null, attempts: 0, last_error_code: null },
      { recipient_email: 'd@example.jp', status: 'queued', phase: null, attempts: 0, last_error_code: null },
    ]);
    expect(h.smtp.received.map((m) => m.to[0])).toEqual(['b@example.jp']);

    restarted = await h.start({ env: extra });
    // a is taken back once its lease has run out, and sent; c and d are sent; b is not touched again.
    await restarted.waitForDeliveries((n) => n.outcome === 'sent', 3);
    await restarted.waitForDeliveries((n) => n.outcome === 'recovered', 2);
    expect(await state()).toEqual([
      { recipient_email: 'a@example.jp', status: 'sent', phase: null, attempts: 2, last_error_code: null },
      {
        recipient_email: 'b@example.jp',
        status: 'ambiguous',
        phase: null,
        attempts: 1,
        last_error_code: 'NOTIFICATIONS.SENDER_LOST_AFTER_DATA',
      },
      { recipient_email: 'c@example.jp', status: 'sent', phase: null, attempts: 1, last_error_code: null },
      { recipient_email: 'd@example.jp', status: 'sent', phase: null, attempts: 1, last_error_code: null },
    ]);
    for (const address of ['a@example.jp', 'b@example.jp', 'c@example.jp', 'd@example.jp']) {
      expect([address, h.smtp.to(address).length]).toEqual([address, 1]);
    }
    const log = await client.query<{ recipient_email: string; attempt: number; outcome: string; error_code: string | null }>(
      `SELECT d.recipient_email, a.attempt, a.outcome, a.error_code FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
        WHERE d.recipient_email IN ('a@example.jp', 'b@example.jp') ORDER BY d.recipient_email, a.id`,
    );
    expect(log.rows).toEqual([
      { recipient_email: 'a@example.jp', attempt: 1, outcome: 'interrupted', error_code: 'NOTIFICATIONS.SENDER_LOST_BEFORE_DATA' },
      { recipient_email: 'a@example.jp', attempt: 2, outcome: 'sent', error_code: null },
      { recipient_email: 'b@example.jp', attempt: 1, outcome: 'ambiguous', error_code: 'NOTIFICATIONS.SENDER_LOST_AFTER_DATA' },
    ]);
  });
});
