#!/usr/bin/env node
// `npm start`: build and run the whole platform on a developer's machine.
//
//   Postgres  DATABASE_URL (or REGISTRY_DATABASE_URL, ...) when given, else an embedded Postgres under .collabo/postgres
//   NATS      NATS_URL (default nats://127.0.0.1:4222) when it answers, else `nats-server` from the PATH under .collabo/nats
//   email     SMTP_URL when given, else MailDev (SMTP + a web page to read the mails)
//   services  the four services as child processes with prefixed, coloured logs
//   console   the staff console (apps/console, built) behind its same-origin proxy on CONSOLE_PORT (default 3000)
//
// Options: --no-build, --only registry,proposals (start a subset), --trace (OTEL_TRACES_EXPORTER=console: each
// service prints one line per OpenTelemetry span among its logs, with trace_id / span_id / parent_span_id, so a
// transition can be followed across the services without a collector; OTEL_EXPORTER_OTLP_ENDPOINT=<url> sends
// them to a collector instead, and both work as plain environment variables too). Ctrl-C stops everything cleanly.
// The launcher is libs/testing's (@collabo/testing/launcher, from its dist: built with the services).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

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
/** --trace: spans printed by each service (libs/service-kit/src/tracing), unless OTEL_TRACES_EXPORTER says otherwise. */
const traceEnv = args.includes('--trace') && !process.env.OTEL_TRACES_EXPORTER ? { OTEL_TRACES_EXPORTER: 'console' } : {};
/** The launched platform (libs/testing's launcher, from its dist: loaded after the build). */
let platform;
/** The launcher module, once loaded. */
let launcher;
let shuttingDown = false;
/** The console's server (apps/console/scripts/serve.mjs), once started. */
let consoleServer;
const consolePort = portOf('console', 3000);

const say = (line) => process.stdout.write(`\x1b[1m[collabo]\x1b[0m ${line}\n`);
/** Prints the reason on one line, stops whatever was started, and exits 1. */
const fail = async (line) => {
  process.stderr.write(`\x1b[31m[collabo] ${line}\x1b[0m\n`);
  await shutdown(1);
};

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

/** A signing key for the registry's tokens that survives restarts of the development platform. */
async function signingKeys() {
  if (process.env.AUTH_SIGNING_KEYS) return process.env.AUTH_SIGNING_KEYS;
  const file = join(state, 'signing-keys.json');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  const keys = await launcher.generateSigningKeys('dev');
  mkdirSync(state, { recursive: true });
  writeFileSync(file, keys, { mode: 0o600 });
  return keys;
}

/** Where each service's Postgres is: DATABASE_URL / the per-service variables, else an embedded one under .collabo. */
function postgresOption() {
  const given = Object.fromEntries(services.map((s) => [s.name, process.env[`${s.name.toUpperCase()}_DATABASE_URL`]]).filter(([, v]) => v));
  if (process.env.DATABASE_URL || services.every((s) => given[s.name])) return { url: process.env.DATABASE_URL, databaseUrls: given };
  return { embedded: { dir: join(state, 'postgres'), preferredPort: 5433 } };
}

async function shutdown(code = 0) {
  if (shuttingDown) return;
  shuttingDown = true;
  say('stopping…');
  // The services first (they drain their work into NATS and Postgres), then what they depend on.
  await consoleServer?.stop().catch(() => undefined);
  await platform?.stop().catch(() => undefined);
  say('stopped.');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

/** What a process that exits after the start says (it is not restarted); NATS exiting stops everything. */
function watchExits() {
  const exited = (name, critical) => (code, signal) => {
    if (shuttingDown) return;
    const how = signal ? `signal ${signal}` : `code ${code}`;
    process.stderr.write(`\x1b[31m[collabo] ${name} exited (${how}); it is not restarted. Fix the cause and run npm start again.\x1b[0m\n`);
    if (critical) void shutdown(1);
  };
  for (const p of platform.processes) p.onExit(exited(p.service, false));
  platform.natsServer?.onUnexpectedExit(exited('nats-server', true));
  platform.mailDevProcess?.on('exit', exited('maildev', false));
}

async function main() {
  if (!args.includes('--no-build')) {
    say('building…');
    const projects = ['@collabo/testing', '@collabo/console', ...services.map((s) => `@collabo/${s.name}`)].join(',');
    const build = spawnSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=static'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });
    if (build.status !== 0) throw new Error('the build failed (see above)');
  }
  if (!existsSync(join(root, 'libs', 'testing', 'dist', 'launcher.js')))
    throw new Error('libs/testing has no dist/launcher.js: run npm run build');
  launcher = await import('@collabo/testing/launcher');
  const registryPort = SERVICES[0].port;
  const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@collabo.example', password: process.env.ADMIN_PASSWORD ?? 'collabo-admin-dev' };
  const colours = Object.fromEntries(SERVICES.map((s) => [s.name, s.colour]));
  // Before anything is started (or written): a taken service port would otherwise be found only after the others are up.
  await launcher.checkServicePorts(services);
  try {
    platform = await launcher.Platform.launch({
      services: services.map((s) => s.name),
      ports: Object.fromEntries(services.map((s) => [s.name, s.port])),
      workDir: state,
      postgres: postgresOption(),
      nats: {
        url: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
        dataDir: join(state, 'nats'),
        preferredPort: 4222,
        onStderr: (stream) => pipeLogs('nats', 90, stream),
      },
      mail: process.env.SMTP_URL ? { smtpUrl: process.env.SMTP_URL } : { maildev: {} },
      baseEnv: {
        ...process.env,
        ...traceEnv,
        AUTH_JWKS_URL: process.env.AUTH_JWKS_URL ?? `http://127.0.0.1:${registryPort}/.well-known/jwks.json`,
      },
      signingKeys: services.some((s) => s.name === 'registry') ? await signingKeys() : undefined,
      admin,
      output: (p) => (stream) => pipeLogs(p.service, colours[p.service], stream),
      readyTimeoutMs: 120_000,
      say,
    });
  } catch (e) {
    // Launch stopped whatever it had started.
    if (e instanceof launcher.ServiceExitedError) {
      const last = e.process.exits.at(-1);
      const how = last?.signal ? `signal ${last.signal}` : `code ${last?.code}`;
      throw new launcher.LaunchError(
        `${e.process.service} exited while the platform was starting (${how}); see its log above. Everything started has been stopped.`,
      );
    }
    throw e;
  }
  if (platform.mailDevProcess) pipeLogs('maildev', 90, platform.mailDevProcess.stderr);
  watchExits();
  if (existsSync(join(root, 'apps', 'console', 'dist', 'index.html'))) {
    const { startConsoleServer } = await import('../apps/console/scripts/serve.mjs');
    const targets = Object.fromEntries(services.map((s) => [s.name, `http://127.0.0.1:${s.port}`]));
    // Port 3000 taken (another dev server): any free port, unless CONSOLE_PORT asked for that one.
    consoleServer = await startConsoleServer({ port: consolePort, targets }).catch((err) => {
      if (err?.code !== 'EADDRINUSE' || process.env.CONSOLE_PORT)
        throw new launcher.LaunchError(`console: port ${consolePort}: ${err?.message ?? err}`);
      say(`console: port ${consolePort} is taken; using a free one`);
      return startConsoleServer({ port: 0, targets });
    });
  }

  say('the platform is up:');
  if (consoleServer) say(`  \x1b[1mconsole       ${consoleServer.url}\x1b[0m   the staff console (log in as the first admin below)`);
  else say('  console       not built (apps/console/dist): run npm start without --no-build, or npm run build');
  for (const s of services) say(`  ${s.name.padEnd(13)} http://127.0.0.1:${s.port}   API docs http://127.0.0.1:${s.port}/docs`);
  if (platform.mailWebUrl) say(`  mail catcher  ${platform.mailWebUrl}`);
  if (services.some((s) => s.name === 'registry')) {
    say(`  first admin   ${admin.email} / ${process.env.ADMIN_PASSWORD ? '(ADMIN_PASSWORD)' : admin.password}`);
    say(
      `  get a token   curl -s -X POST http://127.0.0.1:${registryPort}/v1/auth/token -H 'content-type: application/json' -d '{"email":"${admin.email}","password":"…"}'`,
    );
  }
  if (traceEnv.OTEL_TRACES_EXPORTER || process.env.OTEL_TRACES_EXPORTER || process.env.OTEL_EXPORTER_OTLP_ENDPOINT)
    say(`  traces        ${process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? 'printed by each service ("span …" lines, with trace_id)'}`);
  say('Ctrl-C stops everything.');
}

try {
  await main();
} catch (e) {
  if ((launcher && e instanceof launcher.LaunchError) || /^(the build failed|libs\/testing has no dist)/.test(e?.message ?? ''))
    await fail(e.message);
  else await fail(`npm start failed: ${e?.stack ?? e}`);
}
