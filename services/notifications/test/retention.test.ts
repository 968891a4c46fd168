import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatInstant } from '@collabo/calendar';
import { ProposalAdvancedV1, RegistrationConfirmedV1 } from '@collabo/contracts';
import { periodicJobLockKey } from '@collabo/service-kit';
import { ManualClock } from '@collabo/service-kit/testing';
import { FAKE_CONSENT_WITHDRAWAL_URL } from '@collabo/testing';
import { DeliveryRetention, RETENTION_JOB, type RetentionRun } from '../src/retention/delivery-retention.js';
import { advanced, CALENDAR, exchangeEvent, guest, proposalRef, registration } from './fixtures/events.js';
import { anna, yamada } from './fixtures/people.js';
import { startHarness, type Harness, type NotificationsUnderTest } from './support/harness.js';

const DAY = 86_400_000;

interface Row {
  id: string;
  status: string;
  recipient_key: string;
  person_id: string | null;
  recipient_email: string | null;
  recipient_name: string | null;
  subject: string;
  text_body: string;
  html_body: string;
  attachments: unknown[];
  unsubscribe_url: string | null;
  secret_links: unknown[];
  last_error: string | null;
  last_error_code: string | null;
  smtp_response: string | null;
  message_id: string;
  kind: string;
  redacted_at: Date | null;
  version: number;
}

/**
 * Retention with an injected clock: two replicas on one database stand 399 and then 401 days in the
 * future; settled emails past DELIVERY_RETENTION_DAYS lose their personal data once, the rest is untouched.
 */
describe('delivery retention', () => {
  let h: Harness;
  let a: NotificationsUnderTest;
  let b: NotificationsUnderTest;
  let admin = '';
  const start = new Date();
  const clockA = new ManualClock(start);
  const clockB = new ManualClock(start);
  const runs: RetentionRun[] = [];
  const refusedGuest = 'refused.guest@example.jp';
  let before: Row[] = [];
  let waitingEventId = '';

  const rows = (): Promise<Row[]> => a.dataSource.query('SELECT * FROM deliveries ORDER BY created_at, id');
  // A run of replica A's job: again when it found the job held by replica B (whose timer runs it every 150 ms).
  const runOnA = async (): Promise<RetentionRun> => {
    for (;;) {
      const run = await a.app.get(DeliveryRetention).run();
      if (!run.skipped) return run;
    }
  };
  const at = (days: number) => {
    clockA.set(new Date(start.getTime() + days * DAY));
    clockB.set(new Date(start.getTime() + days * DAY));
  };

  beforeAll(async () => {
    h = await startHarness({ people: [anna, yamada], clock: clockA });
    h.smtp.reject(refusedGuest, 550, `<${refusedGuest}>: Recipient address rejected: mailbox unavailable`);
    admin = await h.token('admin');
    a = h.svc;
    // Replica B only consumes and runs retention, on its own timer.
    b = await h.start({ env: { DELIVERY_WORKER_ENABLED: 'false', DELIVERY_RETENTION_INTERVAL_MS: '150' }, clock: clockB });
    for (const svc of [a, b]) svc.app.get(DeliveryRetention).onRun((run) => runs.push(run));

    // Sent (both), then suppressed (Yamada switched progress updates off) and sent, and failed (550).
    await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, yamada.id)));
    await a.waitForDeliveries((n) => n.outcome === 'sent', 2);
    const off = await h.api(admin).put('/v1/preferences').send({ personId: yamada.id, category: 'proposal_progress', subscribed: false });
    expect(off.status).toBe(200);
    await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, yamada.id)));
    await h.publish(RegistrationConfirmedV1, {
      event: exchangeEvent(),
      registration: registration(guest('拒否 次郎', refusedGuest)),
      checkInToken: 'RT01-0001',
      calendar: CALENDAR,
    });
    await a.waitForDeliveries((n) => n.outcome === 'sent', 3);
    await a.waitForDeliveries((n) => n.outcome === 'failed', 1);
    // Then the sender stops: the next email waits (queued), which retention must leave alone; Yamada's copy is suppressed.
    await a.worker.stop();
    const waiting = await h.publish(ProposalAdvancedV1, advanced(proposalRef(anna.id, yamada.id)));
    waitingEventId = waiting.id;
    // Either replica may take it (they share the durable consumer); the other one's wait is let go.
    const waits = [a, b].map((svc) => svc.waitForProcessed((n) => n.messageId === waiting.id && n.outcome === 'applied'));
    for (const w of waits) w.catch(() => undefined);
    await Promise.any(waits);
    before = await rows();
  });

  afterAll(() => h?.close());

  it('starts from emails of every state, with their personal data', () => {
    const byStatus = before.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
    expect(byStatus).toEqual({ sent: 3, suppressed: 2, failed: 1, queued: 1 });
    expect(before.every((r) => r.recipient_email && r.text_body && r.redacted_at === null)).toBe(true);
  });

  it('runs on its own timer on every replica', async () => {
    const seen = runs.length;
    await new Promise<void>((resolve) => {
      const off = b.app.get(DeliveryRetention).onRun(() => {
        off();
        resolve();
      });
    });
    expect(runs.length).toBeGreaterThan(seen);
    expect(runs.every((r) => r.redacted === 0)).toBe(true);
  });

  it('keeps everything 399 days on', async () => {
    at(399);
    const run = await runOnA();
    expect(run).toMatchObject({ redacted: 0, skipped: false });
    expect(run.cutoff?.getTime()).toBe(start.getTime() - DAY);
    expect(await rows()).toEqual(before);
  });

  it('removes the personal data of every settled email once, 401 days on, with two replicas at it together', async () => {
    at(401);
    // While another replica holds the work (its lock), a replica does nothing and says so.
    const other = a.dataSource.createQueryRunner();
    await other.startTransaction();
    await other.query('SELECT pg_advisory_xact_lock(hashtext($1))', [periodicJobLockKey(RETENTION_JOB)]);
    expect(await a.app.get(DeliveryRetention).run()).toMatchObject({ skipped: true, redacted: 0 });
    expect(await rows()).toEqual(before);
    await other.rollbackTransaction();
    await other.release();
    const explicit = await Promise.all([a.app.get(DeliveryRetention).run(), b.app.get(DeliveryRetention).run()]);
    // Both can find the job held by a run of B's timer: then A runs again once that one has finished, so that a run
    // has been through every settled email before the counts below are read.
    if (explicit.every((r) => r.skipped)) explicit.push(await runOnA());
    expect(explicit.some((r) => !r.skipped)).toBe(true);
    const settled = before.filter((r) => r.status !== 'queued');
    // Across every run of both replicas (the timer's included), each settled email was redacted exactly once.
    expect(runs.reduce((sum, r) => sum + r.redacted, 0)).toBe(settled.length);
    const after = await rows();
    for (const old of settled) {
      const row = after.find((r) => r.id === old.id)!;
      expect(row).toEqual({
        ...old,
        recipient_key: `redacted:${old.id}`,
        person_id: null,
        recipient_email: null,
        recipient_name: null,
        text_body: '',
        html_body: '',
        attachments: [],
        unsubscribe_url: null,
        secret_links: [],
        last_error: null,
        smtp_response: null,
        redacted_at: clockA.now(),
        updated_at: expect.any(Date),
        version: old.version + 1,
      });
      // What stays: what kind of email, its outcome, subject and Message-ID.
      expect([row.kind, row.status, row.subject, row.message_id]).toEqual([old.kind, old.status, old.subject, old.message_id]);
    }
    for (const old of before.filter((r) => r.status === 'queued')) expect(after.find((r) => r.id === old.id)).toEqual(old);
    const attempts: { smtp_response: string | null; error: string | null; error_code: string | null }[] = await a.dataSource.query(
      'SELECT smtp_response, error, error_code FROM delivery_attempts',
    );
    expect(attempts.length).toBe(4);
    expect(attempts.every((t) => t.smtp_response === null && t.error === null)).toBe(true);
    expect(attempts.map((t) => t.error_code).filter(Boolean)).toEqual(['EENVELOPE']);
    // Nothing of the people is left anywhere in the table.
    const text = JSON.stringify(after.filter((r) => r.status !== 'queued'));
    for (const secret of [
      anna.email,
      yamada.email,
      refusedGuest,
      anna.id,
      yamada.id,
      'Anna Smith',
      '山田 太郎',
      '拒否 次郎',
      'RT01-0001',
    ]) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
    // A second pass finds nothing more to do.
    expect((await runOnA()).redacted).toBe(0);
  });

  it('retention removes the sources of the secret links too (whom an unsubscribe link was for)', async () => {
    // Before: the emails of an optional category knew whose unsubscribe link to sign at send time.
    const withLinks = before.filter((r) => r.status !== 'queued' && r.secret_links.length > 0);
    expect(withLinks.length).toBeGreaterThan(0);
    expect(JSON.stringify(withLinks.map((r) => r.secret_links))).toContain(anna.id);
    const after = await rows();
    for (const old of withLinks) expect(after.find((r) => r.id === old.id)!.secret_links).toEqual([]);
    // The queued email keeps them: it has yet to be sent (its unsubscribe link, and the registry person's consent link).
    const queued = after.find((r) => r.status === 'queued')!;
    expect(queued.secret_links).toEqual([
      {
        masked: 'http://notifications.test/v1/unsubscribe?token=•••',
        via: 'notifications.unsubscribe',
        recipientKey: `person:${anna.id}`,
        category: 'proposal_progress',
      },
      {
        masked: `${FAKE_CONSENT_WITHDRAWAL_URL}?token=•••#news`,
        via: 'registry.consent',
        personId: anna.id,
        purpose: 'news',
      },
    ]);
  });

  it('shows a redacted email to staff for what it was, and refuses to resend it', async () => {
    const failed = (await rows()).find((r) => r.status === 'failed')!;
    const res = await h.api(admin).get(`/v1/deliveries/${failed.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      kind: 'registration-confirmed',
      status: 'failed',
      recipient: { email: null, name: null, personId: null },
      text: '',
      html: '',
      attachments: [],
      redactedAt: formatInstant(clockA.now()),
      lastErrorCode: 'EENVELOPE',
    });
    const resend = await h
      .api(admin)
      .post(`/v1/deliveries/${failed.id}/resend`)
      .set('if-match', res.headers['etag'] as string);
    expect([resend.status, resend.body.code]).toEqual([409, 'NOTIFICATIONS.DELIVERY_REDACTED']);
    const byPerson = await h.api(admin).get(`/v1/deliveries?personId=${anna.id}`);
    expect(byPerson.body.items.map((d: { causedBy: string }) => d.causedBy)).toEqual([waitingEventId]);
    expect((await h.api(admin).get(`/v1/deliveries?email=${refusedGuest}`)).body.total).toBe(0);
    let counted = 0;
    for (const svc of [a, b]) {
      const metrics = await h.api(undefined, svc).get('/metrics');
      counted += Number(/^notification_deliveries_redacted_total\{service="notifications"\} (\d+)$/m.exec(metrics.text)?.[1] ?? 'NaN');
    }
    expect(counted).toBe(6);
  });
});
