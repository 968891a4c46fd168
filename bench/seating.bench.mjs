// Benchmark 5: seating quality and speed. Wraps the events service's own benchmark
// (services/events/bench/seating.bench.ts, compiled here into bench/dist/seating): the planner's mix score
// beside random plans, round-robin plans and the best plan a long search finds, for 60 and 300 attendees.
// Targets: at least 95% of the long search's score; under a second for 300 attendees.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../load/lib/platform.mjs';
import { row } from './lib.mjs';

export const name = 'seating';

export async function run(ctx) {
  const outDir = join(ROOT, 'bench', 'dist', 'seating');
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      join(ROOT, 'services', 'events', 'tsconfig.bench.json'),
      '--outDir',
      outDir,
    ],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
  const bench = await import(pathToFileURL(join(outDir, 'bench', 'seating.bench.js')).href);
  const options = ctx.smoke
    ? { sizes: [60], tableSize: 6, profiles: ['typical'], randomSamples: 10, longSearch: { restarts: 1, iterationFactor: 1 } }
    : bench.DEFAULT_BENCHMARK;
  const results = bench.runSeatingBenchmark(options);
  if (!ctx.smoke) ctx.log(`\n${bench.formatTable(results)}`);
  const rows = [];
  const groups = new Map();
  for (const r of results) groups.set(`${r.attendees} ${r.profile}`, [...(groups.get(`${r.attendees} ${r.profile}`) ?? []), r]);
  for (const [key, g] of groups) {
    const find = (prefix) => g.find((r) => r.method.startsWith(prefix));
    const planner = find('planner');
    const long = find('long search');
    const random = find('random');
    const roundRobin = find('round-robin');
    const attendees = planner.attendees;
    rows.push(
      row(
        `5. seating ${key}: planner mix score`,
        planner.mixScore,
        'score',
        long.mixScore,
        '>= 0.95 x long search',
        `long search ${long.milliseconds.toFixed(0)} ms`,
      ),
    );
    rows.push(row(`5. seating ${key}: random plans (mean) mix score`, random.mixScore, 'score', null, null));
    rows.push(row(`5. seating ${key}: round-robin mix score`, roundRobin.mixScore, 'score', null, null));
    rows.push(row(`5. seating ${key}: planner time`, planner.milliseconds, 'ms', long.milliseconds, attendees >= 300 ? '< 1000 ms' : null));
  }
  return rows;
}
