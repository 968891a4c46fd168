import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People merges and the centre's report.
 *
 * - `people.merged_into`/`merged_at`: a person registered twice is merged into the surviving record; the merged
 *   row stays (archived, its email kept as one of the survivor's aliases) so that its id keeps leading somewhere.
 * - `centre_outcomes`: the outcomes (patents and awards) that proposals published (`proposals.evt.outcome.recorded.v1`),
 *   stored by the registry for the collaboration centre's yearly report of its tenants (see CentreReportService).
 */
export class PersonMerges1732800000020 implements MigrationInterface {
  name = 'PersonMerges1732800000020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE people ADD COLUMN merged_into uuid`);
    await q.query(`ALTER TABLE people ADD COLUMN merged_at timestamptz`);
    await q.query(`ALTER TABLE people ADD CONSTRAINT people_merged_into_fkey FOREIGN KEY (merged_into) REFERENCES people (id)`);
    await q.query(`CREATE INDEX people_merged_into_idx ON people (merged_into) WHERE merged_into IS NOT NULL`);
    await q.query(`
      CREATE TABLE centre_outcomes (
        id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL,
        reference_number text NOT NULL,
        proposal_title jsonb NOT NULL,
        proposing_organization_id uuid NOT NULL,
        kind text NOT NULL,
        summary text NOT NULL,
        patent_number text,
        fiscal_year integer,
        occurred_on date,
        tenancy_id uuid,
        historical boolean NOT NULL DEFAULT false,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX centre_outcomes_organization_idx ON centre_outcomes (proposing_organization_id)`);
    await q.query(`CREATE INDEX centre_outcomes_tenancy_idx ON centre_outcomes (tenancy_id) WHERE tenancy_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE centre_outcomes`);
    await q.query(`DROP INDEX people_merged_into_idx`);
    await q.query(`ALTER TABLE people DROP CONSTRAINT people_merged_into_fkey`);
    await q.query(`ALTER TABLE people DROP COLUMN merged_at`);
    await q.query(`ALTER TABLE people DROP COLUMN merged_into`);
  }
}
