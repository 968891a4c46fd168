import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Programme versions, review amendments and historical outcomes.
 *
 * - A programme's stages and transitions change by adding a version: every `programmes` row is one version
 *   of the programme `code` (unique together), and a proposal stays on the version it was brought in with,
 *   so the rules it started under, its history and its KPI stage kinds never change under it.
 * - Rubrics belong to the programme (its code), whichever version: a new version keeps the rubrics.
 * - A written review can be amended until the committee decides; each superseded text is kept in
 *   `review_revisions` (append-only, like the proposal history).
 * - Outcomes brought over from paper or spreadsheets say so (`historical`).
 */
export class VersionsAndAmendments1764316800002 implements MigrationInterface {
  name = 'VersionsAndAmendments1764316800002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE programmes ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)`);
    await q.query(`ALTER TABLE programmes ADD COLUMN note text`);
    await q.query(`ALTER TABLE programmes DROP CONSTRAINT programmes_code_key`);
    await q.query(`ALTER TABLE programmes ADD CONSTRAINT programmes_code_version_key UNIQUE (code, version)`);

    await q.query(`ALTER TABLE rubrics ADD COLUMN programme_code text`);
    await q.query(`UPDATE rubrics r SET programme_code = p.code FROM programmes p WHERE p.id = r.programme_id`);
    await q.query(`ALTER TABLE rubrics ALTER COLUMN programme_code SET NOT NULL`);
    await q.query(`ALTER TABLE rubrics DROP COLUMN programme_id`);
    await q.query(
      `ALTER TABLE rubrics ADD CONSTRAINT rubrics_programme_code_fiscal_year_version_key UNIQUE (programme_code, fiscal_year, version)`,
    );

    await q.query(`ALTER TABLE reviews ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1)`);
    await q.query(`ALTER TABLE reviews ADD COLUMN amended_at timestamptz`);
    await q.query(`ALTER TABLE reviews ADD COLUMN amended_by uuid`);
    await q.query(`
      CREATE TABLE review_revisions (
        id uuid PRIMARY KEY,
        review_id uuid NOT NULL REFERENCES reviews (id),
        version integer NOT NULL,
        rubric_id uuid NOT NULL REFERENCES rubrics (id),
        scores jsonb NOT NULL,
        total integer NOT NULL,
        comment text NOT NULL,
        recommendation text NOT NULL,
        written_at timestamptz NOT NULL,
        written_by uuid,
        replaced_at timestamptz NOT NULL,
        replaced_by uuid,
        reason text,
        UNIQUE (review_id, version)
      )`);
    await q.query(`
      CREATE TRIGGER review_revisions_append_only BEFORE UPDATE OR DELETE ON review_revisions
        FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`);
    await q.query(`
      CREATE TRIGGER review_revisions_no_truncate BEFORE TRUNCATE ON review_revisions
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);

    await q.query(`ALTER TABLE outcomes ADD COLUMN historical boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outcomes DROP COLUMN historical`);
    await q.query(`DROP TABLE review_revisions`);
    await q.query(`ALTER TABLE reviews DROP COLUMN amended_by, DROP COLUMN amended_at, DROP COLUMN version`);
    // Only possible while every programme has one version.
    await q.query(`ALTER TABLE rubrics ADD COLUMN programme_id uuid REFERENCES programmes (id)`);
    await q.query(`UPDATE rubrics r SET programme_id = p.id FROM programmes p WHERE p.code = r.programme_code AND p.version = 1`);
    await q.query(`ALTER TABLE rubrics ALTER COLUMN programme_id SET NOT NULL`);
    await q.query(`ALTER TABLE rubrics DROP COLUMN programme_code`);
    await q.query(`ALTER TABLE rubrics ADD UNIQUE (programme_id, fiscal_year, version)`);
    await q.query(`ALTER TABLE programmes DROP CONSTRAINT programmes_code_version_key`);
    await q.query(`ALTER TABLE programmes ADD CONSTRAINT programmes_code_key UNIQUE (code)`);
    await q.query(`ALTER TABLE programmes DROP COLUMN note, DROP COLUMN version`);
  }
}
