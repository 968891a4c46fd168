import type { Documents, Page } from '@collabo/service-kit';
import type { CriterionAggregate, FailRule, Spread } from '../programmes/rubric.js';
import type { Recommendation } from './review.entity.js';
import type {
  CriterionBelowMinimumView,
  CriterionSpreadView,
  RecommendationCountsView,
  ReviewPageView,
  ReviewSummaryView,
  ReviewView,
  SpreadView,
  TotalBelowMinimumView,
} from './review.view.js';
import type { ReviewSummary } from './reviews.service.js';

// Kept apart from review.view.ts, which the service imports: the view classes and the service's own types meet here only.
/** Each class documents exactly what the service answers (compile-time). */
export const REVIEW_VIEWS_MATCH: [
  Documents<TotalBelowMinimumView, Extract<FailRule, { rule: 'total_below_minimum' }>>,
  Documents<CriterionBelowMinimumView, Extract<FailRule, { rule: 'criterion_below_minimum' }>>,
  Documents<SpreadView, Spread>,
  Documents<CriterionSpreadView, CriterionAggregate>,
  Documents<keyof RecommendationCountsView, Recommendation>,
  Documents<ReviewSummaryView, ReviewSummary>,
  Documents<InstanceType<typeof ReviewPageView>, Page<ReviewView>>,
] = [true, true, true, true, true, true, true];
