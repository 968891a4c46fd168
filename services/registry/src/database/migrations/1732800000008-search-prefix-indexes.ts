import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first two ranks of a search by name (exact, then prefix: see `nameSearchSql` and `rankedPage`) each from a
 * btree of its own: `search_name` and `search_kana` with `text_pattern_ops`, which serve equality and the
 * `LIKE 'term%'` prefix range whatever the database's collation. Without them every rank was read through the
 * gram index, and every match ranked and sorted before the first page.
 *
 * Not in a transaction: CONCURRENTLY, so that a national-size table stays writable while they are built.
 */
export class SearchPrefixIndexes1732800000008 implements MigrationInterface {
  name = 'SearchPrefixIndexes1732800000008';
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['organizations', 'people']) {
      for (const column of ['search_name', 'search_kana']) {
        const index = `${table}_${column}_prefix_idx`;
        // A build interrupted half-way leaves an invalid index of that name: made again from the start.
        await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${index}`);
        await q.query(`CREATE INDEX CONCURRENTLY ${index} ON ${table} (${column} text_pattern_ops)`);
      }
      await q.query(`ANALYZE ${table}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['organizations', 'people']) {
      for (const column of ['search_name', 'search_kana']) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${table}_${column}_prefix_idx`);
    }
  }
}
