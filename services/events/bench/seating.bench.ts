/**
 * Seating benchmark: how close the planner (`src/seating`) comes to the best plan it can find with a
 * much longer search, and how far it is ahead of the baselines (seating in registration order dealt
 * round the tables, and random seating). Prints one table per attendee count.
 *
 *   npm run bench:seating -w services/events            # 60 and 300 attendees at tables of 6
 *   npm run bench:seating -w services/events -- 120 6    # other sizes: <attendees...> <table size>
 *
 * The mix score is 0 for an average random seating and 100 at a lower bound that no plan can beat,
 * so "gap" is an upper bound on how far a plan is from the true optimum.
 */
import { pathToFileURL } from 'node:url';
import { sampleAttendees, type AttendeeProfile } from './attendees.js';
import { randomPlan, roundRobinPlan } from '../src/seating/seating-baselines.js';
import { defaultIterations, planSeating } from '../src/seating/seating-optimizer.js';
import { scoreTables } from '../src/seating/seating-score.js';
import type { Tables } from '../src/seating/seating-model.js';

export interface BenchmarkOptions {
  sizes: number[];
  tableSize: number;
  profiles: AttendeeProfile[];
  /** Random plans to average over. */
  randomSamples: number;
  /** The long search: this many restarts, each with `iterationFactor` times the planner's iterations. */
  longSearch: { restarts: number; iterationFactor: number };
}

export interface BenchmarkRow {
  attendees: number;
  profile: AttendeeProfile;
  method: string;
  mixScore: number;
  cost: number;
  organizationPairs: number;
  unavoidableOrganizationPairs: number;
  milliseconds: number;
}

export const DEFAULT_BENCHMARK: BenchmarkOptions = {
  sizes: [60, 300],
  tableSize: 6,
  profiles: ['typical', 'dense'],
  randomSamples: 200,
  longSearch: { restarts: 8, iterationFactor: 10 },
};

function timed<T>(fn: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

export function runSeatingBenchmark(options: BenchmarkOptions = DEFAULT_BENCHMARK): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  for (const profile of options.profiles)
    for (const n of options.sizes) {
      const attendees = sampleAttendees(n, `bench-${n}`, Math.max(1, Math.floor(n / options.tableSize)), profile);
      const request = { attendees, tableSize: options.tableSize };
      const row = (method: string, tables: Tables, ms: number): BenchmarkRow => {
        const s = scoreTables(attendees, tables);
        return {
          attendees: n,
          profile,
          method,
          mixScore: s.mixScore,
          cost: s.cost,
          organizationPairs: s.organizationPairs,
          unavoidableOrganizationPairs: s.unavoidableOrganizationPairs,
          milliseconds: ms,
        };
      };
      const rr = timed(() => roundRobinPlan(request));
      rows.push(row('round-robin (registration order)', rr.value, rr.ms));
      const randoms = Array.from({ length: options.randomSamples }, (_, k) => timed(() => randomPlan(request, `random-${k}`)));
      const randomRows = randoms.map((r) => row('random', r.value, r.ms));
      const mean = (f: (r: BenchmarkRow) => number) => randomRows.reduce((sum, r) => sum + f(r), 0) / randomRows.length;
      rows.push({
        attendees: n,
        profile,
        method: `random (mean of ${options.randomSamples})`,
        mixScore: Math.round(mean((r) => r.mixScore) * 10) / 10,
        cost: Math.round(mean((r) => r.cost) * 10) / 10,
        organizationPairs: Math.round(mean((r) => r.organizationPairs) * 10) / 10,
        unavoidableOrganizationPairs: randomRows[0]!.unavoidableOrganizationPairs,
        milliseconds: mean((r) => r.milliseconds),
      });
      const ours = timed(() => planSeating(request));
      rows.push(row('planner (default settings)', ours.value.tables, ours.ms));
      const long = timed(() =>
        planSeating(request, {
          seed: 'long-search',
          restarts: options.longSearch.restarts,
          iterations: defaultIterations(n) * options.longSearch.iterationFactor,
        }),
      );
      rows.push(
        row(
          `long search (${options.longSearch.restarts} restarts × ${options.longSearch.iterationFactor}× iterations)`,
          long.value.tables,
          long.ms,
        ),
      );
    }
  return rows;
}

export function formatTable(rows: BenchmarkRow[]): string {
  const header = ['attendees', 'profile', 'method', 'mix score', 'cost', 'org pairs (unavoidable)', 'ms'];
  const body = rows.map((r) => [
    String(r.attendees),
    r.profile,
    r.method,
    r.mixScore.toFixed(1),
    r.cost.toFixed(1),
    `${r.organizationPairs} (${r.unavoidableOrganizationPairs})`,
    r.milliseconds < 10 ? r.milliseconds.toFixed(2) : r.milliseconds.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 1 || i === 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const out = [line(header), rule, ...body.map(line)];
  const bySize = new Map<string, BenchmarkRow[]>();
  for (const r of rows) bySize.set(`${r.attendees} ${r.profile}`, [...(bySize.get(`${r.attendees} ${r.profile}`) ?? []), r]);
  for (const [n, group] of bySize) {
    const planner = group.find((r) => r.method.startsWith('planner'));
    const long = group.find((r) => r.method.startsWith('long search'));
    if (planner && long) {
      out.push(
        `${n} attendees: planner ${planner.mixScore.toFixed(1)} vs long search ${long.mixScore.toFixed(1)} ` +
          `(${(long.mixScore - planner.mixScore).toFixed(1)} points apart, ${(100 - planner.mixScore).toFixed(1)} from the lower bound)`,
      );
    }
  }
  return out.join('\n');
}

function main(): void {
  const args = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  const options =
    args.length >= 2 ? { ...DEFAULT_BENCHMARK, sizes: args.slice(0, -1), tableSize: args[args.length - 1]! } : DEFAULT_BENCHMARK;
  process.stdout.write(`${formatTable(runSeatingBenchmark(options))}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
