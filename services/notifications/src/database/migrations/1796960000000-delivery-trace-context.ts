import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery row keeps the W3C trace context (`{ traceparent, tracestate? }`) of the event handling that wrote it,
 * so the SMTP send, later and maybe in another replica, is a span of the same trace. NULL when tracing was off.
 * A nullable column without a default: no rewrite of the table.
 */
export class DeliveryTraceContext1796960000000 implements MigrationInterface {
  name = 'DeliveryTraceContext1796960000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries ADD COLUMN trace_context jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE deliveries DROP COLUMN trace_context`);
  }
}
