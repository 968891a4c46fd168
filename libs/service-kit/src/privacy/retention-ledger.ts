import { fiscalYearOfInstant } from '@collabo/calendar';
import type { EntityManager } from 'typeorm';
import type { RetentionAction } from './retention-policy.js';

/**
 * Counts what the retention job removed, per fiscal year (of the removal, Asia/Tokyo, from 1 April), kind and
 * action. Written in the transaction of the batch that removed the rows, so the report is exact across restarts.
 */
export async function recordRemoval(tx: EntityManager, at: Date, kind: string, action: RetentionAction, count: number): Promise<void> {
  if (count <= 0) return;
  await tx.query(
    `INSERT INTO privacy_retention_log (fiscal_year, kind, action, count, last_run_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (fiscal_year, kind, action)
     DO UPDATE SET count = privacy_retention_log.count + EXCLUDED.count, last_run_at = EXCLUDED.last_run_at`,
    [fiscalYearOfInstant(at), kind, action, count, at],
  );
}

export interface RetentionLogRow {
  fiscalYear: number;
  kind: string;
  action: RetentionAction;
  count: number;
  lastRunAt: string;
}

export async function readRetentionLog(manager: EntityManager): Promise<RetentionLogRow[]> {
  const rows: { fiscal_year: number; kind: string; action: RetentionAction; count: string; last_run_at: Date }[] = await manager.query(
    `SELECT fiscal_year, kind, action, count, last_run_at FROM privacy_retention_log ORDER BY fiscal_year DESC, kind, action`,
  );
  return rows.map((r) => ({
    fiscalYear: r.fiscal_year,
    kind: r.kind,
    action: r.action,
    count: Number(r.count),
    lastRunAt: r.last_run_at.toISOString(),
  }));
}
