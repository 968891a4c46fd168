import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #16: the CSV history import brings over review assignments still open (`review_assigned` rows); each
 * import records how many (`history_imports.assignments`; 0 for the imports before).
 */
export class HistoryImportAssignments1796600000001 implements MigrationInterface {
  name = 'HistoryImportAssignments1796600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_imports ADD COLUMN assignments integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE history_imports DROP COLUMN assignments`);
  }
}
