import { randomBytes } from 'node:crypto';
import { DeliverPolicy, jetstream, jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { EventEnvelope, ServiceName, Subject } from '@collabo/contracts';
import { NatsNaming } from '../nats/naming.js';

export const TEST_NATS_URL = process.env['TEST_NATS_URL'] ?? 'nats://127.0.0.1:4222';

/** A subject prefix of its own for one test suite, so suites and runs never see each other's messages. */
export function testPrefix(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

export async function testNatsConnection(): Promise<NatsConnection> {
  return connect({ servers: TEST_NATS_URL, name: 'collabo-test' });
}

/** Deletes the streams a suite created under its prefix. */
export async function deleteTestStreams(nc: NatsConnection, prefix: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const naming = new NatsNaming(prefix);
  for (const service of ['registry', 'proposals', 'events', 'notifications'] as ServiceName[]) {
    await jsm.streams.delete(naming.stream(service)).catch(() => undefined);
  }
}

/**
 * Reads the events stored on a subject (from the start of the stream), waiting until `count` have
 * arrived. Resolves with the envelopes; rejects after `timeoutMs` saying how many it saw.
 */
export async function readEvents<T = unknown>(
  nc: NatsConnection,
  prefix: string,
  subject: Subject,
  count: number,
  timeoutMs = 10_000,
): Promise<{ envelopes: EventEnvelope<T>[]; messages: JsMsg[] }> {
  const naming = new NatsNaming(prefix);
  const service = subject.slice(0, subject.indexOf('.')) as ServiceName;
  const js = jetstream(nc);
  const deadline = Date.now() + timeoutMs;
  const envelopes: EventEnvelope<T>[] = [];
  const messages: JsMsg[] = [];
  let consumer;
  for (;;) {
    try {
      consumer = await js.consumers.get(naming.stream(service), {
        filter_subjects: naming.subject(subject),
        deliver_policy: DeliverPolicy.All,
      });
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  while (envelopes.length < count) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`expected ${count} event(s) on ${subject}, saw ${envelopes.length}`);
    const msg = await consumer.next({ expires: Math.max(1000, Math.min(left, 5000)) });
    if (!msg) continue;
    messages.push(msg);
    envelopes.push(msg.json<EventEnvelope<T>>());
  }
  return { envelopes, messages };
}

/** Counts what a stream holds on one subject right now (to prove that nothing more arrived). */
export async function countEvents(nc: NatsConnection, prefix: string, subject: Subject): Promise<number> {
  const naming = new NatsNaming(prefix);
  const service = subject.slice(0, subject.indexOf('.')) as ServiceName;
  const jsm = await jetstreamManager(nc);
  try {
    const info = await jsm.streams.info(naming.stream(service), { subjects_filter: naming.subject(subject) });
    return Object.values(info.state.subjects ?? {}).reduce((a, b) => a + b, 0);
  } catch {
    return 0;
  }
}
