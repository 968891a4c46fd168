import type { PrivacyActionV1, PrivacySubjectV1 } from '@collabo/contracts';
import type { EntityManager } from 'typeorm';
import { textPatterns } from './subject-match.js';

/**
 * The erasure's part in the kit's tables: outbox rows already published that name the person are purged (the
 * stream keeps its copy for its own max age only), and dead letters that name the person lose their payload.
 * Unpublished outbox rows stay: they are on their way, and the relay's clean-up removes them once published.
 */
export async function eraseFromKitTables(tx: EntityManager, subject: PrivacySubjectV1, now: Date): Promise<PrivacyActionV1[]> {
  const patterns = textPatterns(subject);
  if (!patterns.length) return [];
  const [purged] = (await tx.query(
    `DELETE FROM outbox WHERE published_at IS NOT NULL AND lower(envelope::text) LIKE ANY($1::text[]) RETURNING 1`,
    [patterns],
  )) as [unknown[], number];
  const [redacted] = (await tx.query(
    `UPDATE dead_letters SET payload = NULL, redacted_at = $2
      WHERE payload IS NOT NULL AND lower(payload) LIKE ANY($1::text[]) RETURNING 1`,
    [patterns, now],
  )) as [unknown[], number];
  return [
    { what: 'outbox', action: 'purged', count: purged.length },
    { what: 'dead_letters', action: 'redacted', count: redacted.length },
  ];
}

/** Cessation and its lifting: one row per key (`person:<id>`, `email:<address>`) in `privacy_cessations`. */
export async function setCessation(tx: EntityManager, keys: string[], requestId: string, now: Date, ceased: boolean): Promise<number> {
  if (!keys.length) return 0;
  if (ceased) {
    const rows: unknown[] = await tx.query(
      `INSERT INTO privacy_cessations (subject_key, request_id, ceased_at)
       SELECT k, $2, $3 FROM unnest($1::text[]) k
       ON CONFLICT (subject_key) DO NOTHING RETURNING 1`,
      [keys, requestId, now],
    );
    return rows.length;
  }
  const [rows] = (await tx.query(`DELETE FROM privacy_cessations WHERE subject_key = ANY($1::text[]) RETURNING 1`, [keys])) as [
    unknown[],
    number,
  ];
  return rows.length;
}
