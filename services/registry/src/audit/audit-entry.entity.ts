import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The kinds of record the audit trail covers. */
export type AuditedEntity =
  | 'organization'
  | 'person'
  | 'affiliation'
  | 'membership'
  | 'tenancy'
  | 'consortium_membership'
  | 'account'
  | 'privacy_request'
  | 'consent';

/** One line of the audit trail: who did what to which record, when; field names only, never values. */
@Entity('audit_log')
@Index('audit_log_entity_idx', ['entityType', 'entityId', 'id'])
export class AuditEntry {
  /** bigserial: the order of the trail. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'audit_log_pkey' }) id!: string;
  @Column({ name: 'entity_type', type: 'text' }) entityType!: AuditedEntity;
  @Column({ name: 'entity_id', type: 'uuid' }) entityId!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ name: 'actor_id', type: 'uuid', nullable: true }) actorId!: string | null;
  @CreateDateColumn({ type: 'timestamptz', default: () => 'now()' }) at!: Date;
  @Column({ name: 'changed_fields', type: 'text', array: true, default: [] }) changedFields!: string[];
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId!: string | null;
}
