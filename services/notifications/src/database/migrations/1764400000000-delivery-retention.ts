import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention: a settled delivery past DELIVERY_RETENTION_DAYS loses its personal data (address, name, person,
 * rendered content, the server's words) but keeps its facts (kind, status, dates, proposal or event). The
 * row says when (`redacted_at`); a redacted row needs no address even when it was sent, and stays settled.
 */
export class DeliveryRetention1764400000000 implements MigrationInterface {
  name = 'DeliveryRetention1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries ADD COLUMN redacted_at timestamptz`);
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_sendable`);
    await q.query(
      `ALTER TABLE deliveries ADD CONSTRAINT deliveries_sendable
         CHECK (status IN ('failed', 'suppressed') OR recipient_email IS NOT NULL OR redacted_at IS NOT NULL)`,
    );
    await q.query(
      `ALTER TABLE deliveries ADD CONSTRAINT deliveries_redacted_settled
         CHECK (redacted_at IS NULL OR status IN ('sent', 'failed', 'suppressed'))`,
    );
    await q.query(
      `CREATE INDEX deliveries_retention_idx ON deliveries (updated_at)
         WHERE redacted_at IS NULL AND status IN ('sent', 'failed', 'suppressed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX deliveries_retention_idx`);
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_redacted_settled`);
    await q.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_sendable`);
    await q.query(
      `ALTER TABLE deliveries ADD CONSTRAINT deliveries_sendable CHECK (status IN ('failed', 'suppressed') OR recipient_email IS NOT NULL)`,
    );
    await q.query(`ALTER TABLE deliveries DROP COLUMN redacted_at`);
  }
}
