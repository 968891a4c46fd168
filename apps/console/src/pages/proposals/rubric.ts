/**
 * The review form's live arithmetic: total and the rubric's fail rules, as the proposals service applies them
 * (a total under minTotal fails; any criterion under maxPoints × minCriterionRatio fails). The service stays the
 * judge: this only shows the advisor what the submitted review will say.
 */
export interface RubricLike {
  minTotal: number;
  minCriterionRatio: number;
  maxTotal: number;
  criteria: { code: string; maxPoints: number }[];
}

export interface Evaluation {
  total: number;
  maxTotal: number;
  complete: boolean;
  failures: (
    { rule: 'min_total'; total: number; minimum: number } | { rule: 'min_criterion'; criterion: string; points: number; minimum: number }
  )[];
}

export function evaluate(rubric: RubricLike, scores: Record<string, number | undefined>): Evaluation {
  const given = rubric.criteria.map((c) => scores[c.code]);
  const complete = given.every((p) => typeof p === 'number' && Number.isFinite(p));
  const total = given.reduce<number>((sum, p) => sum + (p ?? 0), 0);
  const failures: Evaluation['failures'] = [];
  if (complete && total < rubric.minTotal) failures.push({ rule: 'min_total', total, minimum: rubric.minTotal });
  for (const c of rubric.criteria) {
    const points = scores[c.code];
    const minimum = c.maxPoints * rubric.minCriterionRatio;
    if (typeof points === 'number' && points < minimum) failures.push({ rule: 'min_criterion', criterion: c.code, points, minimum });
  }
  return { total, maxTotal: rubric.maxTotal, complete, failures };
}
