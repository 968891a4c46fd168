import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People's rights over their data (issue #20): privacy requests, the answers of the other services, consents.
 *
 * - `privacy_requests`: a request staff opened for a person (or a guest's email), with the registry's own answer
 *   (`registry_answer`, written in the request's transaction) and its due time (`due_at`, PRIVACY_REQUEST_DUE_DAYS
 *   after opening); `completed_at` once proposals, events and notifications have answered.
 * - `privacy_request_answers`: one answer per request and service, as it arrived over JetStream.
 * - `consents`: consent per person and purpose, with the date, its source and its withdrawal (history kept: one
 *   row per consent given; at most one not withdrawn per person and purpose).
 * - `people.processing_stopped_at`: cessation of use (利用停止) in force since then, until staff lift it.
 */
export class Privacy1732800000030 implements MigrationInterface {
  name = 'Privacy1732800000030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE people ADD COLUMN processing_stopped_at timestamptz`);
    await q.query(`
      CREATE TABLE privacy_requests (
        id uuid NOT NULL,
        kind text NOT NULL,
        person_id uuid,
        email text,
        subject jsonb NOT NULL,
        opened_at timestamptz NOT NULL,
        opened_by uuid,
        due_at timestamptz NOT NULL,
        completed_at timestamptz,
        registry_answer jsonb NOT NULL,
        CONSTRAINT privacy_requests_pkey PRIMARY KEY (id),
        CONSTRAINT privacy_requests_person_id_fkey FOREIGN KEY (person_id) REFERENCES people (id)
      )`);
    await q.query(`CREATE INDEX privacy_requests_opened_idx ON privacy_requests (opened_at)`);
    await q.query(`CREATE INDEX privacy_requests_person_idx ON privacy_requests (person_id)`);
    await q.query(`
      CREATE TABLE privacy_request_answers (
        request_id uuid NOT NULL,
        service text NOT NULL,
        event_id uuid NOT NULL,
        answered_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        answer jsonb NOT NULL,
        CONSTRAINT privacy_request_answers_pkey PRIMARY KEY (request_id, service),
        CONSTRAINT privacy_request_answers_request_id_fkey FOREIGN KEY (request_id) REFERENCES privacy_requests (id)
      )`);
    await q.query(`
      CREATE TABLE consents (
        id uuid NOT NULL,
        person_id uuid NOT NULL,
        purpose text NOT NULL,
        source text NOT NULL,
        given_at timestamptz NOT NULL,
        recorded_by uuid,
        withdrawn_at timestamptz,
        withdrawn_via text,
        withdrawn_by uuid,
        CONSTRAINT consents_pkey PRIMARY KEY (id),
        CONSTRAINT consents_person_id_fkey FOREIGN KEY (person_id) REFERENCES people (id)
      )`);
    await q.query(`CREATE INDEX consents_person_idx ON consents (person_id)`);
    await q.query(`CREATE UNIQUE INDEX consents_in_force_key ON consents (person_id, purpose) WHERE withdrawn_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consents`);
    await q.query(`DROP TABLE privacy_request_answers`);
    await q.query(`DROP TABLE privacy_requests`);
    await q.query(`ALTER TABLE people DROP COLUMN processing_stopped_at`);
  }
}
