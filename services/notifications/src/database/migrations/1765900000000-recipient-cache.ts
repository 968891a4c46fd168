import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recipient cache: what the registry answered about a person (`GetPeopleV1`), kept so that an event's
 * recipients are not asked for again on every email. `version` is the registry record's: an answer or an
 * event never replaces a newer version with an older one. Rows older than RECIPIENT_CACHE_TTL_MS are not
 * used (asked again) and are removed by the retention job.
 */
export class RecipientCache1765900000000 implements MigrationInterface {
  name = 'RecipientCache1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE recipient_cache (
      person_id uuid PRIMARY KEY,
      display_name text NOT NULL,
      family_name text NOT NULL,
      given_name text NOT NULL,
      email text NOT NULL,
      preferred_language text NOT NULL,
      version integer NOT NULL,
      fetched_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX recipient_cache_fetched_at ON recipient_cache (fetched_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recipient_cache`);
  }
}
