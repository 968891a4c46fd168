#!/usr/bin/env node
// `npm run test:projects`: every project's tests through Nx. First the libraries and services, two projects at a time
// (`PAIRED`), then every other project one at a time (the platform, console, bench, load, deploy and script suites
// start whole platforms, a browser or benchmarks); with arguments (`npm run test:projects -- -p <project>`), one Nx
// run of those, one project at a time. When a project fails, the failing tests are printed again at the very end, so
// that the tail of a long CI log (all a CI summary keeps) names them: Jest's "Summary of all failing tests", the
// failing files of Vitest and the `not ok` lines of node --test, under the name of the project they came from.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const NX_ARGS = ['nx', 'run-many', '-t', 'test', '--outputStyle=static'];

/**
 * The projects whose suites run two at a time: each suite has its own databases and NATS subject prefix, so they cannot
 * see each other (CI runs the same projects two at a time again on Node 24). On a 2-core AMD EPYC machine, every
 * project one at a time took 18 min 0 s; these two at a time and the rest one at a time, 5 min 32 s + 8 min 30 s.
 */
export const PAIRED = [
  '@collabo/contracts',
  '@collabo/calendar',
  '@collabo/service-kit',
  '@collabo/testing',
  '@collabo/registry',
  '@collabo/proposals',
  '@collabo/events',
  '@collabo/notifications',
];

/** The Nx runs of `npm run test:projects` with these arguments, in order (see the top of this file). */
export function nxRuns(args) {
  if (args.length) return [[...NX_ARGS, '--parallel=1', ...args]];
  return [
    [...NX_ARGS, '--parallel=2', '-p', ...PAIRED],
    [...NX_ARGS, '--parallel=1', `--exclude=${PAIRED.join(',')}`],
  ];
}
const MAX_LINES = 250;

/**
 * The lines that name failing tests in the output of `nx run-many -t test` (colours removed), by project: a project
 * starts at its `> nx run <project>:test` line.
 */
export function failingTests(output) {
  // eslint-disable-next-line no-control-regex
  const lines = output.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
  const found = [];
  let project = null;
  let inSummary = false;
  for (const line of lines) {
    const start = /^> nx run (\S+):test\b/.exec(line.trim());
    if (start) {
      project = start[1];
      inSummary = false;
      continue;
    }
    if (/^Summary of all failing tests/.test(line.trim())) {
      inSummary = true;
      found.push(`[${project ?? '?'}] ${line.trim()}`);
      continue;
    }
    if (inSummary) {
      if (/^Test Suites:/.test(line.trim())) inSummary = false;
      else found.push(`[${project ?? '?'}] ${line}`);
      continue;
    }
    if (/^not ok \d+/.test(line.trim()) || /^\s*(FAIL|×|✗)\s/.test(line) || /^\s*Failed Tests? \d+/.test(line)) {
      found.push(`[${project ?? '?'}] ${line}`);
    }
  }
  return found;
}

/** Runs `npx <args>`, echoing its output; its exit code and output. */
async function run(args) {
  const child = spawn('npx', args, {
    env: { ...process.env, NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    stdio: ['inherit', 'pipe', 'pipe'],
  });
  const chunks = [];
  child.stdout.on('data', (chunk) => {
    chunks.push(chunk);
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk) => {
    chunks.push(chunk);
    process.stderr.write(chunk);
  });
  const code = await new Promise((resolve) => child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
  return { code, output: Buffer.concat(chunks).toString('utf8') };
}

async function main() {
  // Every run, also after a failing one, so that one log names every failing test.
  const results = [];
  for (const args of nxRuns(process.argv.slice(2))) results.push(await run(args));
  const code = results.find((r) => r.code !== 0)?.code ?? 0;
  if (code !== 0) {
    const failing = failingTests(results.map((r) => r.output).join('\n'));
    process.stdout.write(`\n==== failing tests (repeated from above; ${failing.length} lines) ====\n`);
    const shown =
      failing.length > MAX_LINES ? [...failing.slice(0, MAX_LINES), `... ${failing.length - MAX_LINES} more lines above`] : failing;
    process.stdout.write(`${shown.join('\n') || '(none recognised: see the failed tasks above)'}\n`);
  }
  process.exit(code);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
