// Benchmark 3: the outbox relay against raw JetStream publishing of the same messages, and the outbox
// lag under a steady write load. Both publish the same envelopes with Nats-Msg-Id to the same kind of stream.
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { OrganizationArchivedV1, parseSubject } from '@collabo/contracts';
import { NatsNaming, Outbox, OutboxRelay, createServiceDataSource, ensureStream, migrate } from '@collabo/service-kit';
import { pino } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { NATS_URL, benchPrefix, freshDatabase, percentile, row } from './lib.mjs';

export const name = 'outbox';

export async function run({ smoke }) {
  const count = smoke ? 500 : 20_000;
  const window = 256; // the relay's batch size: both sides keep this many publications in flight
  const db = await freshDatabase('outbox');
  const ds = createServiceDataSource({ url: db.url, entities: [], migrations: [], poolSize: 10 });
  await ds.initialize();
  await migrate(ds);
  const nc = await connect({ servers: NATS_URL, name: 'bench-outbox' });
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const rows = [];
  const prefixes = [];
  try {
    const { type, version } = parseSubject(OrganizationArchivedV1.subject);
    const envelope = () => {
      const id = uuidv7();
      return {
        id,
        type,
        version,
        occurredAt: new Date().toISOString(),
        source: 'registry',
        aggregateId: id,
        correlationId: id,
        causationId: null,
        data: { organizationId: id },
      };
    };

    // Baseline: raw JetStream publishing, `window` in flight, each with its Nats-Msg-Id.
    const rawNaming = new NatsNaming(benchPrefix());
    prefixes.push(rawNaming);
    await ensureStream(jsm, rawNaming, 'registry');
    const rawMessages = Array.from({ length: count }, envelope);
    const subject = rawNaming.subject(OrganizationArchivedV1.subject);
    let t = process.hrtime.bigint();
    for (let i = 0; i < rawMessages.length; i += window) {
      await Promise.all(rawMessages.slice(i, i + window).map((m) => js.publish(subject, JSON.stringify(m), { msgID: m.id })));
    }
    const rawSeconds = Number(process.hrtime.bigint() - t) / 1e9;

    // The relay: the same number of rows committed to the outbox first (not timed), then drained.
    const relayNaming = new NatsNaming(benchPrefix());
    prefixes.push(relayNaming);
    await ensureStream(jsm, relayNaming, 'registry');
    for (let i = 0; i < count; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - i) }, envelope);
      await ds.query(
        `INSERT INTO outbox (id, subject, aggregate_id, envelope) SELECT (e->>'id')::uuid, $2, e->>'aggregateId', e FROM jsonb_array_elements($1::jsonb) e`,
        [JSON.stringify(batch), OrganizationArchivedV1.subject],
      );
    }
    // As autovacuum keeps a live table analysed: without statistics, the planner takes the freshly loaded
    // outbox for a few rows and answers every batch's query by fetching and sorting all pending rows.
    await ds.query('ANALYZE outbox');
    const relay = new OutboxRelay(ds, js, relayNaming, db.url, `bench-${relayNaming.prefix}`, pino({ level: 'silent' }), undefined, {
      batchSize: window,
    });
    t = process.hrtime.bigint();
    const published = await relay.drain();
    const relaySeconds = Number(process.hrtime.bigint() - t) / 1e9;
    if (published !== count) throw new Error(`relay published ${published} of ${count}`);
    rows.push(
      row(
        `outbox relay -> JetStream (${count} events)`,
        count / relaySeconds,
        'events/s',
        count / rawSeconds,
        '>= 0.5 x raw JetStream publish',
      ),
    );

    // Lag under a steady write load: writers commit events through Outbox.add while the relay runs.
    const rate = smoke ? 100 : 500;
    const seconds = smoke ? 2 : 20;
    await ds.query('DELETE FROM outbox');
    const outbox = new Outbox('registry');
    const steady = new OutboxRelay(
      ds,
      js,
      relayNaming,
      db.url,
      `bench-steady-${relayNaming.prefix}`,
      pino({ level: 'silent' }),
      undefined,
      { batchSize: window, pollIntervalMs: 1000 },
    );
    steady.start();
    const started = Date.now();
    let written = 0;
    const writers = [];
    while (Date.now() - started < seconds * 1000) {
      const due = Math.floor(((Date.now() - started) / 1000) * rate);
      while (written < due) {
        written++;
        writers.push(
          ds.transaction((tx) => outbox.add(tx, OrganizationArchivedV1, { aggregateId: 'steady', data: { organizationId: uuidv7() } })),
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(writers);
    const deadline = Date.now() + 30_000;
    while ((await ds.query('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL'))[0].n > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await steady.stop();
    const lags = (
      await ds.query(
        `SELECT extract(epoch FROM published_at - created_at) * 1000 AS ms FROM outbox WHERE published_at IS NOT NULL ORDER BY 1`,
      )
    ).map((r) => Number(r.ms));
    rows.push(row(`outbox lag p50 at ${rate} events/s`, percentile(lags, 50), 'ms', null, null, `${lags.length} events over ${seconds} s`));
    rows.push(row(`outbox lag p99 at ${rate} events/s`, percentile(lags, 99), 'ms', null, null));
    rows.push(row(`outbox lag max at ${rate} events/s`, lags[lags.length - 1] ?? NaN, 'ms', null, null));
  } finally {
    for (const naming of prefixes) await jsm.streams.delete(naming.stream('registry')).catch(() => undefined);
    await nc.close();
    await ds.destroy();
    await db.drop();
  }
  return rows;
}
