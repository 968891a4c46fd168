import 'reflect-metadata';
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganizationArchivedV1, type EventEnvelope } from '@collabo/contracts';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { JetStreamConsumers, NatsNaming } from '../src/index.js';
import type { TestService } from '../src/testing/index.js';
import { handlerBehaviour, sampleService } from './fixtures/sample-service.js';
import { kitTestBed, registryEnvelope } from './fixtures/test-bed.js';

const CONSUMER = 'registry-log-on-note-archived';

describe('JetStream consumers: inbox, retries, dead letters', () => {
  const bed = kitTestBed();
  const { naming } = bed;
  let nc: NatsConnection;
  let svc: TestService;
  let admin: string;

  beforeAll(async () => {
    nc = bed.nc;
    svc = await bed.start();
    admin = await bed.auth.token({ roles: ['admin'] });
  });

  afterEach(() => {
    Object.assign(handlerBehaviour, { failTimes: 0, alwaysFail: false, calls: 0 });
  });

  const envelopeFor = (noteId: string, id = uuidv7()): EventEnvelope<OrganizationArchivedV1.Data> =>
    registryEnvelope(OrganizationArchivedV1, noteId, { organizationId: noteId }, id);

  async function publish(payload: unknown, msgID = uuidv7()): Promise<void> {
    await jetstream(nc).publish(
      naming.subject(OrganizationArchivedV1.subject),
      typeof payload === 'string' ? payload : JSON.stringify(payload),
      { msgID },
    );
  }

  async function logRows(noteId: string): Promise<number> {
    const [{ n }] = await svc.app.get(DataSource).query('SELECT count(*)::int AS n FROM archive_log WHERE note_id = $1', [noteId]);
    return n;
  }

  it('applies a message once although it arrives twice (a re-publication with another Nats-Msg-Id)', async () => {
    const noteId = uuidv7();
    const envelope = envelopeFor(noteId);
    await publish(envelope);
    await publish(envelope); // the same event id: the inbox knows it
    const notices = await svc.waitForProcessed((n) => n.messageId === envelope.id, 2);
    expect(notices.map((n) => n.outcome).sort()).toEqual(['applied', 'duplicate']);
    expect(await logRows(noteId)).toBe(1);
  });

  it('retries a failing handler with backoff and applies it once when it recovers', async () => {
    handlerBehaviour.failTimes = 2;
    const noteId = uuidv7();
    const envelope = envelopeFor(noteId);
    await publish(envelope);
    const notices = await svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'applied');
    expect(notices).toHaveLength(1);
    expect(handlerBehaviour.calls).toBe(3);
    // The failed attempts rolled back their writes: one row, from the attempt that succeeded.
    expect(await logRows(noteId)).toBe(1);
  });

  it('parks a message that always fails after the configured attempts, and staff can retry it', async () => {
    handlerBehaviour.alwaysFail = true;
    const noteId = uuidv7();
    const envelope = envelopeFor(noteId);
    await publish(envelope);
    await svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'dead_lettered');
    expect(handlerBehaviour.calls).toBe(3); // maxAttempts of the fixture's consumer
    expect(await logRows(noteId)).toBe(0);

    const list = await request(svc.http).get('/v1/dead-letters').query({ consumer: CONSUMER }).set('authorization', `Bearer ${admin}`);
    expect(list.status).toBe(200);
    const parked = list.body.items.find((d: { messageId: string }) => d.messageId === envelope.id);
    expect(parked).toMatchObject({
      consumer: CONSUMER,
      subject: OrganizationArchivedV1.subject,
      attempts: 3,
      error: 'handler always fails',
    });

    const viewer = await bed.auth.token({ roles: ['viewer'] });
    expect((await request(svc.http).get('/v1/dead-letters').set('authorization', `Bearer ${viewer}`)).status).toBe(403);

    handlerBehaviour.alwaysFail = false;
    const retried = await request(svc.http).post(`/v1/dead-letters/${parked.id}/retry`).set('authorization', `Bearer ${admin}`);
    expect(retried.body).toEqual({ outcome: 'applied' });
    expect(await logRows(noteId)).toBe(1);
    const again = await request(svc.http).post(`/v1/dead-letters/${parked.id}/retry`).set('authorization', `Bearer ${admin}`);
    expect(again.body).toEqual({ outcome: 'duplicate' });
    expect(await logRows(noteId)).toBe(1);
    const one = await request(svc.http).get(`/v1/dead-letters/${parked.id}`).set('authorization', `Bearer ${admin}`);
    expect(one.body).toMatchObject({ resolution: 'retried' });
    expect(JSON.parse(one.body.payload).id).toBe(envelope.id);
  });

  it('a dead letter past the payload retention shows its metadata only and cannot be retried (409), only dismissed', async () => {
    const id = uuidv7();
    await svc.app.get(DataSource).query(
      `INSERT INTO dead_letters (id, consumer, subject, message_id, payload, error, attempts, parked_at, redacted_at)
       VALUES ($1::uuid, $2, $3, $1::text, NULL, 'handler always fails', 3, now() - interval '40 days', now())`,
      [id, CONSUMER, OrganizationArchivedV1.subject],
    );
    const one = await request(svc.http).get(`/v1/dead-letters/${id}`).set('authorization', `Bearer ${admin}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, payload: null, error: 'handler always fails', resolvedAt: null });
    expect(one.body.redactedAt).toEqual(expect.any(String));
    const retried = await request(svc.http).post(`/v1/dead-letters/${id}/retry`).set('authorization', `Bearer ${admin}`);
    expect(retried.status).toBe(409);
    expect(retried.body.code).toBe('COMMON.DEAD_LETTER_REDACTED');
    const dismissed = await request(svc.http).post(`/v1/dead-letters/${id}/dismiss`).set('authorization', `Bearer ${admin}`);
    expect(dismissed.body).toMatchObject({ resolution: 'dismissed', payload: null });
  });

  it('parks a poison message at once, and the messages after it still flow', async () => {
    const poisonId = uuidv7();
    await publish('{"this is": not json', poisonId);
    await publish({ ...envelopeFor(uuidv7()), data: { organizationId: 'not-a-uuid' } });
    const good = envelopeFor(uuidv7());
    await publish(good);
    await svc.waitForProcessed((n) => n.messageId === good.id && n.outcome === 'applied');
    const parked = await svc.app
      .get(DataSource)
      .query(`SELECT message_id, error, attempts FROM dead_letters WHERE consumer = $1 AND resolved_at IS NULL ORDER BY parked_at`, [
        CONSUMER,
      ]);
    expect(parked.map((p: { error: string }) => p.error)).toEqual([
      'the message is not JSON',
      expect.stringMatching(/^the message breaks its contract: organizationId/),
    ]);
    expect(parked[0].message_id).toBe(poisonId);
    expect(parked.every((p: { attempts: number }) => p.attempts === 1)).toBe(true);
    // Terminated for good: after more than the ack wait (1 s here) nothing came back to be parked twice.
    await new Promise((r) => setTimeout(r, 2500));
    const again = await svc.app.get(DataSource).query(`SELECT count(*)::int AS n FROM dead_letters WHERE message_id = $1`, [poisonId]);
    expect(again[0].n).toBe(1);
  });

  it('gives a message that was applied but never acked (the process died) to the next consumer, which applies it once', async () => {
    const second = await bed.start();
    // The second replica stops pulling for a moment so that the first one receives the message.
    await second.app.get(JetStreamConsumers).stop();
    const first = svc.app.get(JetStreamConsumers);
    let release!: () => void;
    const hanging = new Promise<void>((resolve) => (release = resolve));
    let appliedOnFirst!: () => void;
    const applied = new Promise<void>((resolve) => (appliedOnFirst = resolve));
    first.afterApply = async () => {
      appliedOnFirst();
      await hanging; // committed, not acked
    };
    const noteId = uuidv7();
    const envelope = envelopeFor(noteId);
    await publish(envelope);
    await applied;
    expect(await logRows(noteId)).toBe(1);

    // The first replica "dies": its pull subscription goes away with the ack still owed.
    const firstStopped = first.stop();
    // The second replica comes back; after the ack wait (1 s in the fixture) JetStream redelivers to it.
    await second.app.get(JetStreamConsumers).start();
    const notices = await second.waitForProcessed((n) => n.messageId === envelope.id);
    expect(notices[0]!.outcome).toBe('duplicate');
    expect(await logRows(noteId)).toBe(1);

    first.afterApply = undefined;
    release();
    await firstStopped;
    await second.close();
    await first.start();
  });

  it('exposes consumer outcomes as metrics', async () => {
    const metrics = await request(svc.http).get('/metrics');
    expect(metrics.text).toMatch(new RegExp(`events_consumed_total\\{[^}]*consumer="${CONSUMER}"[^}]*outcome="dead_lettered"`));
    expect(metrics.text).toMatch(new RegExp(`events_consumed_total\\{[^}]*consumer="${CONSUMER}"[^}]*outcome="duplicate"`));
  });

  it('handles several aggregates side by side with concurrency, each in its own order, each once', async () => {
    const db2 = await bed.database();
    const prefix2 = bed.newPrefix();
    const parallel = await bed.start({
      definition: { ...sampleService, consumers: { concurrency: 4 } },
      databaseUrl: db2.url,
      prefix: prefix2,
    });
    try {
      const notes = [
        '01a22222-0000-7000-8000-0000000000a1',
        '01a22222-0000-7000-8000-0000000000a2',
        '01a22222-0000-7000-8000-0000000000a3',
      ];
      const sent: string[] = [];
      for (let round = 0; round < 8; round++) {
        for (const note of notes) {
          const envelope = envelopeFor(note);
          sent.push(envelope.id);
          await jetstream(nc).publish(new NatsNaming(prefix2).subject(OrganizationArchivedV1.subject), JSON.stringify(envelope), {
            msgID: uuidv7(),
          });
        }
      }
      await parallel.waitForProcessed((n) => n.outcome === 'applied', sent.length);
      const rows: { note_id: string; event_id: string }[] = await parallel.app
        .get(DataSource)
        .query('SELECT note_id, event_id FROM archive_log ORDER BY id');
      expect(rows).toHaveLength(sent.length);
      for (const note of notes) {
        const order = rows.filter((r) => r.note_id === note).map((r) => r.event_id);
        expect(order).toEqual(sent.filter((id) => order.includes(id)));
        expect(order).toHaveLength(8);
      }
    } finally {
      await parallel.close();
    }
  });
});
