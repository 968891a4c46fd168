import {
  buildProblem,
  DEFAULT_WEIGHTS,
  type SeatingAttendee,
  type SeatingProblem,
  type SeatingWeights,
  type Tables,
} from './seating-model.js';

/**
 * The least number of same-label pairs when `count` people with one label sit at tables of the given
 * sizes: spread them as evenly as the sizes allow (water filling, optimal because pair counts are convex).
 */
export function minimumPairs(count: number, sizes: number[]): number {
  if (count <= 1 || sizes.length === 0) return 0;
  const placed = new Array<number>(sizes.length).fill(0);
  for (let k = 0; k < count; k++) {
    let best = -1;
    for (let t = 0; t < sizes.length; t++) {
      if (placed[t]! < sizes[t]! && (best < 0 || placed[t]! < placed[best]!)) best = t;
    }
    if (best < 0) break;
    placed[best]!++;
  }
  return placed.reduce((sum, c) => sum + (c * (c - 1)) / 2, 0);
}

const pairs = (n: number): number => (n * (n - 1)) / 2;

/** Weighted shared pairs at one table (by score weights unless others are given). */
export function tableCost(problem: SeatingProblem, members: number[], weights: Float64Array = problem.weight): number {
  const counts = new Map<number, number>();
  for (const i of members) for (const l of problem.labelsOf[i]!) counts.set(l, (counts.get(l) ?? 0) + 1);
  let cost = 0;
  for (const [l, c] of counts) cost += weights[l]! * pairs(c);
  return cost;
}

/** Σ over labels of weight × pairs sharing it, if everyone sat at one table: the pool a random seating draws from. */
export function totalPairWeight(problem: SeatingProblem, weights: Float64Array = problem.weight): number {
  let total = 0;
  for (let l = 0; l < problem.labelTotals.length; l++) total += weights[l]! * pairs(problem.labelTotals[l]!);
  return total;
}

/** The chance that two given attendees share a table when everyone is seated at random with these table sizes. */
export function sameTableProbability(sizes: number[]): number {
  const n = sizes.reduce((a, b) => a + b, 0);
  if (n < 2) return 0;
  return sizes.reduce((sum, s) => sum + s * (s - 1), 0) / (n * (n - 1));
}

/** A bound no plan with these table sizes can go below: every label spread as evenly as possible on its own. */
export function lowerBound(problem: SeatingProblem, sizes: number[], weights: Float64Array = problem.weight): number {
  let bound = 0;
  for (let l = 0; l < problem.labelTotals.length; l++) bound += weights[l]! * minimumPairs(problem.labelTotals[l]!, sizes);
  return bound;
}

/** The least number of same-organisation pairs any plan with these table sizes must have. */
export function unavoidableOrganizationPairs(problem: SeatingProblem, sizes: number[]): number {
  let total = 0;
  for (let l = 0; l < problem.labelTotals.length; l++) {
    if (problem.labelKinds[l] === 'organization') total += minimumPairs(problem.labelTotals[l]!, sizes);
  }
  return total;
}

export interface TableScore {
  /** 1-based table number. */
  table: number;
  size: number;
  /** 0..100: how far this table is from an average random table (0) towards its share of the lower bound (100). */
  mixScore: number;
  cost: number;
  organizationPairs: number;
  sectorPairs: number;
  focusFieldPairs: number;
  studyGroupPairs: number;
  sectors: Record<string, number>;
  focusFields: Record<string, number>;
}

export interface PlanScore {
  /** 100 × (random − cost) / (random − bound): 0 = what a random seating gets on average, 100 = the lower bound. */
  mixScore: number;
  cost: number;
  randomExpectedCost: number;
  lowerBound: number;
  organizationPairs: number;
  unavoidableOrganizationPairs: number;
  sectorPairs: number;
  focusFieldPairs: number;
  studyGroupPairs: number;
  tables: TableScore[];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

function relativeScore(expected: number, cost: number, bound: number): number {
  const span = expected - bound;
  if (span <= 1e-9) return cost <= bound + 1e-9 ? 100 : 0;
  return (100 * (expected - cost)) / span;
}

/** Scores a plan; `tables` may be any partition of some attendees (hand-adjusted plans too). */
export function scorePlan(problem: SeatingProblem, tables: number[][]): PlanScore {
  const sizes = tables.map((t) => t.length);
  const p = sameTableProbability(sizes);
  const total = totalPairWeight(problem);
  const expected = p * total;
  const bound = lowerBound(problem, sizes);
  const pairSum = sizes.reduce((sum, s) => sum + s * (s - 1), 0);
  const n = sizes.reduce((a, b) => a + b, 0);
  let cost = 0;
  const byKind = { organization: 0, sector: 0, focusField: 0, studyGroup: 0 };
  const tableScores: TableScore[] = tables.map((members, t) => {
    const counts = new Map<number, number>();
    for (const i of members) for (const l of problem.labelsOf[i]!) counts.set(l, (counts.get(l) ?? 0) + 1);
    let tCost = 0;
    const kinds = { organization: 0, sector: 0, focusField: 0, studyGroup: 0 };
    const sectors: Record<string, number> = {};
    const focusFields: Record<string, number> = {};
    for (const [l, c] of counts) {
      const kind = problem.labelKinds[l]!;
      tCost += problem.weight[l]! * pairs(c);
      kinds[kind] += pairs(c);
      if (kind === 'sector') sectors[problem.labelNames[l]!] = c;
      if (kind === 'focusField') focusFields[problem.labelNames[l]!] = c;
    }
    cost += tCost;
    for (const k of Object.keys(byKind) as (keyof typeof byKind)[]) byKind[k] += kinds[k];
    const s = members.length;
    const share = pairSum > 0 ? (s * (s - 1)) / pairSum : 0;
    const tExpected = n > 1 ? ((s * (s - 1)) / (n * (n - 1))) * total : 0;
    const tBound = bound * share;
    return {
      table: t + 1,
      size: s,
      mixScore: round1(Math.min(100, Math.max(0, relativeScore(tExpected, tCost, tBound)))),
      cost: tCost,
      organizationPairs: kinds.organization,
      sectorPairs: kinds.sector,
      focusFieldPairs: kinds.focusField,
      studyGroupPairs: kinds.studyGroup,
      sectors,
      focusFields,
    };
  });
  return {
    mixScore: round1(relativeScore(expected, cost, bound)),
    cost,
    randomExpectedCost: Math.round(expected * 100) / 100,
    lowerBound: bound,
    organizationPairs: byKind.organization,
    unavoidableOrganizationPairs: unavoidableOrganizationPairs(problem, sizes),
    sectorPairs: byKind.sector,
    focusFieldPairs: byKind.focusField,
    studyGroupPairs: byKind.studyGroup,
    tables: tableScores,
  };
}

/** Scores tables given by attendee id; ids not among the attendees are ignored. */
export function scoreTables(attendees: SeatingAttendee[], tables: Tables, weights: SeatingWeights = DEFAULT_WEIGHTS): PlanScore {
  const problem = buildProblem(attendees, weights);
  return scorePlan(
    problem,
    tables.map((ids) => ids.map((id) => problem.indexOf.get(id)).filter((i): i is number => i !== undefined)),
  );
}
