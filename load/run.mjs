#!/usr/bin/env node
// `npm run load -- <service|all> [--duration S] [--connections N] [--scenario NAME] [--url URL] [--seed S] [--json FILE] [--smoke]`
//
// Runs realistic scenarios against one service. Without --url the command starts the service itself
// (node services/<name>/dist/main.js) with a fresh database on the local Postgres, a NATS subject prefix
// of its own, the peers it needs (a real registry for tokens and RPC) and a seeded dataset, and removes all
// of it at the end (also on Ctrl-C). Prints one table and the same rows as JSON.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { createLoadContext } from './lib/context.mjs';
import { withPlatform } from './lib/platform.mjs';
import { printLoadTable } from './lib/report.mjs';

const MODULES = {
  registry: () => import('./scenarios/registry.mjs'),
  proposals: () => import('./scenarios/proposals.mjs'),
  events: () => import('./scenarios/events.mjs'),
  notifications: () => import('./scenarios/notifications.mjs'),
};

function parseArgs(argv) {
  const opts = { services: [], smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--smoke') opts.smoke = true;
    else if (a === '--duration') opts.duration = Number(value());
    else if (a === '--connections') opts.connections = Number(value());
    else if (a === '--scenario') opts.scenario = value();
    else if (a === '--url') opts.url = value();
    else if (a === '--seed') opts.seed = value();
    else if (a === '--json') opts.json = value();
    else if (a === '--help' || a === '-h') opts.help = true;
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.services.push(a);
  }
  return opts;
}

const USAGE = `usage: npm run load -- <registry|proposals|events|notifications|all> [--duration S] [--connections N]
       [--scenario NAME] [--url URL] [--seed S] [--json FILE] [--smoke]`;

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  console.error(`${err.message}\n${USAGE}`);
  process.exit(2);
}
if (opts.help || !opts.services.length) {
  console.log(USAGE);
  process.exit(opts.help ? 0 : 2);
}
const services = opts.services.includes('all') ? Object.keys(MODULES) : opts.services;
for (const s of services) {
  if (!MODULES[s]) {
    console.error(`unknown service ${s}\n${USAGE}`);
    process.exit(2);
  }
}
if (opts.url && services.length !== 1) {
  console.error('--url names one running service: give exactly one service');
  process.exit(2);
}
for (const [k, v] of [
  ['duration', opts.duration],
  ['connections', opts.connections],
]) {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
    console.error(`--${k} must be a positive number`);
    process.exit(2);
  }
}

const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const log = (line) => process.stderr.write(`[load] ${line}\n`);
const report = { machine, date: new Date().toISOString(), smoke: opts.smoke, rows: [], memory: [] };

await withPlatform({ label: 'load', log }, async (platform) => {
  const ctx = createLoadContext({
    platform,
    log,
    smoke: opts.smoke,
    seed: opts.seed,
    connections: opts.connections,
    duration: opts.duration,
    url: opts.url,
  });
  const runOne = async (name) => {
    const mod = await MODULES[name]();
    const sctx = { ...ctx, scenario: opts.scenario };
    if (sctx.scenario && !mod.scenarios.includes(sctx.scenario)) {
      throw new Error(`${name} has no scenario ${sctx.scenario} (it has: ${mod.scenarios.join(', ')})`);
    }
    log(`${name}: preparing${opts.url ? ` (running at ${opts.url})` : ''}…`);
    const target = await mod.prepare(sctx);
    log(
      `${name}: running ${sctx.scenario ?? mod.scenarios.join(', ')} (${sctx.bound.duration ? `${sctx.bound.duration} s` : `${sctx.bound.amount} requests`} per timed step, ${sctx.connections} connections)…`,
    );
    return { name, result: await mod.run(sctx, target) };
  };
  // A smoke run of several services runs them side by side (its figures are not the point); a real run one by one.
  const outcomes = [];
  if (opts.smoke && services.length > 1) {
    await ctx.peerRegistry();
    outcomes.push(...(await Promise.all(services.map(runOne))));
  } else {
    for (const name of services) outcomes.push(await runOne(name));
  }
  for (const { name, result } of outcomes) {
    report.rows.push(...result.rows.map((r) => ({ service: name, ...r })));
    report.memory.push(...result.memory);
    if (result.checks) report.checks = { ...(report.checks ?? {}), [name]: result.checks };
  }
});

console.log(`machine: ${machine}${opts.smoke ? '  (smoke run: small data, short steps)' : ''}`);
printLoadTable(report.rows);
for (const m of report.memory) console.log(`memory ${m.service}: ${m.idleMb} MB idle, ${m.peakMb} MB peak under load`);
console.log(JSON.stringify(report, null, 2));
if (opts.json) writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
for (const [service, checks] of Object.entries(report.checks ?? {})) {
  console.log(
    `checks ${service}: ${Object.entries(checks)
      .map(([k, v]) => `${k} ${v ? 'ok' : 'FAILED'}`)
      .join(', ')}`,
  );
}
// A check that did not hold is a failure of the service in any run; a smoke run (a test of the tooling) also
// fails when a step got no answers or an error.
const failedChecks = Object.entries(report.checks ?? {}).flatMap(([s, c]) =>
  Object.entries(c)
    .filter(([, v]) => v === false)
    .map(([k]) => `${s}.${k}`),
);
const bad = opts.smoke ? report.rows.filter((r) => !(r.requests > 0) || r.errors > 0 || r.unexpected > 0) : [];
if (bad.length || failedChecks.length) {
  console.error(`load run failed: ${[...bad.map((r) => `${r.service} ${r.step}`), ...failedChecks].join(', ')}`);
  process.exit(1);
}
process.exit(0);
