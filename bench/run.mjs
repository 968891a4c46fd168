#!/usr/bin/env node
// `npm run bench [-- name ...] [-- --smoke | --quick]`: runs the benchmarks, prints one table, writes bench/results.json.
//   names: outbox, registry-http, registry-rpc, e2e-email, seating, memory (default: all, in this order), and the
//   opt-in registry-national (search on 1,000,000 organisations; BENCH_NATIONAL_ORGANIZATIONS), run only when named
//   --smoke  each for a few seconds on small data (part of npm test, so the benchmarks cannot rot); figures not recorded
//   --quick  full data, shorter windows (benchmark 4: 10 s per rate instead of 60 s); figures not recorded
// Every service, database, stream and baseline server a run starts is removed at the end, also on Ctrl-C.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createLoadContext } from '../load/lib/context.mjs';
import { withPlatform } from '../load/lib/platform.mjs';
import { machine, printTable, writeResults } from './lib.mjs';
import { httpBench, nationalSearchBench, rpcBench } from './registry.bench.mjs';

// Nest's NATS client (inside the kit's RpcClient) would log its connection status to stdout, into the table.
Logger.overrideLogger(['error']);

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const all = [
  await import('./outbox-relay.bench.mjs'),
  httpBench,
  rpcBench,
  await import('./e2e-email.bench.mjs'),
  await import('./seating.bench.mjs'),
  await import('./memory.bench.mjs'),
  nationalSearchBench,
];
const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${all.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
// An opt-in benchmark (long to load) runs when named, and in the smoke run on small data.
const selected = all.filter((b) => (wanted.length ? wanted.includes(b.name) : !b.optIn || smoke));
const log = (line) => process.stderr.write(`[bench] ${line}\n`);
const failed = [];

console.log(
  `machine: ${machine()}${smoke ? '  (smoke run: small data, figures not recorded)' : quick ? '  (quick run: short windows, figures not recorded)' : ''}`,
);
const rows = await withPlatform({ label: 'bench', log }, async (platform) => {
  const fixtures = new Map();
  const ctx = {
    smoke,
    quick,
    platform,
    log,
    load: createLoadContext({ platform, log, smoke, seed: 'collabo-bench' }),
    /** Resident memory per service, noted by the benchmarks that load it (for benchmark 6). */
    memory: new Map(),
    /** Something several benchmarks share (the registry with its dataset), made once. */
    fixture(key, make) {
      if (!fixtures.has(key)) fixtures.set(key, make());
      return fixtures.get(key);
    },
  };
  const out = [];
  // A benchmark that fails is reported as a row without a figure; the others still run and are recorded.
  const timed = async (bench) => {
    const t = Date.now();
    log(`running ${bench.name}…`);
    try {
      const r = await bench.run(ctx);
      log(`${bench.name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      return r.map((x) => ({ ...x, bench: bench.name }));
    } catch (err) {
      log(`${bench.name} FAILED: ${err.stack ?? err}`);
      failed.push(bench.name);
      return [
        {
          name: `${bench.name}: failed (${String(err.message ?? err).slice(0, 120)})`,
          value: null,
          unit: '-',
          baseline: null,
          ratio: null,
          target: null,
        },
      ];
    }
  };
  if (smoke) {
    // Smoke: side by side (the figures are not the point), memory last (it reads what the others noted).
    const first = selected.filter((b) => b.name !== 'memory');
    for (const r of await Promise.all(first.map(timed))) out.push(...r);
    for (const b of selected.filter((x) => x.name === 'memory')) out.push(...(await timed(b)));
  } else {
    for (const bench of selected) out.push(...(await timed(bench)));
  }
  return out;
});
printTable(rows);
if (!smoke && !quick) writeResults(rows.filter((r) => r.value !== null));
if (failed.length) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
if (smoke) {
  // The smoke run tests the tooling: every row has a number.
  const bad = rows.filter((r) => typeof r.value !== 'number' || Number.isNaN(r.value));
  if (bad.length) {
    console.error(`smoke run: rows without a figure: ${bad.map((r) => r.name).join(', ')}`);
    process.exit(1);
  }
}
process.exit(0);
