import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DocumentRequestStatuses = ['open', 'fulfilled', 'withdrawn'] as const;
export type DocumentRequestStatus = (typeof DocumentRequestStatuses)[number];

/** A request to the applicant for missing documents (書類不備), due on a Tokyo day. `version` is its ETag. */
@Entity('document_requests')
export class DocumentRequest {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('text') status!: DocumentRequestStatus;
  @Column('text', { array: true }) items!: string[];
  @Column('date', { name: 'due_on' }) dueOn!: string;
  @Column('text', { nullable: true }) note!: string | null;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @Column('text', { name: 'close_reason', nullable: true }) closeReason!: string | null;
}
