#!/usr/bin/env node
// `npm run bench [-- name ...] [-- --smoke]`: runs the benchmarks, prints one table, writes bench/results.json.
// `--smoke` runs each for a few seconds on small data (part of npm test, so the benchmarks cannot rot);
// smoke figures are not written to results.json.
import 'reflect-metadata';
import { machine, printTable, writeResults } from './lib.mjs';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const wanted = args.filter((a) => !a.startsWith('--'));
const all = [await import('./outbox-relay.bench.mjs')];
const selected = all.filter((b) => !wanted.length || wanted.includes(b.name));

console.log(`machine: ${machine()}${smoke ? '  (smoke run: small data, figures not recorded)' : ''}`);
const rows = [];
for (const bench of selected) {
  console.log(`running ${bench.name}…`);
  rows.push(...(await bench.run({ smoke })));
}
printTable(rows);
if (!smoke) writeResults(rows);
