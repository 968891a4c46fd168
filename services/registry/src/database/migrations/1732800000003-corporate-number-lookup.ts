import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A plain index on corporate_number: the search's "or the corporate number itself" branch could not use
 * the partial unique index (its predicate mentions merged_into), so every search scanned the table.
 */
export class CorporateNumberLookup1732800000003 implements MigrationInterface {
  name = 'CorporateNumberLookup1732800000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX organizations_corporate_number_idx ON organizations (corporate_number) WHERE corporate_number IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX organizations_corporate_number_idx`);
  }
}
