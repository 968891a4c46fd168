import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention of completed privacy requests (issue #20): RETENTION_PRIVACY_ANSWERS_DAYS after a request is completed,
 * the retention job removes the personal data its answers hold (the disclosure copies) and replaces its email
 * addresses by markers; `personal_data_removed_at` says when (a disclosure is then 410 Gone, and the job does not
 * touch the request again). Privacy requests are few (tens a year): the job's scan needs no index of its own.
 */
export class PrivacyRequestRetention1732800000041 implements MigrationInterface {
  name = 'PrivacyRequestRetention1732800000041';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE privacy_requests ADD COLUMN personal_data_removed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE privacy_requests DROP COLUMN personal_data_removed_at`);
  }
}
