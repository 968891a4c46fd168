import { OrganizationMergedV1, type EventEnvelope } from '@collabo/contracts';
import { Clock, ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';

/**
 * The registry merged two organisation records: every reference to the merged one now points to the
 * survivor (proposer, study group, participants; a participant listed twice afterwards is kept once,
 * and a proposer that also participated stays only the proposer). Changed proposals get a new version.
 */
@ConsumesEvent(OrganizationMergedV1, { durable: 'proposals-update-references-on-organization-merged' })
export class UpdateReferencesOnOrganizationMerged implements EventHandler<typeof OrganizationMergedV1> {
  constructor(private readonly clock: Clock) {}

  async handle(event: EventEnvelope<OrganizationMergedV1.Data>, tx: EntityManager): Promise<void> {
    const { survivorId, mergedId } = event.data;
    if (survivorId === mergedId) return;
    await tx.query(
      `UPDATE proposals p SET
         proposing_organization_id = CASE WHEN p.proposing_organization_id = $2 THEN $1::uuid ELSE p.proposing_organization_id END,
         study_group_id = CASE WHEN p.study_group_id = $2 THEN $1::uuid ELSE p.study_group_id END,
         participating_organization_ids = ARRAY(
           SELECT DISTINCT x FROM unnest(array_replace(p.participating_organization_ids, $2::uuid, $1::uuid)) AS x
           WHERE x <> CASE WHEN p.proposing_organization_id = $2 THEN $1::uuid ELSE p.proposing_organization_id END
         ),
         version = p.version + 1,
         updated_at = $3
       WHERE p.proposing_organization_id = $2 OR p.study_group_id = $2 OR $2 = ANY(p.participating_organization_ids)`,
      [survivorId, mergedId, this.clock.now()],
    );
  }
}
