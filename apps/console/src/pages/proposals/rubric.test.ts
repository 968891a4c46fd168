import { describe, expect, it } from 'vitest';
import { evaluate } from './rubric';
import { corporateNumberValid } from '../registry/corporate-number';

const rubric = {
  minTotal: 60,
  minCriterionRatio: 0.4,
  maxTotal: 100,
  criteria: [
    { code: 'novelty', maxPoints: 50 },
    { code: 'market', maxPoints: 50 },
  ],
};

describe('the review form arithmetic', () => {
  it('adds the scores and passes a review above both rules', () => {
    expect(evaluate(rubric, { novelty: 40, market: 30 })).toEqual({ total: 70, maxTotal: 100, complete: true, failures: [] });
  });
  it('fails a total under the minimum and a criterion under its share, and says which', () => {
    expect(evaluate(rubric, { novelty: 45, market: 10 }).failures).toEqual([
      { rule: 'min_total', total: 55, minimum: 60 },
      { rule: 'min_criterion', criterion: 'market', points: 10, minimum: 20 },
    ]);
  });
  it('is incomplete until every criterion has a score, and judges no total before that', () => {
    const r = evaluate(rubric, { novelty: 10 });
    expect(r.complete).toBe(false);
    expect(r.failures).toEqual([{ rule: 'min_criterion', criterion: 'novelty', points: 10, minimum: 20 }]);
  });
});

describe('corporate numbers (法人番号)', () => {
  it('accepts the check digits of real examples and refuses a changed digit', () => {
    for (const n of ['7010705000725', '4011001098993', '2120901007402']) expect(corporateNumberValid(n)).toBe(true);
    expect(corporateNumberValid('7010705000726')).toBe(false);
    expect(corporateNumberValid('701070500072')).toBe(false);
  });
});
