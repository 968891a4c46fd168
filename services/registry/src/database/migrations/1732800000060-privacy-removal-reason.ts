import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a privacy request's personal data was removed (`personal_data_removed_by`): `retention` (the retention job,
 * RETENTION_PRIVACY_ANSWERS_DAYS after completion) or `erasure` (an erasure of the same person or email completed,
 * so the earlier disclosure copies go at once). Requests reduced before this column existed were all the job's.
 */
export class PrivacyRemovalReason1732800000060 implements MigrationInterface {
  name = 'PrivacyRemovalReason1732800000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE privacy_requests ADD COLUMN personal_data_removed_by text`);
    await q.query(`UPDATE privacy_requests SET personal_data_removed_by = 'retention' WHERE personal_data_removed_at IS NOT NULL`);
    await q.query(
      `ALTER TABLE privacy_requests ADD CONSTRAINT privacy_requests_removed_by_check
         CHECK ((personal_data_removed_at IS NULL) = (personal_data_removed_by IS NULL)
                AND (personal_data_removed_by IS NULL OR personal_data_removed_by IN ('retention', 'erasure')))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE privacy_requests DROP CONSTRAINT privacy_requests_removed_by_check`);
    await q.query(`ALTER TABLE privacy_requests DROP COLUMN personal_data_removed_by`);
  }
}
