import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deliveries (one row per email: event × recipient × kind, unique), their attempts, and people's
 * preferences per category.
 */
export class NotificationsSchema1732900000000 implements MigrationInterface {
  name = 'NotificationsSchema1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE deliveries (
        id uuid PRIMARY KEY,
        event_id uuid NOT NULL,
        event_subject text NOT NULL,
        kind text NOT NULL,
        category text NOT NULL,
        recipient_key text NOT NULL,
        recipient_role text NOT NULL,
        person_id uuid,
        recipient_email text,
        recipient_name text,
        recipient_source text NOT NULL CHECK (recipient_source IN ('registry', 'event', 'missing')),
        language text NOT NULL CHECK (language IN ('ja', 'en')),
        proposal_id uuid,
        exchange_event_id uuid,
        message_id text NOT NULL UNIQUE,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        unsubscribe_url text,
        status text NOT NULL CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'ambiguous', 'suppressed')),
        phase text CHECK (phase IN ('claimed', 'data')),
        attempts integer NOT NULL DEFAULT 0,
        resends integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claim_token uuid,
        claimed_by text,
        lease_until timestamptz,
        last_error text,
        last_error_code text,
        smtp_response text,
        correlation_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        CONSTRAINT deliveries_once UNIQUE (event_id, recipient_key, kind),
        CONSTRAINT deliveries_sendable CHECK (status IN ('failed', 'suppressed') OR recipient_email IS NOT NULL),
        CONSTRAINT deliveries_sending_has_lease CHECK (status <> 'sending' OR (lease_until IS NOT NULL AND claim_token IS NOT NULL AND phase IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at, created_at) WHERE status = 'queued'`);
    await q.query(`CREATE INDEX deliveries_leased_idx ON deliveries (lease_until) WHERE status = 'sending'`);
    await q.query(`CREATE INDEX deliveries_created_idx ON deliveries (created_at DESC, id)`);
    await q.query(`CREATE INDEX deliveries_status_idx ON deliveries (status, created_at DESC)`);
    await q.query(`CREATE INDEX deliveries_person_idx ON deliveries (person_id, created_at DESC) WHERE person_id IS NOT NULL`);
    await q.query(`CREATE INDEX deliveries_email_idx ON deliveries (lower(recipient_email)) WHERE recipient_email IS NOT NULL`);
    await q.query(`CREATE INDEX deliveries_proposal_idx ON deliveries (proposal_id, created_at DESC) WHERE proposal_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX deliveries_exchange_event_idx ON deliveries (exchange_event_id, created_at DESC) WHERE exchange_event_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE delivery_attempts (
        id bigserial PRIMARY KEY,
        delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed', 'ambiguous', 'interrupted')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        worker text,
        error_code text,
        smtp_command text,
        smtp_response text,
        error text
      )`);
    await q.query(`CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, id)`);

    await q.query(`
      CREATE TABLE preferences (
        recipient_key text NOT NULL,
        category text NOT NULL,
        subscribed boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('unsubscribe_link', 'staff')),
        changed_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (recipient_key, category)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE preferences`);
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`DROP TABLE deliveries`);
  }
}
