import { Column, Entity, PrimaryColumn } from 'typeorm';

export const InterviewStatuses = ['scheduled', 'cancelled'] as const;
export type InterviewStatus = (typeof InterviewStatuses)[number];

/**
 * A hearing (ヒアリング) of the applicant: when, where (a place, an online link, or both), a note, who else is
 * invited besides the contact person. `version` is its ETag and the invitation's iCalendar SEQUENCE.
 */
@Entity('interviews')
export class Interview {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('text') status!: InterviewStatus;
  @Column('timestamptz', { name: 'starts_at' }) startsAt!: Date;
  @Column('timestamptz', { name: 'ends_at' }) endsAt!: Date;
  @Column('text', { nullable: true }) place!: string | null;
  @Column('text', { name: 'online_url', nullable: true }) onlineUrl!: string | null;
  @Column('text', { nullable: true }) note!: string | null;
  /** Registry people invited besides the proposal's contact person. */
  @Column('uuid', { name: 'invitee_ids', array: true }) inviteeIds!: string[];
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('uuid', { name: 'created_by', nullable: true }) createdBy!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('uuid', { name: 'updated_by', nullable: true }) updatedBy!: string | null;
  @Column('text', { name: 'cancel_reason', nullable: true }) cancelReason!: string | null;
}
