import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue #20: cessations of use, erasures that wait for their reason to end, the retention log, and the one rewrite
 * append-only history allows: an erasure (the transaction sets `collabo.privacy_erasure` to `on`) may clear the
 * personal parts of a review revision; deletes and truncation stay refused.
 */
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
      CREATE TABLE privacy_pending_erasures (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL,
        proposal_id uuid NOT NULL REFERENCES proposals (id),
        what text NOT NULL CHECK (what IN ('review', 'contact')),
        person_ids text[] NOT NULL,
        tombstone_id uuid NOT NULL,
        created_at timestamptz NOT NULL,
        completed_at timestamptz,
        UNIQUE (request_id, proposal_id, what)
      )`);
    await q.query(`CREATE INDEX privacy_pending_erasures_open_idx ON privacy_pending_erasures (created_at) WHERE completed_at IS NULL`);
    await q.query(`
      CREATE TABLE privacy_retention_log (
        fiscal_year integer NOT NULL,
        kind text NOT NULL,
        action text NOT NULL CHECK (action IN ('deleted', 'redacted')),
        count bigint NOT NULL CHECK (count >= 0),
        last_run_at timestamptz NOT NULL,
        PRIMARY KEY (fiscal_year, kind, action)
      )`);
    await q.query(`
      CREATE OR REPLACE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('collabo.privacy_erasure', true) = 'on' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'proposal_transitions is append-only: % refused', TG_OP USING ERRCODE = 'P0001';
      END $$`);
    await q.query(`DROP TABLE privacy_retention_log`);
    await q.query(`DROP TABLE privacy_pending_erasures`);
    await q.query(`DROP TABLE privacy_cessations`);
  }
}
