import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention that runs by itself (issue #20, item 5): the log of what the registry's retention job removed, per
 * fiscal year, kind and action (the same table as in the other services; the kit's `recordRemoval` writes it).
 */
export class RetentionLog1732800000040 implements MigrationInterface {
  name = 'RetentionLog1732800000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE privacy_retention_log (
        fiscal_year integer NOT NULL,
        kind text NOT NULL,
        action text NOT NULL,
        count bigint NOT NULL,
        last_run_at timestamptz NOT NULL,
        CONSTRAINT privacy_retention_log_pkey PRIMARY KEY (fiscal_year, kind, action),
        CONSTRAINT privacy_retention_log_action_check CHECK (action IN ('deleted', 'redacted')),
        CONSTRAINT privacy_retention_log_count_check CHECK (count >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE privacy_retention_log`);
  }
}
