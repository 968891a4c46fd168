import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Conflict } from './conflicts.js';
import { formatInstant } from '@collabo/calendar';
import { evaluate, type FailRule } from '../programmes/rubric.js';
import type { LoadedRubric } from '../programmes/programme-catalogue.js';
import type { ReviewAssignment, ReviewRevision, ScreeningReview } from './review.entity.js';

export class ConflictView {
  @ApiProperty({ enum: ['affiliated_with_proposer', 'affiliated_with_participant', 'member_of_study_group'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) organizationName!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) from!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) to!: string | null;
}

export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ format: 'uuid' }) advisorId!: string;
  @ApiProperty({ enum: ['assigned', 'submitted', 'declined', 'conflict_declared'] }) status!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) dueOn!: string | null;
  @ApiProperty() assignedAt!: string;
  @ApiPropertyOptional({ type: String, nullable: true }) assignedBy!: string | null;
  @ApiProperty({ type: [ConflictView], description: 'Conflicts of interest the registry showed at assignment.' }) conflicts!: Conflict[];
  @ApiPropertyOptional({ type: String, nullable: true }) waiverReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) waivedBy!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why the advisor declined or declared a conflict.' })
  responseReason!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) respondedAt!: string | null;
  @ApiProperty({ description: 'The ETag (changing the due day needs it).' }) version!: number;
}

export function assignmentView(a: ReviewAssignment): AssignmentView {
  return {
    id: a.id,
    proposalId: a.proposalId,
    advisorId: a.advisorId,
    status: a.status,
    dueOn: a.dueOn,
    assignedAt: formatInstant(a.assignedAt),
    assignedBy: a.assignedBy,
    conflicts: a.conflicts,
    waiverReason: a.waiverReason,
    waivedBy: a.waivedBy,
    responseReason: a.responseReason,
    respondedAt: a.respondedAt ? formatInstant(a.respondedAt) : null,
    version: a.version,
  };
}

export class ScoreView {
  @ApiProperty() criterion!: string;
  @ApiProperty() points!: number;
  @ApiProperty() maxPoints!: number;
}

export class FailRuleView {
  @ApiProperty({ enum: ['total_below_minimum', 'criterion_below_minimum'] }) rule!: string;
  @ApiPropertyOptional() criterion?: string;
  @ApiPropertyOptional() points?: number;
  @ApiPropertyOptional() total?: number;
  @ApiProperty() minimum!: number;
}

export class ReviewView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assignmentId!: string;
  @ApiProperty({ format: 'uuid' }) advisorId!: string;
  @ApiProperty() rubric!: { id: string; fiscalYear: number; version: number };
  @ApiProperty({ type: [ScoreView] }) scores!: ScoreView[];
  @ApiProperty() total!: number;
  @ApiProperty() maxTotal!: number;
  @ApiProperty({ description: 'This review alone fails the rubric’s rules.' }) failed!: boolean;
  @ApiProperty({ type: [FailRuleView] }) failures!: FailRule[];
  @ApiProperty() comment!: string;
  @ApiProperty({ enum: ['accept', 'accept_with_conditions', 'decline'] }) recommendation!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ description: 'Also the ETag: send it back in If-Match to amend the review (until the decision).' }) version!: number;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'When it was last amended.' }) amendedAt!: string | null;
}

export function reviewView(r: ScreeningReview, rubric: LoadedRubric): ReviewView {
  const e = evaluate(rubric.def, r.scores);
  return {
    id: r.id,
    assignmentId: r.assignmentId,
    advisorId: r.advisorId,
    rubric: { id: rubric.rubric.id, fiscalYear: rubric.rubric.fiscalYear, version: rubric.rubric.version },
    scores: rubric.def.criteria.map((c) => ({ criterion: c.code, points: r.scores[c.code] ?? 0, maxPoints: c.maxPoints })),
    total: e.total,
    maxTotal: e.maxTotal,
    failed: e.failed,
    failures: e.failures,
    comment: r.comment,
    recommendation: r.recommendation,
    submittedAt: formatInstant(r.submittedAt),
    version: r.version,
    amendedAt: r.amendedAt ? formatInstant(r.amendedAt) : null,
  };
}

export class ReviewRevisionView {
  @ApiProperty({ description: 'The version of the review this text was.' }) version!: number;
  @ApiProperty({ type: [ScoreView] }) scores!: ScoreView[];
  @ApiProperty() total!: number;
  @ApiProperty() comment!: string;
  @ApiProperty({ enum: ['accept', 'accept_with_conditions', 'decline'] }) recommendation!: string;
  @ApiProperty({ description: 'When this text was written.' }) writtenAt!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) writtenBy!: string | null;
  @ApiProperty({ description: 'When the next text replaced it.' }) replacedAt!: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) replacedBy!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Why it was replaced.' }) reason!: string | null;
}

export function reviewRevisionView(r: ReviewRevision, rubric: LoadedRubric): ReviewRevisionView {
  return {
    version: r.version,
    scores: rubric.def.criteria.map((c) => ({ criterion: c.code, points: r.scores[c.code] ?? 0, maxPoints: c.maxPoints })),
    total: r.total,
    comment: r.comment,
    recommendation: r.recommendation,
    writtenAt: formatInstant(r.writtenAt),
    writtenBy: r.writtenBy,
    replacedAt: formatInstant(r.replacedAt),
    replacedBy: r.replacedBy,
    reason: r.reason,
  };
}
