import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganizationArchivedV1 } from '@collabo/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  ConsumerJanitor,
  NatsNaming,
  Outbox,
  OutboxRelay,
  createServiceDataSource,
  ensureStream,
  migrate,
  runWithContext,
} from '../src/index.js';
import {
  countEvents,
  createTestDatabase,
  deleteTestStreams,
  readEvents,
  testNatsConnection,
  testPrefix,
  type TestDatabase,
} from '../src/testing/index.js';

const silent = pino({ level: 'silent' });

describe('outbox and relay', () => {
  let db: TestDatabase;
  let ds: DataSource;
  let nc: NatsConnection;
  const prefix = testPrefix();
  const naming = new NatsNaming(prefix);
  const outbox = new Outbox('registry');

  beforeAll(async () => {
    db = await createTestDatabase('kit');
    ds = createServiceDataSource({ url: db.url, entities: [], migrations: [] });
    await ds.initialize();
    await migrate(ds);
    nc = await testNatsConnection();
    await ensureStream(await jetstreamManager(nc), naming, 'registry');
  });

  afterAll(async () => {
    await ds?.destroy();
    await deleteTestStreams(nc, prefix);
    await nc?.close();
    await db?.drop();
  });

  const relay = (lockKey: string, afterPublish?: (ids: string[]) => Promise<void>) =>
    new OutboxRelay(ds, jetstream(nc), naming, db.url, lockKey, silent, undefined, { pollIntervalMs: 50, afterPublish });

  async function addEvents(n: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const envelope = await ds.transaction((tx) =>
        runWithContext({ correlationId: `corr-${i}` }, () =>
          outbox.add(tx, OrganizationArchivedV1, { aggregateId: `agg-${i}`, data: { organizationId: uuidv7() } }),
        ),
      );
      ids.push(envelope.id);
    }
    return ids;
  }

  async function pending(): Promise<number> {
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    return n;
  }

  it('refuses to write outside a transaction', async () => {
    await expect(
      ds.manager.transaction(async () =>
        outbox.add(ds.manager, OrganizationArchivedV1, { aggregateId: 'x', data: { organizationId: uuidv7() } }),
      ),
    ).rejects.toThrow(/inside a transaction/);
  });

  it('refuses an event that breaks its own contract', async () => {
    await expect(
      ds.transaction((tx) => outbox.add(tx, OrganizationArchivedV1, { aggregateId: 'x', data: { organizationId: 'not-a-uuid' } })),
    ).rejects.toThrow(/breaks its contract \(organizationId/);
    expect(await pending()).toBe(0);
  });

  it('publishes every row exactly once although the relay died between publish and mark', async () => {
    const ids = await addEvents(5);
    const crashing = relay('kit-crash', async () => {
      throw new Error('relay killed after publish, before mark');
    });
    await expect(crashing.drain()).rejects.toThrow(/killed/);
    expect(await pending()).toBe(5);
    expect(await countEvents(nc, prefix, OrganizationArchivedV1.subject)).toBe(5);

    const restarted = relay('kit-crash');
    expect(await restarted.drain()).toBe(5);
    expect(await pending()).toBe(0);

    // The stream still holds each event once: the second publication was dropped by its Nats-Msg-Id.
    expect(await countEvents(nc, prefix, OrganizationArchivedV1.subject)).toBe(5);
    const { envelopes, messages } = await readEvents(nc, prefix, OrganizationArchivedV1.subject, 5);
    expect(envelopes.map((e) => e.id).sort()).toEqual([...ids].sort());
    expect(messages.map((m) => m.headers?.get('Nats-Msg-Id')).sort()).toEqual([...ids].sort());
    expect(envelopes.map((e) => e.correlationId).sort()).toEqual(['corr-0', 'corr-1', 'corr-2', 'corr-3', 'corr-4']);
  });

  it('elects one leader among several relays and still publishes everything once', async () => {
    const before = await countEvents(nc, prefix, OrganizationArchivedV1.subject);
    const relays = [relay('kit-leader'), relay('kit-leader'), relay('kit-leader')];
    relays.forEach((r) => r.start());
    const ids = await addEvents(30);
    await waitUntil(async () => (await pending()) === 0);
    expect(relays.filter((r) => r.isLeader)).toHaveLength(1);
    await Promise.all(relays.map((r) => r.stop()));
    expect(await countEvents(nc, prefix, OrganizationArchivedV1.subject)).toBe(before + ids.length);
    // With the leader gone, another relay takes over.
    const [survivor] = [relay('kit-leader')];
    survivor!.start();
    await addEvents(3);
    await waitUntil(async () => (await pending()) === 0);
    expect(survivor!.isLeader).toBe(true);
    await survivor!.stop();
  });

  it("the relay cleans up its own published outbox rows only; the consumer side's inbox and dead letters are the janitor's", async () => {
    await ds.query(`INSERT INTO inbox (consumer, message_id, subject, processed_at) VALUES
      ('c', '01a22222-0000-7000-8000-000000000001', 's', now() - interval '40 days'),
      ('c', '01a22222-0000-7000-8000-000000000002', 's', now() - interval '1 day')`);
    await ds.query(`INSERT INTO dead_letters (id, consumer, subject, payload, error, attempts, resolved_at) VALUES
      ('01a22222-0000-7000-8000-000000000003', 'c', 's', '{}', 'e', 1, now() - interval '100 days'),
      ('01a22222-0000-7000-8000-000000000004', 'c', 's', '{}', 'e', 1, NULL),
      ('01a22222-0000-7000-8000-000000000005', 'c', 's', '{}', 'e', 1, now() - interval '1 day')`);
    await ds.query(`UPDATE outbox SET published_at = now() - interval '8 days' WHERE published_at IS NOT NULL`);
    const published = (await ds.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NOT NULL'))[0].n;
    expect(published).toBeGreaterThan(0);
    const inboxIds = async () =>
      (await ds.query('SELECT message_id FROM inbox ORDER BY message_id')).map((r: { message_id: string }) => r.message_id);
    const deadLetterIds = async () => (await ds.query('SELECT id FROM dead_letters ORDER BY id')).map((r: { id: string }) => r.id);

    await relay('kit-cleanup').cleanup(true);
    expect((await ds.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NOT NULL'))[0].n).toBe(0);
    // The producer side leaves the consumer side's rows alone.
    expect(await inboxIds()).toEqual(['01a22222-0000-7000-8000-000000000001', '01a22222-0000-7000-8000-000000000002']);
    expect(await deadLetterIds()).toHaveLength(3);

    // The janitor (same retention as before: 35 days of inbox, 90 days after a dead letter was resolved).
    const pass = await new ConsumerJanitor(ds, 'kit-cleanup-janitor', silent).run();
    expect(pass).toEqual({ ran: true, inboxDeleted: 1, deadLettersDeleted: 1, deadLettersRedacted: 0 });
    expect(await inboxIds()).toEqual(['01a22222-0000-7000-8000-000000000002']);
    expect(await deadLetterIds()).toEqual(['01a22222-0000-7000-8000-000000000004', '01a22222-0000-7000-8000-000000000005']);
  });

  it('the janitor runs one pass at a time across replicas: a replica that finds the pass taken skips it', async () => {
    const holder = ds.createQueryRunner();
    await holder.connect();
    try {
      await holder.startTransaction();
      await holder.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['kit-janitor-lock']);
      await expect(new ConsumerJanitor(ds, 'kit-janitor-lock', silent).run()).resolves.toMatchObject({ ran: false });
      await holder.commitTransaction();
      await expect(new ConsumerJanitor(ds, 'kit-janitor-lock', silent).run()).resolves.toMatchObject({ ran: true });
    } finally {
      await holder.release();
    }
  });

  it('the janitor runs at start and then on its schedule until stopped', async () => {
    await ds.query(`INSERT INTO inbox (consumer, message_id, subject, processed_at) VALUES
      ('c', '01a22222-0000-7000-8000-000000000011', 's', now() - interval '40 days')`);
    const janitor = new ConsumerJanitor(ds, 'kit-janitor-schedule', silent, { intervalMs: 20 });
    const passes: boolean[] = [];
    const run = janitor.run.bind(janitor);
    janitor.run = async () => {
      const pass = await run();
      passes.push(pass.ran);
      return pass;
    };
    janitor.start();
    await waitUntil(async () => passes.length >= 3);
    await janitor.stop();
    expect(passes.slice(0, 3)).toEqual([true, true, true]);
    expect((await ds.query(`SELECT count(*)::int AS n FROM inbox WHERE message_id = '01a22222-0000-7000-8000-000000000011'`))[0].n).toBe(0);
  });

  it('keeps rows whose publication failed, records the reason, and publishes them once the stream is there', async () => {
    const lonely = new NatsNaming(testPrefix());
    const relayWithoutStream = new OutboxRelay(ds, jetstream(nc), lonely, db.url, 'kit-nostream', silent, undefined, {
      publishTimeoutMs: 500,
    });
    await addEvents(2);
    await expect(relayWithoutStream.drain()).rejects.toThrow(/not acknowledged/);
    const rows = await ds.query('SELECT attempts, last_error FROM outbox WHERE published_at IS NULL');
    expect(rows).toHaveLength(2);
    expect(rows.every((r: { attempts: number; last_error: string }) => r.attempts === 1 && r.last_error.length > 0)).toBe(true);
    await ensureStream(await jetstreamManager(nc), lonely, 'registry');
    expect(await relayWithoutStream.drain()).toBe(2);
    expect(await pending()).toBe(0);
    await deleteTestStreams(nc, lonely.prefix);
  });
});

/** Polls a condition the code under test makes true (no fixed sleeps). */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
