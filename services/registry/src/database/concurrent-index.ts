import type { QueryRunner } from 'typeorm';

/**
 * `CREATE INDEX CONCURRENTLY <name> ON <definition>`, after dropping what an interrupted build left of it (an invalid
 * index): for migrations that run outside a transaction, so that a run interrupted half-way is simply run again.
 */
export async function buildIndexConcurrently(q: QueryRunner, name: string, definition: string): Promise<void> {
  await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
  await q.query(`CREATE INDEX CONCURRENTLY ${name} ON ${definition}`);
}
