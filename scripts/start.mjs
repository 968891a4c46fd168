#!/usr/bin/env node
// `npm start`: build and run the whole platform on a developer's machine.
//
//   Postgres  DATABASE_URL (or REGISTRY_DATABASE_URL, ...) when given, else an embedded Postgres under .collabo/postgres
//   NATS      NATS_URL (default nats://127.0.0.1:4222) when it answers, else `nats-server` from the PATH under .collabo/nats
//   email     SMTP_URL when given, else MailDev (SMTP + a web page to read the mails)
//   services  the four services as child processes with prefixed, coloured logs
//
// Options: --no-build, --only registry,proposals (start a subset). Ctrl-C stops everything cleanly.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { LaunchError, canConnect, checkServicePorts, freePort, startEmbeddedPostgres, startMailDev, waitFor } from './launcher.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const state = process.env.COLLABO_STATE_DIR ?? join(root, '.collabo');
const portOf = (name, fallback) => {
  const given = process.env[`${name.toUpperCase()}_PORT`];
  return given && /^\d+$/.test(given) ? Number(given) : fallback;
};
const SERVICES = [
  { name: 'registry', port: portOf('registry', 3001), colour: 36 },
  { name: 'proposals', port: portOf('proposals', 3002), colour: 35 },
  { name: 'events', port: portOf('events', 3003), colour: 33 },
  { name: 'notifications', port: portOf('notifications', 3004), colour: 32 },
];

const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1]?.split(',') : undefined;
const services = SERVICES.filter((s) => !only || only.includes(s.name));
const children = [];
let shuttingDown = false;
/** Until every service is ready, a process that exits stops the whole start (nothing is left running). */
let starting = true;

const say = (line) => process.stdout.write(`\x1b[1m[collabo]\x1b[0m ${line}\n`);
/** Prints the reason on one line, stops whatever was started, and exits 1. */
const fail = async (line) => {
  process.stderr.write(`\x1b[31m[collabo] ${line}\x1b[0m\n`);
  await shutdown(1);
};

function track(name, child, { critical = false } = {}) {
  children.push({ name, child });
  child.on('exit', (code, signal) => {
    if (shuttingDown) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (starting) {
      void fail(`${name} exited while the platform was starting (${how}); see its log above. Everything started has been stopped.`);
      return;
    }
    process.stderr.write(`\x1b[31m[collabo] ${name} exited (${how}); it is not restarted. Fix the cause and run npm start again.\x1b[0m\n`);
    if (critical) void shutdown(1);
  });
  return child;
}

function pipeLogs(name, colour, stream) {
  const prefix = `\x1b[${colour}m${name.padEnd(13)}\x1b[0m|`;
  const levels = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
  createInterface({ input: stream }).on('line', (line) => {
    let text = line;
    try {
      const entry = JSON.parse(line);
      const { level, time, msg, service: _s, pid: _p, hostname: _h, context, ...rest } = entry;
      const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      const time8 = typeof time === 'string' ? time.slice(11, 19) : '';
      text = `${time8} ${levels[level] ?? level} ${context ? `[${context}] ` : ''}${msg ?? ''}${extra}`;
    } catch {
      // not JSON: print as it is
    }
    process.stdout.write(`${prefix} ${text}\n`);
  });
}

async function startPostgres() {
  const given = Object.fromEntries(services.map((s) => [s.name, process.env[`${s.name.toUpperCase()}_DATABASE_URL`]]));
  if (process.env.DATABASE_URL || services.every((s) => given[s.name])) {
    const base = process.env.DATABASE_URL;
    say(`Postgres: using ${base ? 'DATABASE_URL' : 'the per-service *_DATABASE_URL variables'}`);
    return (service) => given[service] ?? withDatabase(base, `collabo_${service}`);
  }
  const { port, stop } = await startEmbeddedPostgres({ dir: join(state, 'postgres') });
  stoppers.push(stop);
  say(`Postgres: embedded, port ${port}, data in ${join(state, 'postgres')}`);
  return (service) => `postgres://postgres:postgres@127.0.0.1:${port}/collabo_${service}`;
}

function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function startNats() {
  const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const first = new URL(url.split(',')[0].trim());
  if (await canConnect(first.hostname, Number(first.port || 4222))) {
    say(`NATS: ${url}`);
    return url;
  }
  const which = spawnSync('sh', ['-c', 'command -v nats-server || ls /usr/sbin/nats-server 2>/dev/null'], { encoding: 'utf8' });
  const binary = which.stdout.trim().split('\n')[0];
  if (!binary) {
    throw new LaunchError(
      `NATS: nothing answers at ${url} and no nats-server is on the PATH. Install it (Debian/Ubuntu: apt-get install nats-server;` +
        ` macOS: brew install nats-server) or run \`docker compose up -d nats\`, then npm start again.`,
    );
  }
  const port = await freePort(4222);
  const dir = join(state, 'nats');
  mkdirSync(dir, { recursive: true });
  const child = track(
    'nats-server',
    spawn(binary, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] }),
    {
      critical: true,
    },
  );
  pipeLogs('nats', 90, child.stderr);
  await waitFor(() => canConnect('127.0.0.1', port), 'nats-server');
  say(`NATS: started ${binary} with JetStream on port ${port}, data in .collabo/nats`);
  return `nats://127.0.0.1:${port}`;
}

async function startMail() {
  if (process.env.SMTP_URL) {
    say(`email: ${process.env.SMTP_URL}`);
    return { smtpUrl: process.env.SMTP_URL, webUrl: undefined };
  }
  const { child, smtpUrl, webUrl } = await startMailDev({ root });
  track('maildev', child);
  pipeLogs('maildev', 90, child.stderr);
  return { smtpUrl, webUrl };
}

/** A signing key for the registry's tokens that survives restarts of the development platform. */
async function signingKeys() {
  if (process.env.AUTH_SIGNING_KEYS) return process.env.AUTH_SIGNING_KEYS;
  const file = join(state, 'signing-keys.json');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const { generateKeyPair, exportJWK } = await import('jose');
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `dev-${Date.now()}`, alg: 'EdDSA', use: 'sig' };
  const keys = JSON.stringify([jwk]);
  mkdirSync(state, { recursive: true });
  writeFileSync(file, keys, { mode: 0o600 });
  return keys;
}

const stoppers = [];

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  const running = children.filter((c) => c.child.exitCode === null && c.child.signalCode === null);
  const isService = (c) => SERVICES.some((s) => s.name === c.name);
  // The services first (they drain their work into NATS and Postgres), then what they depend on.
  for (const group of [running.filter(isService), running.filter((c) => !isService(c))]) {
    await Promise.all(
      group.map(
        ({ child }) =>
          new Promise((resolve) => {
            const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
  for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
  say('stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

async function main() {
  // Before anything is started: a taken service port would otherwise be found only after the others are up.
  await checkServicePorts(services);
  const registryPort = SERVICES[0].port;
  if (!args.includes('--no-build')) {
    say('building…');
    const projects = services.map((s) => `@collabo/${s.name}`).join(',');
    const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=static'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });
    if (build.status !== 0) throw new LaunchError('the build failed (see above)');
  }
  for (const s of services) {
    if (!existsSync(join(root, 'services', s.name, 'dist', 'main.js')))
      throw new LaunchError(`services/${s.name} has no dist/main.js: run npm run build`);
  }

  const databaseUrl = await startPostgres();
  const natsUrl = await startNats();
  const mail = services.some((s) => s.name === 'notifications') ? await startMail() : { smtpUrl: undefined, webUrl: undefined };
  const { ensureDatabase } = await import('@collabo/service-kit');
  for (const s of services) await ensureDatabase(databaseUrl(s.name));

  const keys = await signingKeys();
  const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@collabo.example', password: process.env.ADMIN_PASSWORD ?? 'collabo-admin-dev' };
  for (const s of services) {
    const env = {
      ...process.env,
      PORT: String(s.port),
      DATABASE_URL: databaseUrl(s.name),
      NATS_URL: natsUrl,
      AUTH_JWKS_URL: process.env.AUTH_JWKS_URL ?? `http://127.0.0.1:${registryPort}/.well-known/jwks.json`,
      ...(s.name === 'registry' ? { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, AUTH_SIGNING_KEYS: keys } : {}),
      ...(s.name === 'notifications' ? { SMTP_URL: mail.smtpUrl } : {}),
    };
    const child = track(
      s.name,
      spawn(process.execPath, [join(root, 'services', s.name, 'dist', 'main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    pipeLogs(s.name, s.colour, child.stdout);
    pipeLogs(s.name, s.colour, child.stderr);
  }

  const ready = async (s) => {
    try {
      const res = await fetch(`http://127.0.0.1:${s.port}/health/ready`);
      return res.ok;
    } catch {
      return false;
    }
  };
  await waitFor(async () => (await Promise.all(services.map(ready))).every(Boolean), 'the services', 120_000);

  say('the platform is up:');
  for (const s of services) say(`  ${s.name.padEnd(13)} http://127.0.0.1:${s.port}   API docs http://127.0.0.1:${s.port}/docs`);
  if (mail.webUrl) say(`  mail catcher  ${mail.webUrl}`);
  if (services.some((s) => s.name === 'registry')) {
    say(`  first admin   ${admin.email} / ${process.env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : admin.password}`);
    say(
      `  get a token   curl -s -X POST http://127.0.0.1:${registryPort}/v1/auth/token -H 'content-type: application/json' -d '{"email":"${admin.email}","password":"…"}'`,
    );
  }
  say('Ctrl-C stops everything.');
  starting = false;
}

try {
  await main();
} catch (e) {
  if (e instanceof LaunchError) await fail(e.message);
  else await fail(`npm start failed: ${e?.stack ?? e}`);
}
