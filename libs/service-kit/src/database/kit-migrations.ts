import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DeadLetterRedaction1796500000000 } from '../jetstream/dead-letter-redaction.migration.js';
import { OutboxTraceContext1796950000000 } from '../outbox/outbox-trace-context.migration.js';

/** The kit's own tables in every service database: outbox, inbox and dead letters. */
export class ServiceKitTables1732752000000 implements MigrationInterface {
  name = 'ServiceKitTables1732752000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE outbox (
        seq bigserial PRIMARY KEY,
        id uuid NOT NULL UNIQUE,
        subject text NOT NULL,
        aggregate_id text NOT NULL,
        envelope jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON outbox (seq) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX outbox_published_at_idx ON outbox (published_at) WHERE published_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE inbox (
        consumer text NOT NULL,
        message_id uuid NOT NULL,
        subject text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, message_id)
      )`);
    await q.query(`CREATE INDEX inbox_processed_at_idx ON inbox (processed_at)`);
    await q.query(`
      CREATE TABLE dead_letters (
        id uuid PRIMARY KEY,
        consumer text NOT NULL,
        subject text NOT NULL,
        message_id text,
        stream_seq bigint,
        payload text NOT NULL,
        error text NOT NULL,
        attempts integer NOT NULL,
        correlation_id text,
        parked_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        resolution text
      )`);
    await q.query(`CREATE INDEX dead_letters_open_idx ON dead_letters (parked_at) WHERE resolved_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dead_letters`);
    await q.query(`DROP TABLE inbox`);
    await q.query(`DROP TABLE outbox`);
  }
}

/** The kit's migrations, in order, before every service's own (createServiceDataSource). */
export const kitMigrations = [ServiceKitTables1732752000000, DeadLetterRedaction1796500000000, OutboxTraceContext1796950000000];
