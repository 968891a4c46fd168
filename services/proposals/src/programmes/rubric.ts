/**
 * Screening rubrics as data: criteria with maximum points, and fail rules. Each reviewer scores every
 * criterion; reviews are averaged; the fail rules apply to the averages (and are shown per review too).
 */

export interface CriterionDef {
  code: string;
  labelJa: string;
  labelEn: string | null;
  maxPoints: number;
}

export interface RubricDef {
  criteria: CriterionDef[];
  /** Fail when the total is under this many points. */
  minTotal: number;
  /** Fail when any criterion scores under this share of its maximum (0.3 = 30%). */
  minCriterionRatio: number;
}

export type Scores = Record<string, number>;

export type FailRule =
  | { rule: 'total_below_minimum'; total: number; minimum: number }
  | { rule: 'criterion_below_minimum'; criterion: string; points: number; minimum: number };

export interface Evaluation {
  total: number;
  maxTotal: number;
  failed: boolean;
  failures: FailRule[];
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
  /** Population standard deviation. */
  stdDev: number;
}

export interface CriterionAggregate extends Spread {
  criterion: string;
  maxPoints: number;
  /** The fail threshold for this criterion (maxPoints × minCriterionRatio). */
  minimum: number;
}

export interface Aggregate {
  reviews: number;
  criteria: CriterionAggregate[];
  total: Spread | null;
  maxTotal: number;
  /** Fail rules applied to the averaged scores; null without reviews. */
  failed: boolean | null;
  failures: FailRule[];
}

export const CRITERION_CODE_PATTERN = /^[a-z][a-z0-9_]{0,59}$/;

export function maxTotal(rubric: RubricDef): number {
  return rubric.criteria.reduce((sum, c) => sum + c.maxPoints, 0);
}

/** Problems with a rubric definition (empty when sound). */
export function rubricProblems(rubric: RubricDef): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (rubric.criteria.length === 0) problems.push({ field: 'criteria', message: 'a rubric needs at least one criterion' });
  const seen = new Set<string>();
  rubric.criteria.forEach((c, i) => {
    if (!CRITERION_CODE_PATTERN.test(c.code))
      problems.push({ field: `criteria.${i}.code`, message: 'must be lower-case letters, digits and _' });
    if (seen.has(c.code)) problems.push({ field: `criteria.${i}.code`, message: `criterion ${c.code} appears twice` });
    seen.add(c.code);
    if (!Number.isInteger(c.maxPoints) || c.maxPoints < 1)
      problems.push({ field: `criteria.${i}.maxPoints`, message: 'must be a positive integer' });
  });
  if (rubric.minTotal < 0 || rubric.minTotal > maxTotal(rubric)) {
    problems.push({ field: 'minTotal', message: `must be between 0 and the rubric's ${maxTotal(rubric)} points` });
  }
  if (!(rubric.minCriterionRatio >= 0 && rubric.minCriterionRatio <= 1))
    problems.push({ field: 'minCriterionRatio', message: 'must be between 0 and 1' });
  return problems;
}

/** Problems with one reviewer's scores against the rubric: every criterion once, whole points within 0..max. */
export function scoreProblems(rubric: RubricDef, scores: { criterion: string; points: number }[]): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const byCode = new Map(rubric.criteria.map((c) => [c.code, c]));
  const seen = new Set<string>();
  scores.forEach((s, i) => {
    const criterion = byCode.get(s.criterion);
    if (!criterion) {
      problems.push({ field: `scores.${i}.criterion`, message: `${s.criterion} is not a criterion of this rubric` });
      return;
    }
    if (seen.has(s.criterion)) problems.push({ field: `scores.${i}.criterion`, message: `${s.criterion} is scored twice` });
    seen.add(s.criterion);
    if (!Number.isInteger(s.points) || s.points < 0 || s.points > criterion.maxPoints) {
      problems.push({ field: `scores.${i}.points`, message: `must be a whole number from 0 to ${criterion.maxPoints}` });
    }
  });
  for (const c of rubric.criteria) if (!seen.has(c.code)) problems.push({ field: 'scores', message: `${c.code} is not scored` });
  return problems;
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

function failures(rubric: RubricDef, scores: Scores, total: number): FailRule[] {
  const out: FailRule[] = [];
  if (total < rubric.minTotal) out.push({ rule: 'total_below_minimum', total: round2(total), minimum: rubric.minTotal });
  for (const c of rubric.criteria) {
    const minimum = c.maxPoints * rubric.minCriterionRatio;
    const points = scores[c.code] ?? 0;
    if (points < minimum)
      out.push({ rule: 'criterion_below_minimum', criterion: c.code, points: round2(points), minimum: round2(minimum) });
  }
  return out;
}

/** One review against the rubric: total and fail rules. */
export function evaluate(rubric: RubricDef, scores: Scores): Evaluation {
  const total = rubric.criteria.reduce((sum, c) => sum + (scores[c.code] ?? 0), 0);
  const failed = failures(rubric, scores, total);
  return { total, maxTotal: maxTotal(rubric), failed: failed.length > 0, failures: failed };
}

function spread(values: number[]): Spread {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
  return { mean: round2(mean), min: Math.min(...values), max: Math.max(...values), stdDev: round2(Math.sqrt(variance)) };
}

/** Several reviews together: mean and spread per criterion and overall; the fail rules applied to the means. */
export function aggregate(rubric: RubricDef, reviews: Scores[]): Aggregate {
  if (reviews.length === 0) {
    return { reviews: 0, criteria: [], total: null, maxTotal: maxTotal(rubric), failed: null, failures: [] };
  }
  const criteria = rubric.criteria.map((c) => ({
    criterion: c.code,
    maxPoints: c.maxPoints,
    minimum: round2(c.maxPoints * rubric.minCriterionRatio),
    ...spread(reviews.map((r) => r[c.code] ?? 0)),
  }));
  const totals = reviews.map((r) => rubric.criteria.reduce((sum, c) => sum + (r[c.code] ?? 0), 0));
  // The rules apply to the unrounded means.
  const means: Scores = Object.fromEntries(
    rubric.criteria.map((c) => [c.code, reviews.reduce((sum, r) => sum + (r[c.code] ?? 0), 0) / reviews.length]),
  );
  const meanTotal = totals.reduce((a, b) => a + b, 0) / totals.length;
  const failed = failures(rubric, means, meanTotal);
  return {
    reviews: reviews.length,
    criteria,
    total: spread(totals),
    maxTotal: maxTotal(rubric),
    failed: failed.length > 0,
    failures: failed,
  };
}
