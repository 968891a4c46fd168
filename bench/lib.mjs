// Shared pieces of the benchmarks: the result row, the table, results.json, percentiles, fresh databases.
import { writeFileSync, readFileSync, existsSync, readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const POSTGRES_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const NATS_URL = process.env.BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';

/** One row of the results table: a measured value beside the baseline measured in the same run. */
export function row(name, value, unit, baseline, target, note) {
  const ratio = baseline ? value / baseline : null;
  return {
    name,
    value: round(value),
    unit,
    baseline: baseline == null ? null : round(baseline),
    ratio: ratio == null ? null : round(ratio, 3),
    target: target ?? null,
    ...(note ? { note } : {}),
  };
}

export function round(n, digits = 2) {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function percentile(sorted, p) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function machine() {
  const cpu = cpus();
  return `${cpu.length} x ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function printTable(rows) {
  const head = ['benchmark', 'value', 'unit', 'baseline', 'ratio', 'target'];
  const cells = rows.map((r) => [
    r.name,
    r.value == null ? 'FAILED' : String(r.value),
    r.unit,
    r.baseline == null ? '-' : String(r.baseline),
    r.ratio == null ? '-' : String(r.ratio),
    r.target ?? '-',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((x, i) => (i === 0 || i === 2 || i === 5 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

/**
 * Writes bench/results.json, keeping rows of benchmarks not run this time. Rows carry the benchmark's name
 * (`bench`): a benchmark that ran replaces all of its earlier rows, also those whose names changed.
 */
export function writeResults(rows, file = join(benchDir, 'results.json')) {
  const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { rows: [] };
  const names = new Set(rows.map((r) => r.name));
  const ran = new Set(rows.map((r) => r.bench).filter(Boolean));
  const merged = [...previous.rows.filter((r) => !names.has(r.name) && !(r.bench && ran.has(r.bench))), ...rows];
  writeFileSync(file, `${JSON.stringify({ machine: machine(), date: new Date().toISOString(), rows: merged }, null, 2)}\n`);
}

export async function freshDatabase(label) {
  const name = `collabo_bench_${label}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    url: `${POSTGRES_URL}/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export function benchPrefix() {
  return `b${randomBytes(4).toString('hex')}`;
}

/**
 * The machine's CPU time so far, every core together, in clock ticks (Linux `/proc/stat`): `busy` (everything but
 * idle and I/O wait) and `all`. Two readings give the share of the machine busy between them.
 */
export function machineTicks() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already in user)
  const all = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: all - ticks[3] - ticks[4], all };
}

/** CPU time (user + system) a process (or `<pid>/task/<tid>`: a thread) has used so far, in ms (Linux `/proc/<pid>/stat`; 0 when it is gone). */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's times: 100 on every mainstream kernel. */
const CLOCK_TICKS = 100;

/**
 * CPU time (ms) of a process's main thread (`main`: JavaScript, and V8's collections where they run on it) and of its
 * other threads together (`others`: V8's parallel and concurrent collection workers, libuv's pool), from
 * `/proc/<pid>/task/<tid>/stat`; zeros when the process is gone.
 */
export function threadCpuMsOf(pid) {
  const split = { main: 0, others: 0 };
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return split;
  }
  for (const tid of tids) split[Number(tid) === pid ? 'main' : 'others'] += cpuMsOf(`${pid}/task/${tid}`);
  return split;
}

/**
 * CPU time (user + system) of groups of processes (`groups`: name -> a function listing its pids, read at each call):
 * `cpuSnapshot` reads it per pid, `cpuUsedSince` gives the ms each group used since a snapshot. Per pid, so that a
 * process that exits meanwhile (a Postgres backend) does not count negative, and one that starts counts from zero.
 */
export function cpuSnapshot(groups) {
  return Object.fromEntries(Object.entries(groups).map(([name, pids]) => [name, new Map(pids().map((pid) => [pid, cpuMsOf(pid)]))]));
}
export function cpuUsedSince(groups, before) {
  const now = cpuSnapshot(groups);
  return Object.fromEntries(
    Object.entries(now).map(([name, pids]) => [name, [...pids].reduce((sum, [pid, ms]) => sum + ms - (before[name]?.get(pid) ?? 0), 0)]),
  );
}

/** The `NODE_OPTIONS` a running process was started with (`/proc/<pid>/environ`); null when it has none or is gone. */
export function nodeOptionsOf(pid) {
  try {
    const entry = readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .find((e) => e.startsWith('NODE_OPTIONS='));
    return entry ? entry.slice('NODE_OPTIONS='.length) : null;
  } catch {
    return null;
  }
}

/**
 * Throws unless a baseline process runs with the same `NODE_OPTIONS` (the V8 heap) as the service it is compared
 * with: a baseline with a larger young generation collects less often, and the ratio would measure the heap, not
 * the code. Nothing to check when the service is not a child of this run (no pid).
 */
export function assertSameHeap(what, servicePid, baselinePid) {
  if (!servicePid) return;
  const service = nodeOptionsOf(servicePid);
  const baseline = nodeOptionsOf(baselinePid);
  if (service !== baseline) throw new Error(`${what}: the baseline runs with NODE_OPTIONS=${baseline}, the service with ${service}`);
}

/** The pids of the processes with this command name (`postgres`, `nats-server`). */
export function pidsNamed(name) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
