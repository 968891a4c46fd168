import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import {
  ConsumerJanitor,
  DeadLetterRedaction1796500000000,
  JetStreamConsumers,
  NatsNaming,
  createServiceDataSource,
  kitMigrations,
  migrate,
  DeadLetterRedactedError,
  type ConsumerJanitorOptions,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

const silent = pino({ level: 'silent' });
const DAY = 24 * 60 * 60 * 1000;

/** Dead letters hold whole messages (personal data included): what the consumer janitor's hourly pass keeps of them, on real Postgres. */
describe('dead-letter retention', () => {
  let db: TestDatabase;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('kit');
    ds = createServiceDataSource({ url: db.url, entities: [], migrations: [] });
    await ds.initialize();
    await migrate(ds);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  const cleanup = (options: Partial<ConsumerJanitorOptions> = {}) =>
    new ConsumerJanitor(ds, 'kit-dead-letter-retention', silent, options).run();

  async function park(id: string, parkedDaysAgo: number, resolvedDaysAgo: number | null): Promise<void> {
    await ds.query(
      `INSERT INTO dead_letters (id, consumer, subject, message_id, stream_seq, payload, error, attempts, correlation_id, parked_at, resolved_at, resolution)
       VALUES ($1::uuid, 'notifications-notify-on-account-invited', 'registry.evt.account.invited.v2', $1::text, 7, $2, 'SMTP refused: 550 mailbox unavailable', 5,
               'corr-1', now() - ($3::int * interval '1 day'), CASE WHEN $4::int IS NULL THEN NULL ELSE now() - ($4::int * interval '1 day') END,
               CASE WHEN $4::int IS NULL THEN NULL ELSE 'dismissed' END)`,
      [id, JSON.stringify({ id, data: { email: 'hanako@example.jp', displayName: '山田 花子' } }), parkedDaysAgo, resolvedDaysAgo],
    );
  }

  async function row(id: string): Promise<Record<string, unknown> | undefined> {
    return (await ds.query('SELECT * FROM dead_letters WHERE id = $1', [id]))[0];
  }

  it('the kit registers the dead-letter redaction migration (database/kit-migrations.ts), so every service database gets it', () => {
    expect(kitMigrations as unknown[]).toContain(DeadLetterRedaction1796500000000);
  });

  it('an unresolved dead letter older than the retention keeps its metadata only: payload dropped, error text and ids kept', async () => {
    const old = '01b33333-0000-7000-8000-000000000001';
    const recent = '01b33333-0000-7000-8000-000000000002';
    await park(old, 31, null);
    await park(recent, 29, null);
    await cleanup();

    const redacted = await row(old);
    expect(redacted).toMatchObject({
      payload: null,
      error: 'SMTP refused: 550 mailbox unavailable',
      consumer: 'notifications-notify-on-account-invited',
      subject: 'registry.evt.account.invited.v2',
      message_id: old,
      attempts: 5,
      correlation_id: 'corr-1',
      resolved_at: null,
    });
    expect(redacted!['redacted_at']).toBeInstanceOf(Date);
    expect(JSON.stringify(redacted)).not.toContain('hanako@example.jp');

    // Younger than the retention (30 days by default): untouched.
    const kept = await row(recent);
    expect(kept).toMatchObject({ redacted_at: null });
    expect(JSON.parse(kept!['payload'] as string).data.email).toBe('hanako@example.jp');

    // The next pass leaves the redaction time as it was.
    const first = redacted!['redacted_at'] as Date;
    await cleanup();
    expect(((await row(old))!['redacted_at'] as Date).getTime()).toBe(first.getTime());
  });

  it('resolved dead letters are still deleted after their own period, redacted or not; younger resolved ones are kept whole', async () => {
    const resolvedLongAgo = '01b33333-0000-7000-8000-000000000003';
    const resolvedRecently = '01b33333-0000-7000-8000-000000000004';
    const redactedThenDismissed = '01b33333-0000-7000-8000-000000000005';
    await park(resolvedLongAgo, 120, 91);
    await park(resolvedRecently, 60, 40);
    await park(redactedThenDismissed, 200, null);
    await cleanup();
    expect((await row(redactedThenDismissed))!['payload']).toBeNull();
    await ds.query(`UPDATE dead_letters SET resolved_at = now() - interval '95 days', resolution = 'dismissed' WHERE id = $1`, [
      redactedThenDismissed,
    ]);
    await cleanup();

    expect(await row(resolvedLongAgo)).toBeUndefined();
    expect(await row(redactedThenDismissed)).toBeUndefined();
    // Resolved within the 90 days: kept as it is (resolved ones are not redacted, they go whole after their period).
    expect(await row(resolvedRecently)).toMatchObject({ redacted_at: null, resolution: 'dismissed' });
    expect(JSON.parse((await row(resolvedRecently))!['payload'] as string).data.displayName).toBe('山田 花子');
  });

  it('the payload retention is a janitor option (deadLetterPayloadRetentionMs)', async () => {
    const id = '01b33333-0000-7000-8000-000000000006';
    await park(id, 3, null);
    await cleanup({ deadLetterPayloadRetentionMs: 2 * DAY });
    expect(await row(id)).toMatchObject({ payload: null });
  });

  it('a redacted dead letter cannot be retried (there is nothing left to run)', async () => {
    const id = '01b33333-0000-7000-8000-000000000007';
    await park(id, 45, null);
    await cleanup();
    const consumers = new JetStreamConsumers('notifications', ds, null as never, null as never, new NatsNaming(''), silent);
    await expect(consumers.retryDeadLetter(id)).rejects.toBeInstanceOf(DeadLetterRedactedError);
    expect(await row(id)).toMatchObject({ resolved_at: null, payload: null });
  });

  it('a redacted row cannot get a payload back (database constraint)', async () => {
    const id = '01b33333-0000-7000-8000-000000000008';
    await park(id, 45, null);
    await cleanup();
    await expect(ds.query(`UPDATE dead_letters SET payload = '{}' WHERE id = $1`, [id])).rejects.toThrow(
      /dead_letters_redacted_has_no_payload/,
    );
  });
});
