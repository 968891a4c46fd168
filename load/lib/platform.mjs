// The pieces a load run (or a benchmark) stands up for itself, and takes down again: fresh databases on
// the local Postgres, a NATS subject prefix of its own, service processes started from their dist/ (with
// @collabo/testing's launcher), an SMTP sink. Everything is registered on the Platform and removed by close(),
// also on Ctrl-C.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { streamNameOf } from '@collabo/contracts';
import {
  ROOT,
  ServiceProcess,
  SmtpSink,
  createDatabaseIfMissing,
  dropDatabases,
  freePort,
  generateSigningKeys,
  residentBytes,
} from '@collabo/testing/launcher';

export { ROOT, freePort, residentBytes };
export const POSTGRES_URL = process.env.LOAD_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const NATS_URL = process.env.LOAD_NATS_URL ?? 'nats://127.0.0.1:4222';
export const SERVICES = ['registry', 'proposals', 'events', 'notifications'];
export const ADMIN_EMAIL = 'load-admin@collabo.example';
export const ADMIN_PASSWORD = 'load-admin-password';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The V8 heap of every Node process a run starts, services and baselines alike, so that a baseline never has more
 * room than the service it is compared with: a 4 MB young generation, a 128 MB old one (the memory rows'
 * discipline). The image sets none; the Kubernetes pods cap only the old generation, at 75 % of their memory limit
 * (deploy/README.md).
 */
const HEAP_OPTIONS = '--max-semi-space-size=4 --max-old-space-size=128';

/** `LOAD_SERVICE_ENV='{"MALLOC_ARENA_MAX":"2"}'`: extra environment for every service a run starts (experiments). */
function extraServiceEnv() {
  return process.env.LOAD_SERVICE_ENV ? JSON.parse(process.env.LOAD_SERVICE_ENV) : {};
}

/** The `NODE_OPTIONS` the services of this run get: `HEAP_OPTIONS`, or the one `LOAD_SERVICE_ENV` sets instead. */
function serviceNodeOptions() {
  return extraServiceEnv().NODE_OPTIONS ?? HEAP_OPTIONS;
}

/** Samples a process's resident memory every `everyMs` until stopped; reports the peak and the last sample. */
export function sampleMemory(pid, everyMs = 250) {
  let peak = residentBytes(pid) ?? 0;
  let last = peak;
  const timer = setInterval(() => {
    const v = residentBytes(pid);
    if (v != null) {
      last = v;
      if (v > peak) peak = v;
    }
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      const v = residentBytes(pid);
      if (v != null) {
        last = v;
        if (v > peak) peak = v;
      }
      return { peak, last };
    },
  };
}

/**
 * `CPU_PROF=registry,baselines`: the named services (and, for `baselines`, a benchmark's baseline processes) write a
 * V8 CPU profile into `bench/dist/profiles/` (or CPU_PROF_DIR) when they stop (see bench/README.md).
 */
function profileArgs(key, name = key) {
  if (!(process.env.CPU_PROF ?? '').split(',').includes(key)) return [];
  return [
    '--cpu-prof',
    `--cpu-prof-dir=${process.env.CPU_PROF_DIR ?? join(ROOT, 'bench', 'dist', 'profiles')}`,
    `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`,
  ];
}

export class Platform {
  /** @param {{ label?: string, log?: (line: string) => void, quiet?: boolean }} options */
  constructor(options = {}) {
    this.label = options.label ?? 'load';
    this.log = options.log ?? ((line) => process.stderr.write(`[${this.label}] ${line}\n`));
    this.prefix = `${this.label.slice(0, 4)}${randomBytes(4).toString('hex')}`.replace(/[^a-z0-9]/g, '');
    this.databases = [];
    this.services = [];
    this.closers = [];
    this.prefixes = [this.prefix];
    this.closed = false;
  }

  /** Another subject prefix of this run (a service that must not share RPC subjects with the others). */
  newPrefix() {
    const prefix = `${this.prefix.slice(0, 12)}x${this.prefixes.length}`;
    this.prefixes.push(prefix);
    return prefix;
  }

  /** A fresh database `collabo_<label>_<service>_<random>`, dropped by close(). */
  async database(service) {
    const name = `collabo_${this.label}_${service}_${randomBytes(3).toString('hex')}`;
    await createDatabaseIfMissing(`${POSTGRES_URL}/${name}`);
    this.databases.push(name);
    return `${POSTGRES_URL}/${name}`;
  }

  /** Registers something to undo at close (run in reverse order). */
  onClose(fn) {
    this.closers.push(fn);
  }

  /**
   * Starts `node services/<name>/dist/main.js` with its own database, this run's subject prefix and the
   * given environment; resolves when /health/ready answers 200.
   */
  async startService(name, { env = {}, databaseUrl, nodeArgs = [] } = {}) {
    const port = await freePort();
    const dbUrl = databaseUrl ?? (await this.database(name));
    const process_ = new ServiceProcess({
      service: name,
      port,
      nodeArgs: [...profileArgs(name), ...nodeArgs],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'development',
        DATABASE_URL: dbUrl,
        NATS_URL,
        NATS_SUBJECT_PREFIX: this.prefix,
        LOG_LEVEL: 'warn',
        // A load test is one client hammering writes: the per-client write limit would turn it into a 429 test.
        WRITE_RATE_LIMIT_PER_MINUTE: '100000000',
        NODE_OPTIONS: HEAP_OPTIONS,
        ...env,
        ...extraServiceEnv(), // its NODE_OPTIONS, when it sets one, replaces HEAP_OPTIONS (serviceNodeOptions)
      },
    });
    const service = {
      name,
      port,
      url: process_.baseUrl,
      get pid() {
        return process_.pid;
      },
      get child() {
        return process_.process;
      },
      process: process_,
      databaseUrl: dbUrl,
      output: () => process_.outputTail(),
      rss: () => process_.rss(),
      stop: () => process_.stop(),
    };
    this.services.push(service);
    await process_.start({}, { timeoutMs: 90_000 });
    this.log(`${name} ready at ${service.url} (pid ${process_.pid})`);
    return service;
  }

  /** A helper process (a benchmark's baseline server) that prints `ready` when it serves; stopped by close(). */
  async startHelper(script, env = {}) {
    const child = spawn(process.execPath, [...profileArgs('baselines', basename(script, '.mjs')), script], {
      cwd: ROOT,
      // The services' heap (a baseline measured with V8's default young generation, four times larger here, would
      // collect less often than the service beside it).
      env: { PATH: process.env.PATH, NODE_OPTIONS: serviceNodeOptions(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const helper = { name: script, pid: child.pid, child, rss: () => residentBytes(child.pid), stop: () => stopChild(child) };
    this.services.push(helper);
    let output = '';
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} not ready within 30 s: ${output}`)), 30_000);
      const onData = (chunk) => {
        output += chunk;
        if (/^ready$/m.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', (chunk) => (output += chunk));
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code}): ${output}`));
      });
    });
    return helper;
  }

  /** An SMTP sink that keeps the index of what it accepts (Message-ID -> when, to whom); stopped by close(). */
  async smtpSink() {
    const sink = await SmtpSink.start({ keep: 'index' });
    this.onClose(() => sink.stop());
    return sink;
  }

  /** The registry with a signing key and a first admin; `token()` logs in once and caches the token. */
  async startRegistry({ env = {}, databaseUrl, nodeArgs } = {}) {
    const registry = await this.startService('registry', {
      databaseUrl,
      nodeArgs,
      env: {
        AUTH_SIGNING_KEYS: await generateSigningKeys('load'),
        ADMIN_EMAIL,
        ADMIN_PASSWORD,
        AUTH_TOKEN_TTL_SECONDS: '86400',
        ...env,
      },
    });
    let cached;
    registry.jwksUrl = `${registry.url}/.well-known/jwks.json`;
    registry.token = async () => {
      if (cached) return cached;
      const res = await fetch(`${registry.url}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      });
      if (res.status !== 200 && res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      cached = (await res.json()).accessToken;
      return cached;
    };
    registry.adminPersonId = async () => {
      const token = await registry.token();
      return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub;
    };
    return registry;
  }

  /** Removes everything this run created: processes, streams under the prefix, databases, sinks. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.services].reverse()) await s.stop().catch(() => undefined);
    for (const fn of [...this.closers].reverse())
      await Promise.resolve()
        .then(fn)
        .catch(() => undefined);
    for (const prefix of this.prefixes) await deleteStreams(prefix).catch((err) => this.log(`could not delete streams: ${err.message}`));
    await dropDatabases(`${POSTGRES_URL}/postgres`, this.databases);
  }
}

/** SIGTERM (the service drains and stops), SIGKILL after 15 s. */
export function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Deletes the streams of every service under a subject prefix. */
export async function deleteStreams(prefix) {
  const nc = await connect({ servers: NATS_URL, name: 'collabo-load-cleanup' });
  try {
    const jsm = await jetstreamManager(nc);
    for (const service of SERVICES) {
      await jsm.streams.delete(`${streamNameOf(service)}_${prefix.toUpperCase()}`).catch(() => undefined);
    }
  } finally {
    await nc.close();
  }
}

/**
 * Runs `body(platform)` and always cleans up: at the end, on an error, and on Ctrl-C / SIGTERM (then exits
 * with 130 / 143). Only one guarded run at a time.
 */
export async function withPlatform(options, body) {
  const platform = new Platform(options);
  const onSignal = (signal) => {
    platform.log(`${signal}: stopping and cleaning up…`);
    void platform.close().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await body(platform);
  } finally {
    await platform.close();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
