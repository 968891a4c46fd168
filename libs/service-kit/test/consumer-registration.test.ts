import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { OrganizationArchivedV1, OrganizationMergedV1, type EventContract, type EventEnvelope } from '@collabo/contracts';
import { Injectable, Module } from '@nestjs/common';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { ConsumesEvent, defineConsumer, type ConsumerContext, type EventHandler } from '../src/index.js';
import type { TestService } from '../src/testing/index.js';
import { sampleService } from './fixtures/sample-service.js';
import { kitTestBed, registryEnvelope } from './fixtures/test-bed.js';

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

describe('durable consumer names are written in code', () => {
  const bed = kitTestBed();
  const { naming } = bed;

  const publish = (contract: EventContract, e: EventEnvelope<object>) =>
    jetstream(bed.nc).publish(naming.subject(contract.subject), JSON.stringify(e), { msgID: e.id });

  async function archiveLog(svc: TestService, noteId: string): Promise<number> {
    const [{ n }] = await svc.app.get(DataSource).query('SELECT count(*)::int AS n FROM archive_log WHERE note_id = $1', [noteId]);
    return n;
  }

  it('renaming a handler class keeps its consumer position: the same durable, nothing replayed, nothing applied twice', async () => {
    const before = await bed.start();
    const first = registryEnvelope(OrganizationArchivedV1, uuidv7(), { organizationId: uuidv7() });
    await publish(OrganizationArchivedV1, first);
    await before.waitForProcessed((n) => n.messageId === first.id && n.outcome === 'applied');
    await before.close();

    // The next release: the handler class is renamed, its durable is not.
    const after = await bed.start({ definition: { ...sampleService, imports: [RenamedHandlerModule] } });
    const second = registryEnvelope(OrganizationArchivedV1, uuidv7(), { organizationId: uuidv7() });
    await publish(OrganizationArchivedV1, second);
    const notices = await after.waitForProcessed((n) => n.messageId === second.id && n.outcome === 'applied');
    expect(notices.map((n) => n.consumer)).toEqual([DURABLE]);
    // In stream order, a replay of the first message would have come before the second one: none came.
    const all = await after.waitForProcessed(() => true);
    expect(all.map((n) => n.messageId)).toEqual([second.id]);
    expect(await archiveLog(after, first.data.organizationId)).toBe(1);
    expect(await archiveLog(after, second.data.organizationId)).toBe(1);
    const durables: string[] = [];
    for await (const info of (await jetstreamManager(bed.nc)).consumers.list(naming.stream('registry'))) durables.push(info.name);
    expect(durables).toEqual([DURABLE]);
    await after.close();
  });

  it('runs consumers declared as data (eventConsumers) under their written names, telling the one handler which consumer calls', async () => {
    const svc = await bed.start({
      definition: {
        ...sampleService,
        imports: [TableModule],
        eventConsumers: RULE_TABLE.map((rule) => defineConsumer(rule.contract, `registry-table-on-${rule.name}`, TableHandler)),
      },
    });
    const archived = registryEnvelope(OrganizationArchivedV1, uuidv7(), { organizationId: uuidv7() });
    const merged = registryEnvelope(OrganizationMergedV1, uuidv7(), {
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
  });
});
