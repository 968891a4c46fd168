// The pieces a load run (or a benchmark) stands up for itself, and takes down again: fresh databases on
// the local Postgres, a NATS subject prefix of its own, service processes started from their dist/, an
// SMTP sink. Everything is registered on the Platform and removed by close(), also on Ctrl-C.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { streamNameOf } from '@collabo/contracts';
import { exportJWK, generateKeyPair } from 'jose';
import pg from 'pg';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const POSTGRES_URL = process.env.LOAD_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
export const NATS_URL = process.env.LOAD_NATS_URL ?? 'nats://127.0.0.1:4222';
export const SERVICES = ['registry', 'proposals', 'events', 'notifications'];
export const ADMIN_EMAIL = 'load-admin@collabo.example';
export const ADMIN_PASSWORD = 'load-admin-password';

/** A port nobody listens on right now (loopback). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Resident memory of a process in bytes, from /proc/<pid>/status (VmRSS); null when it is gone. */
export function residentBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
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
    const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
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
    const main = join(ROOT, 'services', name, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`services/${name}/dist/main.js is missing: run npm run build first`);
    const port = await freePort();
    const dbUrl = databaseUrl ?? (await this.database(name));
    const childEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: dbUrl,
      NATS_URL,
      NATS_SUBJECT_PREFIX: this.prefix,
      LOG_LEVEL: 'warn',
      // A load test is one client hammering writes: the per-client write limit would turn it into a 429 test.
      WRITE_RATE_LIMIT_PER_MINUTE: '100000000',
      // As the production images run it (services/*/Dockerfile): a 4 MB young generation, a 128 MB old one.
      NODE_OPTIONS: '--max-semi-space-size=4 --max-old-space-size=128',
      ...env,
      // LOAD_SERVICE_ENV='{"MALLOC_ARENA_MAX":"2"}': extra environment for every service a run starts (experiments).
      ...(process.env.LOAD_SERVICE_ENV ? JSON.parse(process.env.LOAD_SERVICE_ENV) : {}),
    };
    const profile = profileArgs(name);
    const child = spawn(process.execPath, [...profile, ...nodeArgs, main], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    const keep = (chunk) => {
      output.push(chunk.toString());
      if (output.length > 200) output.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const service = {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      pid: child.pid,
      child,
      databaseUrl: dbUrl,
      output,
      rss: () => residentBytes(child.pid),
      stop: () => stopChild(child),
    };
    this.services.push(service);
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const deadline = Date.now() + 90_000;
    for (;;) {
      const ended = await Promise.race([exited, sleep(200).then(() => null)]);
      if (ended) throw new Error(`${name} exited at start-up (${ended.signal ?? ended.code}):\n${output.join('').slice(-3000)}`);
      try {
        const res = await fetch(`${service.url}/health/ready`);
        if (res.status === 200) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${name} not ready within 90 s:\n${output.join('').slice(-3000)}`);
    }
    this.log(`${name} ready at ${service.url} (pid ${child.pid})`);
    return service;
  }

  /** A helper process (a benchmark's baseline server) that prints `ready` when it serves; stopped by close(). */
  async startHelper(script, env = {}) {
    const child = spawn(process.execPath, [...profileArgs('baselines', basename(script, '.mjs')), script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...env },
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

  /** The registry with a signing key and a first admin; `token()` logs in once and caches the token. */
  async startRegistry({ env = {}, databaseUrl, nodeArgs } = {}) {
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: `load-${Date.now()}`, alg: 'EdDSA', use: 'sig' };
    const registry = await this.startService('registry', {
      databaseUrl,
      nodeArgs,
      env: {
        AUTH_SIGNING_KEYS: JSON.stringify([jwk]),
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
    if (this.databases.length) {
      const admin = new pg.Client({ connectionString: `${POSTGRES_URL}/postgres` });
      await admin.connect();
      try {
        for (const name of this.databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      } finally {
        await admin.end();
      }
    }
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
