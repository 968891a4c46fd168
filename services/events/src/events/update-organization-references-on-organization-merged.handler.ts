import { OrganizationMergedV1, type EventEnvelope } from '@collabo/contracts';
import { Clock, ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import type { OrganizationRef } from './exchange-event.entity.js';
import { followOrganizationMerge } from './organization-merge.js';

/**
 * The registry merged two organisation records (`mergedId` is now an alias of `survivorId`): every
 * reference this service holds to the merged one follows to the survivor, so organiser filters, seating
 * (no two from one organisation at a table) and report counts treat them as one organisation.
 *
 * - events: organiser and co-organisers (the survivor listed once; the event's version goes up);
 * - registrations (all of them, past ones too): the registrant's organisation (version goes up);
 * - proposals recorded as coming out of an event: the proposing organisation.
 *
 * The message carries no name. A moved reference takes the survivor's name when this service already
 * knows it (an event or a registry person's registration that names the survivor), else keeps the name
 * it had. Stored seating plans are snapshots and are left alone. Duplicates are dropped by the inbox.
 */
@ConsumesEvent(OrganizationMergedV1, { durable: 'events-update-organization-references-on-organization-merged' })
export class UpdateOrganizationReferencesOnOrganizationMerged implements EventHandler<typeof OrganizationMergedV1> {
  constructor(private readonly clock: Clock) {}

  async handle(event: EventEnvelope<OrganizationMergedV1.Data>, tx: EntityManager): Promise<void> {
    const { survivorId, mergedId } = event.data;
    if (survivorId === mergedId) return;
    const now = this.clock.now();
    const [known]: { name: string }[] = await tx.query(
      `SELECT name FROM (
         SELECT organizer_name AS name, 1 AS source, updated_at AS at FROM events WHERE organizer_id = $1
         UNION ALL
         SELECT c->>'name', 1, e.updated_at FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.co_organizers) c
         WHERE c->>'id' = $1::text
         UNION ALL
         SELECT organization_name, 2, updated_at FROM registrations
         WHERE organization_id = $1 AND person_id IS NOT NULL AND organization_name IS NOT NULL
       ) k
       ORDER BY source, at DESC
       LIMIT 1`,
      [survivorId],
    );
    const survivorName = known?.name ?? null;

    const events: { id: string; organizer_id: string; organizer_name: string; co_organizers: OrganizationRef[] }[] = await tx.query(
      `SELECT id, organizer_id, organizer_name, co_organizers FROM events
       WHERE organizer_id = $1 OR co_organizers @> jsonb_build_array(jsonb_build_object('id', $1::text))
       ORDER BY id
       FOR UPDATE`,
      [mergedId],
    );
    for (const e of events) {
      const next = followOrganizationMerge(
        { organizer: { id: e.organizer_id, name: e.organizer_name }, coOrganizers: e.co_organizers },
        survivorId,
        mergedId,
        survivorName,
      );
      if (!next) continue;
      await tx.query(
        `UPDATE events SET organizer_id = $2, organizer_name = $3, co_organizers = $4::jsonb, version = version + 1, updated_at = $5
         WHERE id = $1`,
        [e.id, next.organizer.id, next.organizer.name, JSON.stringify(next.coOrganizers), now],
      );
    }
    await tx.query(
      `UPDATE registrations SET organization_id = $1, organization_name = coalesce($3, organization_name),
         version = version + 1, updated_at = $4
       WHERE organization_id = $2`,
      [survivorId, mergedId, survivorName, now],
    );
    await tx.query(`UPDATE event_proposals SET proposing_organization_id = $1 WHERE proposing_organization_id = $2`, [
      survivorId,
      mergedId,
    ]);
  }
}
