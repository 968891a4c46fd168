import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 16, item 7: hearings (interviews) and requests for missing documents, on a proposal. */
export class InterviewsAndDocumentRequests1764316800004 implements MigrationInterface {
  name = 'InterviewsAndDocumentRequests1764316800004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE interviews (
        id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals (id),
        status text NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        place text,
        online_url text,
        note text,
        invitee_ids uuid[] NOT NULL DEFAULT '{}',
        version integer NOT NULL CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        created_by uuid,
        updated_at timestamptz NOT NULL,
        updated_by uuid,
        cancel_reason text,
        CHECK (ends_at > starts_at),
        CHECK (place IS NOT NULL OR online_url IS NOT NULL),
        CHECK ((status = 'cancelled') = (cancel_reason IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX interviews_proposal_idx ON interviews (proposal_id, starts_at)`);
    await q.query(`
      CREATE TABLE document_requests (
        id uuid PRIMARY KEY,
        proposal_id uuid NOT NULL REFERENCES proposals (id),
        status text NOT NULL CHECK (status IN ('open', 'fulfilled', 'withdrawn')),
        items text[] NOT NULL CHECK (cardinality(items) >= 1),
        due_on date NOT NULL,
        note text,
        version integer NOT NULL CHECK (version >= 1),
        created_at timestamptz NOT NULL,
        created_by uuid,
        updated_at timestamptz NOT NULL,
        updated_by uuid,
        close_reason text
      )`);
    await q.query(`CREATE INDEX document_requests_proposal_idx ON document_requests (proposal_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE document_requests`);
    await q.query(`DROP TABLE interviews`);
  }
}
