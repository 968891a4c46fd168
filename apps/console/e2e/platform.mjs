// The real platform for the console's browser tests, started the way `npm start` does (libs/testing's launcher,
// from its dist): the four built services, a private nats-server with JetStream, MailDev, and Postgres (the
// server at DATABASE_URL when it answers, in databases of the console's own, else an embedded one), then the
// demo seed (scripts/seed-demo) through the services' APIs, then the console's built files behind its proxy.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startConsoleServer } from '../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// CONSOLE_E2E_ROOT: the services, launcher and seed of another checkout (e.g. a clean build of a commit).
export const repoRoot = process.env.CONSOLE_E2E_ROOT ?? join(here, '..', '..', '..');
const SERVICES = ['registry', 'proposals', 'events', 'notifications'];

/** The launcher module of libs/testing (built with the services). */
export async function loadLauncher() {
  return import(pathToFileURL(join(repoRoot, 'libs', 'testing', 'dist', 'launcher.js')).href);
}

/**
 * Launches the platform. `serverUrl` (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432) gets fresh
 * databases `collabo_console_<service>` (dropped first, so that every run starts from the seed); when nothing
 * answers there, an embedded Postgres is used.
 */
export async function launchPlatform({ say = () => undefined } = {}) {
  const launcher = await loadLauncher();
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const names = SERVICES.map((s) => `collabo_console_${s}`);
  let postgres;
  try {
    await launcher.dropDatabases(serverUrl, names);
    postgres = { databaseUrls: Object.fromEntries(SERVICES.map((s, i) => [s, launcher.withDatabase(serverUrl, names[i])])) };
  } catch {
    postgres = { embedded: {} };
  }
  const platform = await launcher.Platform.launch({
    postgres,
    nats: {},
    mail: { maildev: { preferredSmtp: 0, preferredWeb: 0 } },
    // The demo seed is a bulk load: the services' per-caller write limit (600 a minute) would make it wait for
    // minutes, so the test platform lifts it (as the load runs do); nothing else differs from npm start's.
    env: Object.fromEntries(SERVICES.map((s) => [s, { WRITE_RATE_LIMIT_PER_MINUTE: '1000000' }])),
    readyTimeoutMs: 120_000,
    say,
  });
  return platform;
}

/** The demo seed against the platform (scripts/seed-demo), with its output; resolves with the seconds it took. */
export function seedDemo(platform, { log = () => undefined } = {}) {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'seed-demo', 'index.mjs')], {
      env: {
        ...process.env,
        REGISTRY_URL: platform.url('registry'),
        PROPOSALS_URL: platform.url('proposals'),
        EVENTS_URL: platform.url('events'),
        NOTIFICATIONS_URL: platform.url('notifications'),
        ADMIN_EMAIL: platform.admin.email,
        ADMIN_PASSWORD: platform.admin.password,
        MAILDEV_URL: platform.mailWebUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const s of [child.stdout, child.stderr])
      s.on('data', (d) => {
        output += d;
        log(String(d));
      });
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code === 0) resolve({ seconds, output });
      else reject(new Error(`seed-demo exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** The console's built files behind its proxy to the platform's services (`platform.url(service)`). */
export async function serveConsole(platform) {
  return startConsoleServer({
    port: 0,
    targets: Object.fromEntries(SERVICES.map((s) => [s, platform.url(s)])),
  });
}
