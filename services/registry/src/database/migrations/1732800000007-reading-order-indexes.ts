import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in reading order, the order of the lists and exports by default: an export walks them a batch at a
 * time after the last row of the batch before (keyset paging, see `keysetBatches`), and the first page of a
 * list without a search term reads its rows from them instead of sorting the whole table.
 */
export class ReadingOrderIndexes1732800000007 implements MigrationInterface {
  name = 'ReadingOrderIndexes1732800000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX organizations_reading_order_idx ON organizations (name_kana, id)`);
    await q.query(`CREATE INDEX people_reading_order_idx ON people (family_name_kana, given_name_kana, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX people_reading_order_idx`);
    await q.query(`DROP INDEX organizations_reading_order_idx`);
  }
}
