import type { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexConcurrently } from '../concurrent-index.js';
import { SearchCoveringIndexes1732800000050 } from './1732800000050-search-covering-indexes.js';

/**
 * Indexes for a page of a search by relevance (see `nameSearchSql` and `rankedPage`) that stops at the page:
 * - `<table>_search_name_first_idx` and `<table>_search_kana_first_idx`: the first character of `search_name` and of
 *   `search_kana` (`left(column, 1)`), then the reading order, covering the search columns: the rows of a common
 *   prefix come out in reading order, stopping at the page, where the prefix indexes (SearchCoveringIndexes1732800000050)
 *   give every row of the range to sort (2,700 rows for 北 in 100,000 organisations: 2-5 ms). A one-character prefix
 *   is its first character; a longer one is read along its first character's rows or from its range, whichever the
 *   planner estimates cheaper;
 * - `<table>_search_grams_sample_idx`: the search grams of one row in eight (the last hexadecimal digit of the id 0 or
 *   1: random in a UUID, v4 or v7), a GIN index of an eighth of the size, where the count of a common term reaches its
 *   cap (`TOTAL_CAP`) without reading the whole of the term's postings (10,000 for 北) from the gram index.
 *
 * Not in a transaction: CONCURRENTLY, so that a national-size table stays writable while they are built. Every step is
 * idempotent (a build interrupted half-way leaves an invalid index, dropped and made again), so a run interrupted
 * half-way is simply run again. ANALYZE gathers the statistics of the indexed expressions, which the planner needs.
 */
export class SearchPageIndexes1732800000070 implements MigrationInterface {
  name = 'SearchPageIndexes1732800000070';
  transaction = false as const;

  /** Table, its reading order, the columns its search reads besides the search columns. */
  static readonly tables = SearchCoveringIndexes1732800000050.tables;

  /** The rows of the sample: the condition `nameSearchSql` writes (`sample`), here without the table's alias. */
  static readonly SAMPLE = `right(id::text, 1) < '2'`;

  async up(q: QueryRunner): Promise<void> {
    for (const [table, order, extra] of SearchPageIndexes1732800000070.tables) {
      for (const column of ['search_name', 'search_kana']) {
        await buildIndexConcurrently(
          q,
          `${table}_${column}_first_idx`,
          `${table} ((left(${column}, 1)), ${order}) INCLUDE (search_name, search_kana, ${extra})`,
        );
      }
      await buildIndexConcurrently(
        q,
        `${table}_search_grams_sample_idx`,
        `${table} USING gin (search_grams) WHERE ${SearchPageIndexes1732800000070.SAMPLE}`,
      );
      await q.query(`ANALYZE ${table}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SearchPageIndexes1732800000070.tables) {
      for (const index of ['search_name_first_idx', 'search_kana_first_idx', 'search_grams_sample_idx']) {
        await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${table}_${index}`);
      }
    }
  }
}
