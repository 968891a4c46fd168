/**
 * Seats attendees so that shared pairs (same organisation, sector, focus field, study group) are as few
 * as possible: a deterministic construction that never seats two people of one organisation together
 * when that can be avoided, improved by simulated annealing over swaps and finished by a steepest
 * local search. The same request always gives the same plan (the random stream is seeded by the request).
 */
import { Prng } from './prng.js';
import {
  buildProblem,
  canonicalRequest,
  DEFAULT_WEIGHTS,
  requestHash,
  tableSizes,
  type SeatingProblem,
  type SeatingRequest,
  type SeatingWeights,
  type Tables,
} from './seating-model.js';

// Module-level aliases: the annealing loop runs hundreds of thousands of times.
const exp = Math.exp;

export interface OptimizerOptions {
  /** Annealing steps per restart; default scales with the number of attendees. */
  iterations?: number;
  /** Independent annealing runs; the best is kept. */
  restarts?: number;
  /** Overrides the seed derived from the request (the benchmark's long search uses other seeds). */
  seed?: string;
  weights?: SeatingWeights;
}

export interface SeatingResult {
  tables: Tables;
  /** The optimiser's own objective (organisation pairs lifted); lower is better. */
  objective: number;
  inputHash: string;
}

export function defaultIterations(attendeeCount: number): number {
  return Math.min(600_000, Math.max(30_000, attendeeCount * 2_000));
}

/** The mutable state of a plan during the search: who sits where, and label counts per table. */
class PlanState {
  readonly tableOf: Int32Array;
  readonly members: number[][];
  readonly slot: Int32Array;
  /** counts[t * L + l]: attendees at table t carrying label l. */
  readonly counts: Int32Array;
  cost = 0;
  private readonly mark: Int32Array;
  private stamp = 0;

  constructor(
    private readonly problem: SeatingProblem,
    readonly weights: Float64Array,
    assignment: number[][],
  ) {
    const n = problem.attendees.length;
    const labels = problem.labelKinds.length;
    this.tableOf = new Int32Array(n);
    this.slot = new Int32Array(n);
    this.members = assignment.map((m) => [...m]);
    this.counts = new Int32Array(assignment.length * labels);
    this.mark = new Int32Array(labels);
    this.members.forEach((m, t) =>
      m.forEach((i, k) => {
        this.tableOf[i] = t;
        this.slot[i] = k;
        for (const l of problem.labelsOf[i]!) this.counts[t * labels + l]!++;
      }),
    );
    this.cost = this.fullCost();
  }

  fullCost(): number {
    const labels = this.problem.labelKinds.length;
    let cost = 0;
    for (let t = 0; t < this.members.length; t++) {
      for (let l = 0; l < labels; l++) {
        const c = this.counts[t * labels + l]!;
        if (c > 1) cost += (this.weights[l]! * c * (c - 1)) / 2;
      }
    }
    return cost;
  }

  /** Change of cost if attendees i and j (at different tables) traded seats. */
  swapDelta(i: number, j: number): number {
    const a = this.tableOf[i]!;
    const b = this.tableOf[j]!;
    if (a === b) return 0;
    const L = this.problem.labelKinds.length;
    const li = this.problem.labelsOf[i]!;
    const lj = this.problem.labelsOf[j]!;
    const w = this.weights;
    const c = this.counts;
    const mark = this.mark;
    this.stamp += 2;
    const markI = this.stamp - 1;
    const markJ = this.stamp;
    for (let k = 0; k < li.length; k++) mark[li[k]!] = markI;
    let delta = 0;
    const baseA = a * L;
    const baseB = b * L;
    // Table a loses i and gains j; table b loses j and gains i. Shared labels cancel out.
    for (let k = 0; k < lj.length; k++) {
      const l = lj[k]!;
      if (mark[l] === markI) {
        mark[l] = markJ;
        continue;
      }
      delta += w[l]! * (c[baseA + l]! - c[baseB + l]! + 1);
    }
    for (let k = 0; k < li.length; k++) {
      const l = li[k]!;
      if (mark[l] === markJ) continue;
      delta += w[l]! * (c[baseB + l]! - c[baseA + l]! + 1);
    }
    return delta;
  }

  swap(i: number, j: number, delta: number): void {
    const a = this.tableOf[i]!;
    const b = this.tableOf[j]!;
    const L = this.problem.labelKinds.length;
    const li = this.problem.labelsOf[i]!;
    const lj = this.problem.labelsOf[j]!;
    for (let k = 0; k < li.length; k++) {
      this.counts[a * L + li[k]!]!--;
      this.counts[b * L + li[k]!]!++;
    }
    for (let k = 0; k < lj.length; k++) {
      this.counts[b * L + lj[k]!]!--;
      this.counts[a * L + lj[k]!]!++;
    }
    const si = this.slot[i]!;
    const sj = this.slot[j]!;
    this.members[a]![si] = j;
    this.members[b]![sj] = i;
    this.tableOf[i] = b;
    this.tableOf[j] = a;
    this.slot[i] = sj;
    this.slot[j] = si;
    this.cost += delta;
  }

  snapshot(): number[][] {
    return this.members.map((m) => [...m]);
  }
}

/**
 * The starting plan: attendees grouped by organisation (largest first), then by sector, dealt to the
 * tables in turn. Consecutive people of one organisation land at different tables, so when no
 * organisation has more people than there are tables, no table has two of them.
 */
export function constructInitial(problem: SeatingProblem, sizes: number[]): number[][] {
  const orgSize = new Map<string, number>();
  for (const a of problem.attendees) if (a.organizationKey) orgSize.set(a.organizationKey, (orgSize.get(a.organizationKey) ?? 0) + 1);
  const order = problem.attendees
    .map((a, i) => ({ a, i }))
    .sort((x, y) => {
      const sx = x.a.organizationKey ? orgSize.get(x.a.organizationKey)! : 0;
      const sy = y.a.organizationKey ? orgSize.get(y.a.organizationKey)! : 0;
      if (sx !== sy) return sy - sx;
      const ox = x.a.organizationKey ?? '';
      const oy = y.a.organizationKey ?? '';
      if (ox !== oy) return ox < oy ? -1 : 1;
      const ex = x.a.sector ?? '~';
      const ey = y.a.sector ?? '~';
      if (ex !== ey) return ex < ey ? -1 : 1;
      return x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0;
    });
  const tables: number[][] = sizes.map(() => []);
  let t = 0;
  for (const { i } of order) {
    while (tables[t]!.length >= sizes[t]!) t = (t + 1) % sizes.length;
    tables[t]!.push(i);
    t = (t + 1) % sizes.length;
  }
  return tables;
}

function anneal(state: PlanState, prng: Prng, iterations: number): number[][] {
  const n = state.tableOf.length;
  let best = state.snapshot();
  let bestCost = state.cost;
  if (state.members.length < 2 || n < 2) return best;
  // Starting temperature from the typical size of a worsening move (ignoring organisation clashes).
  let sum = 0;
  let seen = 0;
  for (let k = 0; k < 200; k++) {
    const i = prng.int(n);
    const j = prng.int(n);
    const d = state.swapDelta(i, j);
    if (d > 0 && d < 100) {
      sum += d;
      seen++;
    }
  }
  const t0 = seen ? (sum / seen) * 0.6 : 1;
  const t1 = t0 / 500;
  const cooling = Math.pow(t1 / t0, 1 / Math.max(1, iterations));
  let temperature = t0;
  for (let k = 0; k < iterations; k++) {
    temperature *= cooling;
    const i = prng.int(n);
    const j = prng.int(n);
    if (state.tableOf[i] === state.tableOf[j]) continue;
    const d = state.swapDelta(i, j);
    if (d <= 0 || prng.next() < exp(-d / temperature)) {
      state.swap(i, j, d);
      if (state.cost < bestCost - 1e-9) {
        bestCost = state.cost;
        best = state.snapshot();
      }
    }
  }
  return best;
}

/** Above this many attendees the O(n²) finishing pass is skipped: annealing alone has to do. */
export const DESCENT_LIMIT = 600;

/** Applies improving swaps, the best of each pass, until no swap improves the plan (a local optimum). */
function descend(state: PlanState, maxPasses = 500): void {
  const n = state.tableOf.length;
  if (n > DESCENT_LIMIT) return;
  for (let pass = 0; pass < maxPasses; pass++) {
    let bestDelta = -1e-9;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        if (state.tableOf[i] === state.tableOf[j]) continue;
        const d = state.swapDelta(i, j);
        if (d < bestDelta) {
          bestDelta = d;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) return;
    state.swap(bi, bj, bestDelta);
  }
}

function toIds(problem: SeatingProblem, tables: number[][]): Tables {
  return tables.map((m) => m.map((i) => problem.attendees[i]!.id).sort());
}

/** Plans the seating of a request. Deterministic: the same request (in any attendee order) gives the same plan. */
export function planSeating(request: SeatingRequest, options: OptimizerOptions = {}): SeatingResult {
  const canonical = canonicalRequest(request);
  const inputHash = requestHash(canonical);
  const sizes = tableSizes(canonical.attendees.length, canonical.tableSize, canonical.hostsPerTable);
  const problem = buildProblem(canonical.attendees, options.weights ?? DEFAULT_WEIGHTS);
  if (sizes.length === 0) return { tables: [], objective: 0, inputHash };
  const start = constructInitial(problem, sizes);
  const iterations = options.iterations ?? defaultIterations(canonical.attendees.length);
  const restarts = Math.max(1, options.restarts ?? 2);
  let bestTables = start;
  let bestCost = new PlanState(problem, problem.optimizerWeight, start).cost;
  for (let r = 0; r < restarts; r++) {
    const prng = new Prng(`${options.seed ?? inputHash}:${r}`);
    const state = new PlanState(problem, problem.optimizerWeight, start);
    const annealed = anneal(state, prng, iterations);
    const polished = new PlanState(problem, problem.optimizerWeight, annealed);
    descend(polished);
    if (polished.cost < bestCost - 1e-9) {
      bestCost = polished.cost;
      bestTables = polished.snapshot();
    }
  }
  return { tables: toIds(problem, bestTables), objective: bestCost, inputHash };
}
