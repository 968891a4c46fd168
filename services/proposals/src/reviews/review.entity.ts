import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Conflict } from './conflicts.js';

export const AssignmentStatuses = ['assigned', 'submitted', 'declined', 'conflict_declared'] as const;
export type AssignmentStatus = (typeof AssignmentStatuses)[number];

/** An advisor asked to review a proposal; conflicts found at assignment are kept with the waiver that allowed it. */
@Entity('review_assignments')
export class ReviewAssignment {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('uuid', { name: 'advisor_id' }) advisorId!: string;
  @Column('text') status!: AssignmentStatus;
  @Column('date', { name: 'due_on', nullable: true }) dueOn!: string | null;
  @Column('timestamptz', { name: 'assigned_at' }) assignedAt!: Date;
  @Column('uuid', { name: 'assigned_by', nullable: true }) assignedBy!: string | null;
  @Column('jsonb') conflicts!: Conflict[];
  @Column('text', { name: 'waiver_reason', nullable: true }) waiverReason!: string | null;
  @Column('uuid', { name: 'waived_by', nullable: true }) waivedBy!: string | null;
  @Column('text', { name: 'response_reason', nullable: true }) responseReason!: string | null;
  @Column('timestamptz', { name: 'responded_at', nullable: true }) respondedAt!: Date | null;
  @Column('int') version!: number;
}

export const Recommendations = ['accept', 'accept_with_conditions', 'decline'] as const;
export type Recommendation = (typeof Recommendations)[number];

/**
 * A written screening review: points per criterion of the proposal's rubric, a comment and a recommendation.
 * The reviewer may amend it until the committee decides; `version` counts the texts, the earlier ones are
 * kept in `review_revisions`.
 */
@Entity('reviews')
export class ScreeningReview {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'assignment_id' }) assignmentId!: string;
  @Column('uuid', { name: 'proposal_id' }) proposalId!: string;
  @Column('uuid', { name: 'advisor_id' }) advisorId!: string;
  @Column('uuid', { name: 'rubric_id' }) rubricId!: string;
  @Column('jsonb') scores!: Record<string, number>;
  @Column('int') total!: number;
  @Column('text') comment!: string;
  @Column('text') recommendation!: Recommendation;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt!: Date;
  @Column('uuid', { name: 'submitted_by', nullable: true }) submittedBy!: string | null;
  @Column('int') version!: number;
  @Column('timestamptz', { name: 'amended_at', nullable: true }) amendedAt!: Date | null;
  @Column('uuid', { name: 'amended_by', nullable: true }) amendedBy!: string | null;
}

/** An earlier text of a review, kept when it was amended (append-only: a database trigger refuses changes). */
@Entity('review_revisions')
export class ReviewRevision {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'review_id' }) reviewId!: string;
  /** The version of the review this text was. */
  @Column('int') version!: number;
  @Column('uuid', { name: 'rubric_id' }) rubricId!: string;
  @Column('jsonb') scores!: Record<string, number>;
  @Column('int') total!: number;
  @Column('text') comment!: string;
  @Column('text') recommendation!: Recommendation;
  /** When this text was written (submitted, or the amendment that made it). */
  @Column('timestamptz', { name: 'written_at' }) writtenAt!: Date;
  @Column('uuid', { name: 'written_by', nullable: true }) writtenBy!: string | null;
  @Column('timestamptz', { name: 'replaced_at' }) replacedAt!: Date;
  @Column('uuid', { name: 'replaced_by', nullable: true }) replacedBy!: string | null;
  /** Why the reviewer replaced it, if they said. */
  @Column('text', { nullable: true }) reason!: string | null;
}
