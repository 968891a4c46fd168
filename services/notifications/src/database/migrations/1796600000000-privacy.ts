import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue #20: cessations of use (keys as the recipient keys: `person:<id>`, `email:<address>`) and the retention log. */
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
    await q.query(`CREATE INDEX deliveries_recipient_key_idx ON deliveries (recipient_key)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_recipient_key_idx`);
    await q.query(`DROP TABLE privacy_retention_log`);
    await q.query(`DROP TABLE privacy_cessations`);
  }
}
