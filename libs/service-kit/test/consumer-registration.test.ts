import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventEnvelope, OrganizationArchivedV1, OrganizationMergedV1, parseSubject, type EventContract } from '@collabo/contracts';
import { Injectable, Module } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ConsumesEvent, NatsNaming, defineConsumer, type ConsumerContext, type EventHandler } from '../src/index.js';
import {
  createTestDatabase,
  deleteTestStreams,
  startTestService,
  testNatsConnection,
  testPrefix,
  type TestDatabase,
  type TestService,
} from '../src/testing/index.js';
import { sampleService } from './fixtures/sample-service.js';

const DURABLE = 'registry-log-on-note-archived';

/** The sample's LogOnNoteArchived after a rename: another class name, the same durable written in code. */
@ConsumesEvent(OrganizationArchivedV1, { durable: DURABLE, options: { maxAttempts: 3, backoffMs: [50], ackWaitMs: 1000 } })
class WriteArchiveLogWhenNoteArchived implements EventHandler<typeof OrganizationArchivedV1> {
  async handle(event: EventEnvelope<OrganizationArchivedV1.Data>, tx: EntityManager): Promise<void> {
    await tx.query('INSERT INTO archive_log (note_id, event_id, correlation_id) VALUES ($1, $2, $3)', [
      event.data.organizationId,
      event.id,
      'renamed',
    ]);
  }
}

@Module({ providers: [WriteArchiveLogWhenNoteArchived] })
class RenamedHandlerModule {}

/** One handler class serving several consumers declared as data (as a rule table would). */
const seenByTableHandler: { consumer: string; subject: string; eventId: string }[] = [];

@Injectable()
class TableHandler implements EventHandler {
  async handle(event: EventEnvelope<object>, _tx: EntityManager, context: ConsumerContext): Promise<void> {
    seenByTableHandler.push({ consumer: context.consumer, subject: context.contract.subject, eventId: event.id });
  }
}

@Module({ providers: [TableHandler] })
class TableModule {}

const RULE_TABLE: { contract: EventContract; name: string }[] = [
  { contract: OrganizationArchivedV1, name: 'organization-archived' },
  { contract: OrganizationMergedV1, name: 'organization-merged' },
];

function envelope<D extends object>(contract: EventContract, aggregateId: string, data: D): EventEnvelope<D> {
  const { type, version } = parseSubject(contract.subject);
  const id = uuidv7();
  return {
    id,
    type,
    version,
    occurredAt: new Date().toISOString(),
    source: 'registry',
    aggregateId,
    correlationId: `corr-${id}`,
    causationId: null,
    data,
  };
}

describe('durable consumer names are written in code', () => {
  let db: TestDatabase;
  let nc: NatsConnection;
  const prefix = testPrefix();
  const naming = new NatsNaming(prefix);
  const running: TestService[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('kit');
    nc = await testNatsConnection();
  });

  afterAll(async () => {
    await Promise.all(running.map((s) => s.close()));
    await deleteTestStreams(nc, prefix);
    await nc?.close();
    await db?.drop();
  });

  const publish = (contract: EventContract, e: EventEnvelope<object>) =>
    jetstream(nc).publish(naming.subject(contract.subject), JSON.stringify(e), { msgID: e.id });

  async function archiveLog(noteId: string): Promise<number> {
    const [{ n }] = await running[0]!.app.get(DataSource).query('SELECT count(*)::int AS n FROM archive_log WHERE note_id = $1', [noteId]);
    return n;
  }

  it('renaming a handler class keeps its consumer position: the same durable, nothing replayed, nothing applied twice', async () => {
    const before = await startTestService(sampleService, { databaseUrl: db.url, prefix });
    running.push(before);
    const first = envelope(OrganizationArchivedV1, uuidv7(), { organizationId: uuidv7() });
    await publish(OrganizationArchivedV1, first);
    await before.waitForProcessed((n) => n.messageId === first.id && n.outcome === 'applied');
    await before.close();
    running.pop();

    // The next release: the handler class is renamed, its durable is not.
    const after = await startTestService({ ...sampleService, imports: [RenamedHandlerModule] }, { databaseUrl: db.url, prefix });
    running.push(after);
    const second = envelope(OrganizationArchivedV1, uuidv7(), { organizationId: uuidv7() });
    await publish(OrganizationArchivedV1, second);
    const notices = await after.waitForProcessed((n) => n.messageId === second.id && n.outcome === 'applied');
    expect(notices.map((n) => n.consumer)).toEqual([DURABLE]);
    // In stream order, a replay of the first message would have come before the second one: none came.
    const all = await after.waitForProcessed(() => true);
    expect(all.map((n) => n.messageId)).toEqual([second.id]);
    expect(await archiveLog(first.data.organizationId)).toBe(1);
    expect(await archiveLog(second.data.organizationId)).toBe(1);
    const durables: string[] = [];
    for await (const info of (await jetstreamManager(nc)).consumers.list(naming.stream('registry'))) durables.push(info.name);
    expect(durables).toEqual([DURABLE]);
    await after.close();
    running.pop();
  });

  it('runs consumers declared as data (eventConsumers) under their written names, telling the one handler which consumer calls', async () => {
    const svc = await startTestService(
      {
        ...sampleService,
        imports: [TableModule],
        eventConsumers: RULE_TABLE.map((rule) => defineConsumer(rule.contract, `registry-table-on-${rule.name}`, TableHandler)),
      },
      { databaseUrl: db.url, prefix },
    );
    running.push(svc);
    const archived = envelope(OrganizationArchivedV1, uuidv7(), { organizationId: uuidv7() });
    const merged = envelope(OrganizationMergedV1, uuidv7(), {
      survivorId: uuidv7(),
      mergedId: uuidv7(),
      movedAffiliations: 0,
      movedMemberships: 0,
    });
    await publish(OrganizationArchivedV1, archived);
    await publish(OrganizationMergedV1, merged);
    await svc.waitForProcessed((n) => (n.messageId === archived.id || n.messageId === merged.id) && n.outcome === 'applied', 2);
    expect(seenByTableHandler.filter((s) => s.eventId === archived.id || s.eventId === merged.id)).toEqual(
      expect.arrayContaining([
        { consumer: 'registry-table-on-organization-archived', subject: OrganizationArchivedV1.subject, eventId: archived.id },
        { consumer: 'registry-table-on-organization-merged', subject: OrganizationMergedV1.subject, eventId: merged.id },
      ]),
    );
    const inbox: { consumer: string }[] = await svc.app
      .get(DataSource)
      .query('SELECT consumer FROM inbox WHERE message_id = ANY($1::uuid[]) ORDER BY consumer', [[archived.id, merged.id]]);
    expect(inbox.map((r) => r.consumer)).toEqual(['registry-table-on-organization-archived', 'registry-table-on-organization-merged']);
    await svc.close();
    running.pop();
  });
});
