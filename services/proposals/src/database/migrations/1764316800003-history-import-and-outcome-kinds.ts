import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, items 4 and 5.
 *
 * - Outcomes: a start-up founded (起業) and jobs created (with the count) are outcome kinds; an award may name
 *   the registry tenancy it came from (an id only: the registry owns tenancies).
 * - Proposals brought over by the CSV history import keep the foundation's old reference number
 *   (`legacy_reference`, unique where given), and each import is recorded (`history_imports`): who, when, which
 *   file (its SHA-256), how many rows, proposals, transitions and outcomes.
 */
export class HistoryImportAndOutcomeKinds1764316800003 implements MigrationInterface {
  name = 'HistoryImportAndOutcomeKinds1764316800003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outcomes DROP CONSTRAINT outcomes_kind_check`);
    await q.query(
      `ALTER TABLE outcomes ADD CONSTRAINT outcomes_kind_check
         CHECK (kind IN ('prototype', 'sale', 'patent_filed', 'patent_granted', 'award', 'startup_founded', 'jobs_created'))`,
    );
    await q.query(`ALTER TABLE outcomes ADD COLUMN jobs_created integer CHECK (jobs_created >= 1)`);
    await q.query(`ALTER TABLE outcomes ADD COLUMN tenancy_id uuid`);
    await q.query(`ALTER TABLE outcomes ADD CONSTRAINT outcomes_jobs_check CHECK ((kind = 'jobs_created') = (jobs_created IS NOT NULL))`);
    await q.query(`ALTER TABLE outcomes ADD CONSTRAINT outcomes_tenancy_check CHECK (tenancy_id IS NULL OR kind = 'award')`);

    await q.query(`ALTER TABLE proposals ADD COLUMN legacy_reference text`);
    await q.query(`CREATE UNIQUE INDEX proposals_legacy_reference_key ON proposals (legacy_reference) WHERE legacy_reference IS NOT NULL`);
    await q.query(`
      CREATE TABLE history_imports (
        id uuid PRIMARY KEY,
        imported_at timestamptz NOT NULL,
        imported_by uuid,
        file_sha256 text NOT NULL,
        encoding text NOT NULL,
        rows integer NOT NULL,
        proposals integer NOT NULL,
        transitions integer NOT NULL,
        outcomes integer NOT NULL
      )`);
    await q.query(`ALTER TABLE proposals ADD COLUMN history_import_id uuid REFERENCES history_imports (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE proposals DROP COLUMN history_import_id`);
    await q.query(`DROP TABLE history_imports`);
    await q.query(`DROP INDEX proposals_legacy_reference_key`);
    await q.query(`ALTER TABLE proposals DROP COLUMN legacy_reference`);
    await q.query(`ALTER TABLE outcomes DROP CONSTRAINT outcomes_tenancy_check`);
    await q.query(`ALTER TABLE outcomes DROP CONSTRAINT outcomes_jobs_check`);
    await q.query(`ALTER TABLE outcomes DROP COLUMN tenancy_id`);
    await q.query(`ALTER TABLE outcomes DROP COLUMN jobs_created`);
    await q.query(`DELETE FROM outcomes WHERE kind IN ('startup_founded', 'jobs_created')`);
    await q.query(`ALTER TABLE outcomes DROP CONSTRAINT outcomes_kind_check`);
    await q.query(
      `ALTER TABLE outcomes ADD CONSTRAINT outcomes_kind_check CHECK (kind IN ('prototype', 'sale', 'patent_filed', 'patent_granted', 'award'))`,
    );
  }
}
