#!/usr/bin/env node
// `npm run test:projects`: every project's tests through Nx, one project at a time, as before; when a project fails,
// the failing tests are printed again at the very end, so that the tail of a long CI log (all a CI summary keeps)
// names them: Jest's "Summary of all failing tests", the failing files of Vitest and the `not ok` lines of node --test,
// under the name of the project they came from.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const NX_ARGS = ['nx', 'run-many', '-t', 'test', '--parallel=1', '--outputStyle=static'];
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

async function main() {
  const child = spawn('npx', [...NX_ARGS, ...process.argv.slice(2)], {
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
  if (code !== 0) {
    const failing = failingTests(Buffer.concat(chunks).toString('utf8'));
    process.stdout.write(`\n==== failing tests (repeated from above; ${failing.length} lines) ====\n`);
    const shown =
      failing.length > MAX_LINES ? [...failing.slice(0, MAX_LINES), `... ${failing.length - MAX_LINES} more lines above`] : failing;
    process.stdout.write(`${shown.join('\n') || '(none recognised: see the failed tasks above)'}\n`);
  }
  process.exit(code);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
