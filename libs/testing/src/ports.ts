/**
 * Ports and waiting: the one `freePort` of the platform (npm start, the platform tests, the load runs and the
 * benchmarks all take theirs from here), the check that refuses a taken service port before anything starts,
 * and the polling helpers the launcher waits with.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, connect as tcpConnect, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A start-up failure the developer can act on: its message is one line that says what to do. */
export class LaunchError extends Error {
  override name = 'LaunchError';
}

/** The repository's root (the folder whose package.json lists the workspaces), found from this file. */
export const ROOT: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('@collabo/testing: no workspace root above this package');
    dir = parent;
  }
})();

/** Whether something accepts TCP connections at host:port (within `timeoutMs`). */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Whether nothing listens on 127.0.0.1:`port` (we could bind it). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is given and free, else a free loopback port the system picks. */
export async function freePort(preferred?: number): Promise<number> {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const any = createServer();
    any.once('error', reject);
    any.listen(0, '127.0.0.1', () => {
      const { port } = any.address() as AddressInfo;
      any.close(() => resolve(port));
    });
  });
}

/**
 * Refuses, before anything is started, when a port a service must listen on is taken: the services' ports
 * are fixed (the other services and the docs find them there), so the developer frees it or moves it.
 */
export async function checkServicePorts(services: readonly { name: string; port: number }[]): Promise<void> {
  for (const s of services) {
    if (!(await isPortFree(s.port))) {
      throw new LaunchError(
        `port ${s.port} for ${s.name} is taken by another process: stop that process, or start ${s.name} on another port with ` +
          `${s.name.toUpperCase()}_PORT=<port> npm start`,
      );
    }
  }
}

/**
 * Polls something the platform makes true and resolves with its first answer that is neither `undefined`
 * nor `false`; rejects with `what` (and the last error the probe threw) when it does not happen in time.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until `check` answers true; a LaunchError "`what` did not come up within N s" otherwise. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  await eventually(check, what, timeoutMs, 250).catch(() => {
    throw new LaunchError(`${what} did not come up within ${timeoutMs / 1000} s`);
  });
}
