#!/usr/bin/env node
// The console's test target (`npx nx run console:test`, part of `npm test`), stopping at the first failure:
//   1. the API types: regenerated from the built services' OpenAPI documents, compared with the committed ones (drift fails)
//   2. the component tests (Vitest + Testing Library)
//   3. the production build (vite build)
//   4. the browser tests (node --test e2e/): Debian's chromium against the real platform with the demo seed
// The platform is launched and seeded (e2e/platform.mjs) while steps 1-3 run, and handed to step 4; with
// CONSOLE_E2E_PLATFORM set, step 4 uses that running platform instead. Nx builds the four services and
// libs/testing first (package.json: nx.targets.test.dependsOn).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchPlatform, seedDemo } from '../e2e/platform.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const started = Date.now();
const say = (line) => process.stdout.write(`[console:test] ${line}\n`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

function run(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let platform;
/** The launch in progress (so that a failure before it ends still stops what it starts). */
let launching;
let platformFile = process.env.CONSOLE_E2E_PLATFORM;
let workDir;
/** The platform for the browser tests: launched and seeded in the background while the other steps run. */
const ready = platformFile
  ? Promise.resolve()
  : (async () => {
      const t0 = Date.now();
      launching = launchPlatform();
      platform = await launching;
      say(`platform up in ${seconds(t0)}`);
      const seeded = await seedDemo(platform);
      say(`demo seed loaded in ${seeded.seconds.toFixed(1)} s`);
      workDir = mkdtempSync(join(tmpdir(), 'console-test-'));
      platformFile = join(workDir, 'platform.json');
      const urls = Object.fromEntries(['registry', 'proposals', 'events', 'notifications'].map((s) => [s, platform.url(s)]));
      writeFileSync(platformFile, JSON.stringify({ ...urls, mail: platform.mailWebUrl }));
    })();
ready.catch(() => undefined);

async function finish(code) {
  if (!platform && launching) platform = await launching.catch(() => undefined);
  await platform?.stop().catch(() => undefined);
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  say(code === 0 ? `all steps passed in ${seconds(started)}` : `FAILED after ${seconds(started)}`);
  process.exit(code);
}
process.on('SIGINT', () => void finish(130));
process.on('SIGTERM', () => void finish(143));

const steps = [
  ['API types match the services', 'node', ['scripts/openapi.mjs', '--check']],
  ['component tests', 'npx', ['vitest', 'run']],
  ['build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
];
for (const [what, command, args] of steps) {
  const t0 = Date.now();
  say(`${what}: ${command} ${args.join(' ')}`);
  const code = await run(command, args);
  say(`${what}: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds(t0)}`);
  if (code !== 0) await finish(code);
}
try {
  const t0 = Date.now();
  await ready;
  say(`waited ${seconds(t0)} for the seeded platform`);
} catch (err) {
  say(`the platform for the browser tests did not come up: ${err?.message ?? err}`);
  await finish(1);
}
const t0 = Date.now();
say('browser tests: node --test e2e/');
const code = await run('node', ['--test', '--test-reporter=spec', 'e2e/'], { CONSOLE_E2E_PLATFORM: platformFile });
say(`browser tests: ${code === 0 ? 'ok' : 'FAILED'} in ${seconds(t0)}`);
await finish(code);
