import { describe, expect, it } from '@jest/globals';
import { aggregate, evaluate, rubricProblems, scoreProblems, type Scores } from './rubric.js';
import { SUPPORT_TRACK_RUBRIC as rubric } from './support-track.js';

const full = (over: Scores = {}): Scores => ({
  novelty: 15,
  feasibility: 14,
  market: 13,
  team: 11,
  regional_spillover: 10,
  cluster_necessity: 7,
  ...over,
});

describe('the default rubric', () => {
  it('has docs/domain.md’s six criteria worth 100 points and is sound', () => {
    expect(rubric.criteria.map((c) => [c.code, c.maxPoints])).toEqual([
      ['novelty', 20],
      ['feasibility', 20],
      ['market', 20],
      ['team', 15],
      ['regional_spillover', 15],
      ['cluster_necessity', 10],
    ]);
    expect(rubricProblems(rubric)).toEqual([]);
  });

  it('passes a review with 70 points and every criterion at 30% or more', () => {
    expect(evaluate(rubric, full())).toEqual({ total: 70, maxTotal: 100, failed: false, failures: [] });
  });

  it('fails under 60 overall', () => {
    const e = evaluate(rubric, full({ novelty: 6, feasibility: 6, market: 6 }));
    expect(e.total).toBe(46);
    expect(e.failures).toEqual([{ rule: 'total_below_minimum', total: 46, minimum: 60 }]);
  });

  it('fails any criterion under 30% of its points, even with a good total; exactly 30% passes', () => {
    const e = evaluate(rubric, full({ novelty: 20, feasibility: 20, market: 20, cluster_necessity: 2 }));
    expect(e.total).toBe(83);
    expect(e.failures).toEqual([{ rule: 'criterion_below_minimum', criterion: 'cluster_necessity', points: 2, minimum: 3 }]);
    expect(evaluate(rubric, full({ cluster_necessity: 3, team: 5 })).failed).toBe(false); // 3/10 and 5/15 >= 30%
    expect(evaluate(rubric, full({ team: 4 })).failures).toEqual([
      { rule: 'criterion_below_minimum', criterion: 'team', points: 4, minimum: 4.5 },
    ]);
  });
});

describe('scores against a rubric', () => {
  it('wants every criterion exactly once, in whole points within its maximum', () => {
    expect(
      scoreProblems(
        rubric,
        Object.entries(full()).map(([criterion, points]) => ({ criterion, points })),
      ),
    ).toEqual([]);
    const problems = scoreProblems(rubric, [
      { criterion: 'novelty', points: 21 },
      { criterion: 'novelty', points: 3 },
      { criterion: 'feasibility', points: 2.5 },
      { criterion: 'market', points: -1 },
      { criterion: 'charisma', points: 5 },
    ]);
    expect(problems).toEqual([
      { field: 'scores.0.points', message: 'must be a whole number from 0 to 20' },
      { field: 'scores.1.criterion', message: 'novelty is scored twice' },
      { field: 'scores.2.points', message: 'must be a whole number from 0 to 20' },
      { field: 'scores.3.points', message: 'must be a whole number from 0 to 20' },
      { field: 'scores.4.criterion', message: 'charisma is not a criterion of this rubric' },
      { field: 'scores', message: 'team is not scored' },
      { field: 'scores', message: 'regional_spillover is not scored' },
      { field: 'scores', message: 'cluster_necessity is not scored' },
    ]);
  });
});

describe('aggregating reviews', () => {
  it('gives mean, min, max and spread per criterion and overall', () => {
    const a = aggregate(rubric, [full(), full({ novelty: 9, market: 19 })]);
    expect(a.reviews).toBe(2);
    expect(a.criteria.find((c) => c.criterion === 'novelty')).toEqual({
      criterion: 'novelty',
      maxPoints: 20,
      minimum: 6,
      mean: 12,
      min: 9,
      max: 15,
      stdDev: 3,
    });
    expect(a.total).toEqual({ mean: 70, min: 70, max: 70, stdDev: 0 });
    expect(a.failed).toBe(false);
  });

  it('applies the fail rules to the averages, not to single reviews', () => {
    // One reviewer gives cluster_necessity 2 (fails alone), the other 6: mean 4 >= 3 passes.
    const a = aggregate(rubric, [full({ cluster_necessity: 2 }), full({ cluster_necessity: 6 })]);
    expect(a.failed).toBe(false);
    // Totals 55 and 64: mean 59.5 fails.
    const b = aggregate(rubric, [full({ novelty: 0 }), full({ novelty: 9 })]);
    expect(b.total?.mean).toBe(59.5);
    expect(b.failures).toContainEqual({ rule: 'total_below_minimum', total: 59.5, minimum: 60 });
  });

  it('says nothing without reviews', () => {
    expect(aggregate(rubric, [])).toEqual({ reviews: 0, criteria: [], total: null, maxTotal: 100, failed: null, failures: [] });
  });

  it('refuses a rubric without criteria or with impossible rules', () => {
    const fields = rubricProblems({
      criteria: [
        { code: 'a', labelJa: 'A', labelEn: null, maxPoints: 0 },
        { code: 'a', labelJa: 'A', labelEn: null, maxPoints: 10 },
      ],
      minTotal: 50,
      minCriterionRatio: 1.5,
    }).map((p) => p.field);
    expect(fields).toEqual(['criteria.0.maxPoints', 'criteria.1.code', 'minTotal', 'minCriterionRatio']);
    expect(rubricProblems({ criteria: [], minTotal: 0, minCriterionRatio: 0 }).map((p) => p.field)).toEqual(['criteria']);
  });
});
