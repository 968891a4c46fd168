import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What the retention job removed, per fiscal year (of the removal, 年度 from 1 April), kind and action: written
 * by the kit's `recordRemoval` in the transaction of each batch, read by `GET /v1/privacy/retention-report`.
 * The entity is here so that test/schema.test.ts can hold it to its migration; the kit reads and writes it in SQL.
 */
@Entity('privacy_retention_log')
@Check('privacy_retention_log_action_check', `action IN ('deleted', 'redacted')`)
@Check('privacy_retention_log_count_check', `count >= 0`)
export class RetentionLogEntry {
  @PrimaryColumn({ name: 'fiscal_year', type: 'integer', primaryKeyConstraintName: 'privacy_retention_log_pkey' }) fiscalYear!: number;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'privacy_retention_log_pkey' }) kind!: string;
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'privacy_retention_log_pkey' }) action!: 'deleted' | 'redacted';
  @Column({ type: 'bigint' }) count!: string;
  @Column({ name: 'last_run_at', type: 'timestamptz' }) lastRunAt!: Date;
}
