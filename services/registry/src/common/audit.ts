import { currentCorrelationId } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';

export type AuditedEntity = 'organization' | 'person' | 'affiliation' | 'membership' | 'tenancy' | 'consortium_membership' | 'account';

/** Records who changed what and when, in the transaction of the change. Values are not copied: ids and field names only. */
export async function recordAudit(
  tx: EntityManager,
  entry: { entityType: AuditedEntity; entityId: string; action: string; actorId: string | null; changedFields?: string[] },
): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (entity_type, entity_id, action, actor_id, changed_fields, correlation_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.entityType, entry.entityId, entry.action, entry.actorId, entry.changedFields ?? [], currentCorrelationId()],
  );
}
