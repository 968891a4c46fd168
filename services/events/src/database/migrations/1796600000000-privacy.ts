import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue #20: cessations of use, the retention log, and the mark of an erased registration. */
export class Privacy1796600000000 implements MigrationInterface {
  name = 'Privacy1796600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE privacy_cessations (
        subject_key text PRIMARY KEY,
        request_id uuid NOT NULL,
        ceased_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE privacy_retention_log (
        fiscal_year integer NOT NULL,
        kind text NOT NULL,
        action text NOT NULL CHECK (action IN ('deleted', 'redacted')),
        count bigint NOT NULL CHECK (count >= 0),
        last_run_at timestamptz NOT NULL,
        PRIMARY KEY (fiscal_year, kind, action)
      )`);
    await q.query(`ALTER TABLE registrations ADD COLUMN erased_at timestamptz`);
    await q.query(
      `CREATE INDEX registrations_guest_retention_idx ON registrations (event_id) WHERE person_id IS NULL AND erased_at IS NULL`,
    );
    await q.query(`CREATE INDEX registrations_email_idx ON registrations (lower(email))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX registrations_email_idx`);
    await q.query(`DROP INDEX registrations_guest_retention_idx`);
    await q.query(`ALTER TABLE registrations DROP COLUMN erased_at`);
    await q.query(`DROP TABLE privacy_retention_log`);
    await q.query(`DROP TABLE privacy_cessations`);
  }
}
