import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox row keeps the W3C trace context (`{ traceparent, tracestate? }`) of the transaction that wrote it,
 * so the relay's publish continues that trace and hands it on in the message headers. NULL when tracing was
 * off. Registered in the kit's migrations (database/kit-migrations.ts, `kitMigrations`). A new nullable column
 * without a default: no rewrite of the table.
 */
export class OutboxTraceContext1796950000000 implements MigrationInterface {
  name = 'OutboxTraceContext1796950000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN trace_context jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox DROP COLUMN trace_context`);
  }
}
