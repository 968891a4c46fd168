/**
 * The kit's spans across the bus, in one process with an in-memory exporter: the outbox row keeps the trace
 * context of the transaction that wrote it, the relay's publish continues it and puts `traceparent` into the
 * JetStream message, a consumer continues the message's trace, and an RPC's server span is the child of the
 * caller's client span.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetOrganizationV1, OrganizationArchivedV1 } from '@collabo/contracts';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import pino from 'pino';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { createServiceDataSource, ensureStream, inSpan, migrate, NatsNaming, Outbox, OutboxRelay, RpcClient } from '../src/index.js';
import { readEvents, TEST_NATS_URL, type TestService } from '../src/testing/index.js';
import { kitTestBed, registryEnvelope } from './fixtures/test-bed.js';

const exporter = new InMemorySpanExporter();
/** Resolves the waiters of `endedSpan` when a span matching theirs ends (a consumer's span ends just after its notice). */
const waiters = new Set<{ match: (s: ReadableSpan) => boolean; resolve: (s: ReadableSpan) => void }>();
const provider = new NodeTracerProvider({
  spanProcessors: [
    new SimpleSpanProcessor(exporter),
    {
      onStart: () => undefined,
      onEnd: (span) => {
        for (const w of waiters) {
          if (!w.match(span)) continue;
          waiters.delete(w);
          w.resolve(span);
        }
      },
      forceFlush: async () => undefined,
      shutdown: async () => undefined,
    },
  ],
});
const spanNamed = (name: string): ReadableSpan[] => exporter.getFinishedSpans().filter((s) => s.name === name);
function endedSpan(match: (s: ReadableSpan) => boolean): Promise<ReadableSpan> {
  const done = exporter.getFinishedSpans().find(match);
  return done ? Promise.resolve(done) : new Promise((resolve) => waiters.add({ match, resolve }));
}

describe('traces across the bus', () => {
  const bed = kitTestBed();
  let svc: TestService;

  beforeAll(async () => {
    provider.register();
    svc = await bed.start();
  });

  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
  });

  describe('outbox row and relay', () => {
    let ds: DataSource;
    let url: string;
    const prefix = bed.newPrefix();
    const naming = new NatsNaming(prefix);

    beforeAll(async () => {
      // A database of its own: the service's relay publishes whatever is in the bed's database.
      url = (await bed.database()).url;
      ds = createServiceDataSource({ url, entities: [], migrations: [] });
      await ds.initialize();
      await migrate(ds);
      await ensureStream(await jetstreamManager(bed.nc), naming, 'registry');
    });
    afterAll(async () => ds?.destroy());

    it('stores the writing transaction’s trace context in the row and publishes with its traceparent', async () => {
      const outbox = new Outbox('registry');
      const { envelope, work } = await inSpan('request', { kind: SpanKind.SERVER }, async (span) => ({
        envelope: await ds.transaction((tx) =>
          outbox.add(tx, OrganizationArchivedV1, { aggregateId: 'traced', data: { organizationId: uuidv7() } }),
        ),
        work: span.spanContext(),
      }));
      const [create] = spanNamed(`create ${OrganizationArchivedV1.subject}`);
      expect(create!.parentSpanContext?.spanId).toBe(work.spanId);
      expect(create!.spanContext().traceId).toBe(work.traceId);

      const [row] = await ds.query('SELECT trace_context FROM outbox WHERE id = $1', [envelope.id]);
      expect(row.trace_context).toEqual({ traceparent: `00-${work.traceId}-${create!.spanContext().spanId}-01` });

      const relay = new OutboxRelay(ds, jetstream(bed.nc), naming, url, `trace-${prefix}`, pino({ level: 'silent' }));
      expect(await relay.drain()).toBeGreaterThanOrEqual(1);
      const publish = spanNamed(`publish ${OrganizationArchivedV1.subject}`).find(
        (s) => s.attributes['messaging.message.id'] === envelope.id,
      )!;
      expect(publish.kind).toBe(SpanKind.PRODUCER);
      expect(publish.parentSpanContext?.spanId).toBe(create!.spanContext().spanId);
      expect(publish.spanContext().traceId).toBe(work.traceId);

      const { messages } = await readEvents(bed.nc, prefix, OrganizationArchivedV1.subject, 1);
      const message = messages.find((m) => m.headers?.get('Nats-Msg-Id') === envelope.id)!;
      expect(message.headers?.get('traceparent')).toBe(`00-${work.traceId}-${publish.spanContext().spanId}-01`);
    });

    it('publishes a row written without tracing (trace_context NULL) as before, without a parent', async () => {
      const id = uuidv7();
      await ds.query(`INSERT INTO outbox (id, subject, aggregate_id, envelope) VALUES ($1, $2, 'untraced', $3)`, [
        id,
        OrganizationArchivedV1.subject,
        JSON.stringify(registryEnvelope(OrganizationArchivedV1, 'untraced', { organizationId: uuidv7() }, id)),
      ]);
      const relay = new OutboxRelay(ds, jetstream(bed.nc), naming, url, `trace-${prefix}`, pino({ level: 'silent' }));
      await relay.drain();
      const publish = spanNamed(`publish ${OrganizationArchivedV1.subject}`).find((s) => s.attributes['messaging.message.id'] === id)!;
      expect(publish.parentSpanContext).toBeUndefined();
    });
  });

  it('continues the message’s trace in the consumer (traceparent from the JetStream headers)', async () => {
    const traceId = 'c'.repeat(32);
    const senderSpanId = 'd'.repeat(16);
    const id = uuidv7();
    const h = natsHeaders();
    h.set('traceparent', `00-${traceId}-${senderSpanId}-01`);
    await jetstream(bed.nc).publish(
      bed.naming.subject(OrganizationArchivedV1.subject),
      JSON.stringify(registryEnvelope(OrganizationArchivedV1, uuidv7(), { organizationId: uuidv7() }, id)),
      { msgID: id, headers: h },
    );
    const consumed = await endedSpan(
      (s) => s.name === `process ${OrganizationArchivedV1.subject}` && s.attributes['messaging.message.id'] === id,
    );
    expect(consumed.kind).toBe(SpanKind.CONSUMER);
    expect(consumed.spanContext().traceId).toBe(traceId);
    expect(consumed.parentSpanContext?.spanId).toBe(senderSpanId);
    expect(consumed.attributes['messaging.consumer.group.name']).toBe('registry-log-on-note-archived');
  });

  it('makes the RPC server span the child of the client span (traceparent in the request headers)', async () => {
    const admin = await bed.auth.token({ roles: ['admin'] });
    const created = await request(svc.http).post('/v1/notes').set('authorization', `Bearer ${admin}`).send({ text: 'traced', priority: 1 });
    const client = new RpcClient({ url: TEST_NATS_URL, service: 'kit-test', naming: bed.naming, timeoutMs: 2000 });
    await client.connect();
    try {
      await inSpan('caller', {}, () => client.request(GetOrganizationV1, { organizationId: created.body.id }));
    } finally {
      await client.close();
    }
    const [caller] = spanNamed('caller');
    const spans = spanNamed(`rpc ${GetOrganizationV1.subject}`).filter((s) => s.spanContext().traceId === caller!.spanContext().traceId);
    const clientSpan = spans.find((s) => s.kind === SpanKind.CLIENT)!;
    const serverSpan = spans.find((s) => s.kind === SpanKind.SERVER)!;
    expect(clientSpan.parentSpanContext?.spanId).toBe(caller!.spanContext().spanId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
  });
});
