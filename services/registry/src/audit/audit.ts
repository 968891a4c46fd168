import { currentCorrelationId } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { AuditEntry, type AuditedEntity } from './audit-entry.entity.js';

export type { AuditedEntity };

/** Records who changed what and when, in the transaction of the change. Values are not copied: ids and field names only. */
export async function recordAudit(
  tx: EntityManager,
  entry: { entityType: AuditedEntity; entityId: string; action: string; actorId: string | null; changedFields?: string[] },
): Promise<void> {
  await tx.getRepository(AuditEntry).insert({
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    actorId: entry.actorId,
    changedFields: entry.changedFields ?? [],
    correlationId: currentCorrelationId(),
  });
}
