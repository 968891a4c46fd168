import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dead letters hold whole messages, personal data included. An unresolved one older than the relay's
 * `deadLetterPayloadRetentionMs` keeps its metadata only (consumer, subject, ids, error, attempts, times):
 * its payload becomes NULL and `redacted_at` says when. Registered in the kit's migrations
 * (database/kit-migrations.ts, `kitMigrations`), after ServiceKitTables.
 */
export class DeadLetterRedaction1796500000000 implements MigrationInterface {
  name = 'DeadLetterRedaction1796500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dead_letters ALTER COLUMN payload DROP NOT NULL`);
    await q.query(`ALTER TABLE dead_letters ADD COLUMN redacted_at timestamptz`);
    await q.query(
      `ALTER TABLE dead_letters ADD CONSTRAINT dead_letters_redacted_has_no_payload CHECK (redacted_at IS NULL OR payload IS NULL)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dead_letters DROP CONSTRAINT dead_letters_redacted_has_no_payload`);
    await q.query(`UPDATE dead_letters SET payload = '{}' WHERE payload IS NULL`);
    await q.query(`ALTER TABLE dead_letters DROP COLUMN redacted_at`);
    await q.query(`ALTER TABLE dead_letters ALTER COLUMN payload SET NOT NULL`);
  }
}
