import type { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexConcurrently } from '../concurrent-index.js';

/**
 * Covering indexes for the search by relevance (see `rankedPage`), so that its reads before the page's own rows
 * come from indexes alone (index-only scans) instead of one table row per candidate:
 * - `<table>_search_order_idx`: the reading order with the search columns (and `archived`; people: `email`,
 *   which their search matches whole), for the walk of the last rank in reading order and the count;
 * - `<table>_search_name_prefix_idx` and `<table>_search_kana_prefix_idx` (SearchPrefixIndexes1732800000008) again,
 *   with the reading order and the other search columns included, for the exact and prefix ranks.
 *
 * Not in a transaction: CONCURRENTLY, so that a national-size table stays writable while they are built; a prefix
 * index is built under a new name, then takes the old one's place. Every step is idempotent (a build interrupted
 * half-way leaves an invalid index, dropped and made again), so a run interrupted half-way is simply run again.
 */
export class SearchCoveringIndexes1732800000050 implements MigrationInterface {
  name = 'SearchCoveringIndexes1732800000050';
  transaction = false as const;

  /** Table, its reading order, the columns its search reads besides the search columns. */
  static readonly tables: [table: string, order: string, extra: string][] = [
    ['organizations', 'name_kana, id', 'archived'],
    ['people', 'family_name_kana, given_name_kana, id', 'archived, email'],
  ];

  async up(q: QueryRunner): Promise<void> {
    for (const [table, order, extra] of SearchCoveringIndexes1732800000050.tables) {
      await buildIndexConcurrently(q, `${table}_search_order_idx`, `${table} (${order}) INCLUDE (search_name, search_kana, ${extra})`);
      for (const [column, other] of [
        ['search_name', 'search_kana'],
        ['search_kana', 'search_name'],
      ] as const) {
        const index = `${table}_${column}_prefix_idx`;
        await buildIndexConcurrently(
          q,
          `${index}_covering`,
          `${table} (${column} text_pattern_ops) INCLUDE (${order}, ${other}, ${extra})`,
        );
        await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
        await q.query(`ALTER INDEX ${index}_covering RENAME TO ${index}`);
      }
      await q.query(`ANALYZE ${table}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SearchCoveringIndexes1732800000050.tables) {
      await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${table}_search_order_idx`);
      for (const column of ['search_name', 'search_kana']) {
        const index = `${table}_${column}_prefix_idx`;
        await buildIndexConcurrently(q, `${index}_plain`, `${table} (${column} text_pattern_ops)`);
        await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
        await q.query(`ALTER INDEX ${index}_plain RENAME TO ${index}`);
      }
    }
  }
}
