import type { DataSource } from 'typeorm';
import { recordRemoval } from './retention-ledger.js';
import { cutoffOf, type RetentionRule } from './retention-policy.js';

/** Rows per transaction: short transactions, short locks; a run that stops half-way goes on at the next. */
export const RETENTION_BATCH = 500;

/** The statement of one batch of a consumer-side kind (outbox, inbox, dead letters); `$1` cutoff, `$2` batch size, `$3` now. */
const BATCH_SQL: Record<string, string> = {
  outbox: `DELETE FROM outbox WHERE seq IN (
             SELECT seq FROM outbox WHERE published_at IS NOT NULL AND published_at < $1 ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING 1`,
  inbox: `DELETE FROM inbox WHERE (consumer, message_id) IN (
            SELECT consumer, message_id FROM inbox WHERE processed_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING 1`,
  dead_letters_resolved: `DELETE FROM dead_letters WHERE id IN (
            SELECT id FROM dead_letters WHERE resolved_at IS NOT NULL AND resolved_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING 1`,
  dead_letters_unresolved: `UPDATE dead_letters SET payload = NULL, redacted_at = $3 WHERE id IN (
            SELECT id FROM dead_letters WHERE resolved_at IS NULL AND redacted_at IS NULL AND parked_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
          RETURNING 1`,
};

/**
 * Runs `statement` (`$1` cutoff, `$2` batch size, `$3` now; RETURNING one row per row changed) in batches, each in
 * its own transaction with its count in the retention log, until a batch finds less than a full one.
 */
export async function inBatches(dataSource: DataSource, rule: RetentionRule, now: Date, statement: string): Promise<number> {
  const cutoff = cutoffOf(now, rule.days);
  let total = 0;
  for (;;) {
    const done = await dataSource.transaction(async (tx) => {
      const params = statement.includes('$3') ? [cutoff, RETENTION_BATCH, now] : [cutoff, RETENTION_BATCH];
      const [rows] = (await tx.query(statement, params)) as [unknown[], number];
      const n = Array.isArray(rows) ? rows.length : 0;
      await recordRemoval(tx, now, rule.kind, rule.action, n);
      return n;
    });
    total += done;
    if (done < RETENTION_BATCH) return total;
  }
}

/** The kit's tables (outbox, inbox, dead letters) by the rules of the service's policy. */
export async function pruneConsumerTables(dataSource: DataSource, rules: RetentionRule[], now: Date): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  for (const rule of rules) {
    const statement = BATCH_SQL[rule.kind];
    if (statement) done[rule.kind] = await inBatches(dataSource, rule, now, statement);
  }
  return done;
}
