import { describe, expect, it } from '@jest/globals';
import { OutboxRelay } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { RegistryRetentionJob } from '../src/privacy/retention.job.js';
import { orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

/**
 * Retention that runs by itself in the registry (issue #20, item 5): published outbox rows past 7 days, inbox rows
 * past 35, resolved dead letters past 90 go; unresolved dead letters past 30 lose their payload. Younger rows stay,
 * a second run removes nothing more, and the report counts the removals per fiscal year (年度, from 1 April).
 */
describe('retention (issue #20), the registry side', () => {
  let r: Registry;
  let auth: Record<string, string>;
  let db: DataSource;

  startRegistryForSuite(async (started, admin) => {
    [r, auth] = [started, admin];
    db = r.svc.app.get(DataSource);
  });

  const at = (iso: string) => new Date(iso);
  const inbox = async (messageId: string, processedAt: string) =>
    db.query(`INSERT INTO inbox (consumer, message_id, subject, processed_at) VALUES ('retention-test', $1, 'test.subject', $2)`, [
      messageId,
      at(processedAt),
    ]);
  const deadLetter = async (id: string, parkedAt: string, resolvedAt: string | null) =>
    db.query(
      `INSERT INTO dead_letters (id, consumer, subject, message_id, payload, error, attempts, parked_at, resolved_at, resolution)
       VALUES ($1::uuid, 'retention-test', 'test.subject', $1::text, '{"person":{"email":"someone@example.jp"}}', 'handler failed', 5, $2, $3, $4)`,
      [id, at(parkedAt), resolvedAt ? at(resolvedAt) : null, resolvedAt ? 'dismissed' : null],
    );

  it('removes what is past its period and keeps the rest, once, counted per fiscal year; the report is for admins only', async () => {
    const job = r.svc.app.get(RegistryRetentionJob);
    expect(job.rules.map((rule) => [rule.kind, rule.days, rule.action])).toEqual([
      ['outbox', 7, 'deleted'],
      ['inbox', 35, 'deleted'],
      ['dead_letters_resolved', 90, 'deleted'],
      ['dead_letters_unresolved', 30, 'redacted'],
      ['privacy_requests_completed', 90, 'redacted'],
    ]);

    // Real outbox rows (their events name people), published by the relay today (2026-12).
    expect((await r.http().post('/v1/organizations').set(auth).send(orgBody()).expect(201)).body.id).toBeDefined();
    expect((await r.http().post('/v1/people').set(auth).send(personBody()).expect(201)).body.id).toBeDefined();
    await r.svc.app.get(OutboxRelay).drain();
    const [{ pending, published }] = await db.query(
      `SELECT count(*) FILTER (WHERE published_at IS NULL)::int AS pending, count(*) FILTER (WHERE published_at IS NOT NULL)::int AS published FROM outbox`,
    );
    expect(pending).toBe(0);
    expect(published).toBeGreaterThanOrEqual(2);
    // A published row that will still be young at the first run, and one not yet published (kept whatever its age).
    const youngOutbox = uuidv7();
    await db.query(
      `INSERT INTO outbox (id, subject, aggregate_id, envelope, created_at, published_at) VALUES ($1, 'test.subject', 'x', '{}', $2, $2)`,
      [youngOutbox, at('2027-03-15T00:00:00Z')],
    );
    const unpublished = uuidv7();
    await db.query(
      `INSERT INTO outbox (id, subject, aggregate_id, envelope, created_at, published_at) VALUES ($1, 'test.subject', 'x', '{}', $2, NULL)`,
      [unpublished, at('2026-01-01T00:00:00Z')],
    );

    const [oldInbox, laterInbox, youngInbox] = [uuidv7(), uuidv7(), uuidv7()];
    await inbox(oldInbox, '2027-02-01T00:00:00Z');
    await inbox(laterInbox, '2027-03-01T00:00:00Z');
    await inbox(youngInbox, '2027-04-01T00:00:00Z');
    const [oldResolved, youngResolved, oldOpen, laterOpen, youngOpen] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    await deadLetter(oldResolved, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
    await deadLetter(youngResolved, '2027-02-01T00:00:00Z', '2027-03-01T00:00:00Z');
    await deadLetter(oldOpen, '2027-02-01T00:00:00Z', null);
    await deadLetter(laterOpen, '2027-03-05T00:00:00Z', null);
    await deadLetter(youngOpen, '2027-04-01T00:00:00Z', null);

    // 2027-03-20, fiscal year 2026. Cutoffs: outbox 03-13, inbox 02-13, resolved 2026-12-20, unresolved 02-18.
    r.clock.set('2027-03-20T00:00:00Z');
    expect(await job.runDetailed()).toEqual({
      outbox: published,
      inbox: 1,
      dead_letters_resolved: 1,
      dead_letters_unresolved: 1,
      privacy_requests_completed: 0, // none here: test/privacy-retention.test.ts
    });
    expect(await job.runDetailed()).toEqual({
      outbox: 0,
      inbox: 0,
      dead_letters_resolved: 0,
      dead_letters_unresolved: 0,
      privacy_requests_completed: 0,
    });
    expect((await db.query(`SELECT id FROM outbox ORDER BY seq`)).map((o: { id: string }) => o.id)).toEqual([youngOutbox, unpublished]);
    expect(
      (await db.query(`SELECT message_id FROM inbox WHERE consumer = 'retention-test' ORDER BY processed_at`)).map(
        (i: { message_id: string }) => i.message_id,
      ),
    ).toEqual([laterInbox, youngInbox]);
    const letters = async () =>
      Object.fromEntries(
        (
          (await db.query(`SELECT id, payload IS NOT NULL AS "hasPayload", redacted_at, error FROM dead_letters`)) as {
            id: string;
            hasPayload: boolean;
            redacted_at: Date | null;
            error: string;
          }[]
        ).map((d) => [d.id, { hasPayload: d.hasPayload, redactedAt: d.redacted_at?.toISOString() ?? null, error: d.error }]),
      );
    expect(await letters()).toEqual({
      [youngResolved]: { hasPayload: true, redactedAt: null, error: 'handler failed' },
      [oldOpen]: { hasPayload: false, redactedAt: '2027-03-20T00:00:00.000Z', error: 'handler failed' },
      [laterOpen]: { hasPayload: true, redactedAt: null, error: 'handler failed' },
      [youngOpen]: { hasPayload: true, redactedAt: null, error: 'handler failed' },
    });

    // 2027-04-10, fiscal year 2027. Cutoffs: outbox 04-03, inbox 03-06, resolved 01-10, unresolved 03-11.
    r.clock.set('2027-04-10T00:00:00Z');
    expect(await job.runNow()).toBe(3);
    expect(await job.runNow()).toBe(0);
    expect((await db.query(`SELECT id FROM outbox`)).map((o: { id: string }) => o.id)).toEqual([unpublished]);
    expect((await db.query(`SELECT message_id FROM inbox WHERE consumer = 'retention-test'`))[0].message_id).toBe(youngInbox);
    expect(await letters()).toMatchObject({
      [youngResolved]: { hasPayload: true },
      [oldOpen]: { hasPayload: false, redactedAt: '2027-03-20T00:00:00.000Z' },
      [laterOpen]: { hasPayload: false, redactedAt: '2027-04-10T00:00:00.000Z' },
      [youngOpen]: { hasPayload: true },
    });

    const report = await r.http().get('/v1/privacy/retention-report').set(auth);
    expect(report.status).toBe(200);
    expect(report.body.service).toBe('registry');
    expect(report.body.policy.map((p: { kind: string; days: number }) => [p.kind, p.days])).toEqual([
      ['outbox', 7],
      ['inbox', 35],
      ['dead_letters_resolved', 90],
      ['dead_letters_unresolved', 30],
      ['privacy_requests_completed', 90],
    ]);
    expect(report.body.years).toEqual([
      {
        fiscalYear: 2027,
        removed: [
          { kind: 'dead_letters_unresolved', action: 'redacted', count: 1, lastRunAt: '2027-04-10T00:00:00.000Z' },
          { kind: 'inbox', action: 'deleted', count: 1, lastRunAt: '2027-04-10T00:00:00.000Z' },
          { kind: 'outbox', action: 'deleted', count: 1, lastRunAt: '2027-04-10T00:00:00.000Z' },
        ],
      },
      {
        fiscalYear: 2026,
        removed: [
          { kind: 'dead_letters_resolved', action: 'deleted', count: 1, lastRunAt: '2027-03-20T00:00:00.000Z' },
          { kind: 'dead_letters_unresolved', action: 'redacted', count: 1, lastRunAt: '2027-03-20T00:00:00.000Z' },
          { kind: 'inbox', action: 'deleted', count: 1, lastRunAt: '2027-03-20T00:00:00.000Z' },
          { kind: 'outbox', action: 'deleted', count: published, lastRunAt: '2027-03-20T00:00:00.000Z' },
        ],
      },
    ]);
    for (const role of ['coordinator', 'advisor', 'viewer'] as const) {
      const refused = await r
        .http()
        .get('/v1/privacy/retention-report')
        .set({ authorization: `Bearer ${await r.token([role])}` });
      expect(refused.status).toBe(403);
    }
  });
});
