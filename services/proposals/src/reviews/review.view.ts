import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { PageView } from '@collabo/service-kit';
import type { Conflict } from './conflicts.js';
import { formatInstant } from '@collabo/calendar';
import { evaluate, type FailRule } from '../programmes/rubric.js';
import type { LoadedRubric } from '../programmes/programme-catalogue.js';
import { RubricRefView } from '../proposals/proposal.view.js';
import type { ReviewAssignment, ReviewRevision, ScreeningReview } from './review.entity.js';

export class ConflictView {
  @ApiProperty({ enum: ['affiliated_with_proposer', 'affiliated_with_participant', 'member_of_study_group'] }) kind!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ type: String, nullable: true }) organizationName!: string | null;
  @ApiProperty({ type: String, nullable: true }) from!: string | null;
  @ApiProperty({ type: String, nullable: true }) to!: string | null;
}

export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ format: 'uuid' }) advisorId!: string;
  @ApiProperty({ enum: ['assigned', 'submitted', 'declined', 'conflict_declared'] }) status!: string;
  @ApiProperty({ type: String, nullable: true }) dueOn!: string | null;
  @ApiProperty() assignedAt!: string;
  @ApiProperty({ type: String, nullable: true }) assignedBy!: string | null;
  @ApiProperty({ type: [ConflictView], description: 'Conflicts of interest the registry showed at assignment.' }) conflicts!: Conflict[];
  @ApiProperty({ type: String, nullable: true }) waiverReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) waivedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the advisor declined or declared a conflict.' })
  responseReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) respondedAt!: string | null;
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

/** A rubric's fail rule that a total (one review's, or the mean of the reviews) broke. */
export class TotalBelowMinimumView {
  @ApiProperty({ enum: ['total_below_minimum'] }) rule!: 'total_below_minimum';
  @ApiProperty({ type: Number, description: 'The total (of a summary: the mean of the reviews’ totals, unrounded)' }) total!: number;
  @ApiProperty({ type: Number }) minimum!: number;
}

/** A rubric's fail rule that one criterion's points (one review's, or the mean of the reviews) broke. */
export class CriterionBelowMinimumView {
  @ApiProperty({ enum: ['criterion_below_minimum'] }) rule!: 'criterion_below_minimum';
  @ApiProperty() criterion!: string;
  @ApiProperty({ type: Number, description: 'The points (of a summary: the mean of the reviews’ points, unrounded)' }) points!: number;
  @ApiProperty({ type: Number }) minimum!: number;
}

/** The OpenAPI schema of a list of fail rules: each one of the two kinds, told apart by `rule`. */
const FAIL_RULES = {
  type: 'array' as const,
  items: { oneOf: [{ $ref: getSchemaPath(TotalBelowMinimumView) }, { $ref: getSchemaPath(CriterionBelowMinimumView) }] },
};

@ApiExtraModels(TotalBelowMinimumView, CriterionBelowMinimumView)
export class ReviewView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assignmentId!: string;
  @ApiProperty({ format: 'uuid' }) advisorId!: string;
  @ApiProperty({ type: RubricRefView }) rubric!: RubricRefView;
  @ApiProperty({ type: [ScoreView] }) scores!: ScoreView[];
  @ApiProperty() total!: number;
  @ApiProperty() maxTotal!: number;
  @ApiProperty({ description: 'This review alone fails the rubric’s rules.' }) failed!: boolean;
  @ApiProperty(FAIL_RULES) failures!: FailRule[];
  @ApiProperty() comment!: string;
  @ApiProperty({ enum: ['accept', 'accept_with_conditions', 'decline'] }) recommendation!: string;
  @ApiProperty() submittedAt!: string;
  @ApiProperty({ description: 'Also the ETag: send it back in If-Match to amend the review (until the decision).' }) version!: number;
  @ApiProperty({ type: String, nullable: true, description: 'When it was last amended.' }) amendedAt!: string | null;
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
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) writtenBy!: string | null;
  @ApiProperty({ description: 'When the next text replaced it.' }) replacedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) replacedBy!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was replaced.' }) reason!: string | null;
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

/** `GET /v1/proposals/{id}/assignments`. */
export const AssignmentPageView = PageView(AssignmentView, 'AssignmentPage');
/** `GET /v1/proposals/{id}/reviews`. */
export const ReviewPageView = PageView(ReviewView, 'ReviewPage');
/** `GET /v1/proposals/{id}/reviews/{reviewId}/revisions`. */
export const ReviewRevisionPageView = PageView(ReviewRevisionView, 'ReviewRevisionPage');

/** Mean and spread of points (the standard deviation of the population), means and deviations rounded to 2 decimals. */
export class SpreadView {
  @ApiProperty({ type: Number }) mean!: number;
  @ApiProperty({ type: Number }) min!: number;
  @ApiProperty({ type: Number }) max!: number;
  @ApiProperty({ type: Number, description: 'Population standard deviation' }) stdDev!: number;
}

/** One criterion of the rubric across the reviews. */
export class CriterionSpreadView extends SpreadView {
  @ApiProperty() criterion!: string;
  @ApiProperty({ type: Number }) maxPoints!: number;
  @ApiProperty({ type: Number, description: 'The fail threshold of the criterion (maxPoints × the rubric’s minCriterionRatio)' })
  minimum!: number;
}

/** How many reviews recommend what (every recommendation, 0 when none). */
export class RecommendationCountsView {
  @ApiProperty({ type: Number }) accept!: number;
  @ApiProperty({ type: Number }) accept_with_conditions!: number;
  @ApiProperty({ type: Number }) decline!: number;
}

/** `GET /v1/proposals/{id}/review-summary`: the reviews together, with the rubric's fail rules applied to the means. */
@ApiExtraModels(TotalBelowMinimumView, CriterionBelowMinimumView)
export class ReviewSummaryView {
  @ApiProperty({ type: Number, description: 'Reviews written against the rubric (0 without a rubric)' }) reviews!: number;
  @ApiProperty({ type: [CriterionSpreadView], description: 'Empty without reviews' }) criteria!: CriterionSpreadView[];
  @ApiProperty({ type: SpreadView, nullable: true, description: 'Of the reviews’ totals; null without reviews' }) total!: SpreadView | null;
  @ApiProperty({ type: Number, description: '0 without a rubric' }) maxTotal!: number;
  @ApiProperty({ type: Boolean, nullable: true, description: 'The fail rules on the means; null without reviews' }) failed!: boolean | null;
  @ApiProperty(FAIL_RULES) failures!: FailRule[];
  @ApiProperty({ type: RubricRefView, nullable: true, description: 'The rubric fixed when screening started (else of the first review)' })
  rubric!: RubricRefView | null;
  /** Typed as the service types it; the document names the keys (every `Recommendation`, always there). */
  @ApiProperty({ type: RecommendationCountsView }) recommendations!: Record<string, number>;
}
