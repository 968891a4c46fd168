import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEPLOY_DIR } from './paths.js';

/** The file every NATS server of Collabo includes: users, passwords (from the environment) and permissions. */
export const AUTH_CONF = path.join(DEPLOY_DIR, 'nats', 'auth.conf');

/** The `$NATS_PASSWORD_<USER>` variables that auth.conf reads from the server's environment. */
export function passwordVariables(conf = readFileSync(AUTH_CONF, 'utf8')): string[] {
  return [...new Set([...conf.matchAll(/password:\s*\$([A-Z0-9_]+)/g)].map((m) => m[1]!))].sort();
}

/**
 * A NATS password as scripts/create-secrets.sh makes them: `n` + 48 hex digits. NATS parses the value of
 * `$NATS_PASSWORD_<USER>` as a configuration token, so a password must start with a letter.
 */
export function natsPassword(): string {
  return `n${randomBytes(24).toString('hex')}`;
}

/** `user: name` entries of auth.conf (service users, operators, system). */
export function usersOf(conf = readFileSync(AUTH_CONF, 'utf8')): string[] {
  return [...conf.matchAll(/user:\s*([a-z0-9_-]+)/g)].map((m) => m[1]!);
}

export interface RunningNats {
  url: string;
  /** What the server logged so far (permission violations are logged as `Publish Violation - User ...`). */
  log(): string;
  /** Password of each user, by user name. */
  passwords: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts a real `nats-server` (JetStream on) that includes deploy/nats/auth.conf unchanged, on a port the
 * OS picks, with random passwords in its environment. Resolves once the server says it is ready.
 */
export async function startNatsServer(binary = process.env['NATS_SERVER_BIN'] ?? 'nats-server'): Promise<RunningNats> {
  const dir = mkdtempSync(path.join(tmpdir(), 'collabo-nats-perm-'));
  // `include` is relative to the including file, so the file is copied beside the test's server config.
  copyFileSync(AUTH_CONF, path.join(dir, 'auth.conf'));
  writeFileSync(
    path.join(dir, 'server.conf'),
    [`listen: "127.0.0.1:-1"`, `jetstream { store_dir: ${JSON.stringify(path.join(dir, 'js'))} }`, 'include ./auth.conf', ''].join('\n'),
  );
  const passwords: Record<string, string> = {};
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'] };
  for (const variable of passwordVariables()) {
    const user = variable.replace(/^NATS_PASSWORD_/, '').toLowerCase();
    passwords[user] = natsPassword();
    env[variable] = passwords[user];
  }
  const child = spawn(binary, ['-c', path.join(dir, 'server.conf')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  // The whole log is kept (bounded): permission violations show up there, with the user and subject.
  child.stderr!.on('data', (chunk: Buffer) => {
    if (log.length < 4_000_000) log += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`nats-server did not become ready in 10 s:\n${log}`)), 10_000);
    const onExit = (code: number | null) => fail(new Error(`nats-server exited with ${code}:\n${log}`));
    const onData = () => {
      const m = /Listening for client connections on [\d.]+:(\d+)/.exec(log);
      if (m && /Server is ready/.test(log)) {
        settle();
        resolve(Number(m[1]));
      }
    };
    function settle(): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stderr!.off('data', onData);
    }
    function fail(err: Error): void {
      settle();
      child.kill('SIGKILL');
      reject(err);
    }
    child.once('error', (err) => fail(new Error(`cannot start ${binary}: ${err.message}`)));
    child.on('exit', onExit);
    child.stderr!.on('data', onData);
  });
  return {
    url: `nats://127.0.0.1:${port}`,
    log: () => log,
    passwords,
    stop: () => stop(child, dir),
  };
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}
