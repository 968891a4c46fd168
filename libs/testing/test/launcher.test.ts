// The launcher's failure paths, run for real: a taken port, a broken embedded Postgres, a service that exits
// at start-up, and the address at which MailDev's page works.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { startMailDev } from '../src/maildev.js';
import { NatsServer } from '../src/nats-server.js';
import { Platform } from '../src/platform.js';
import { LaunchError, canConnect, checkServicePorts, freePort, isPortFree } from '../src/ports.js';
import { EmbeddedPostgresServer } from '../src/postgres.js';
import { ServiceExitedError, ServiceProcess } from '../src/service-process.js';

function listen(): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

describe('the launcher', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const tempDir = (name: string) => {
    const dir = mkdtempSync(join(tmpdir(), `collabo-${name}-`));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  };

  it('freePort gives the preferred port when it is free, another when it is taken', async () => {
    const blocker = await listen();
    cleanups.push(() => blocker.close());
    const taken = (blocker.address() as AddressInfo).port;
    const other = await freePort(taken);
    expect(other).not.toBe(taken);
    expect(await isPortFree(other)).toBe(true);
    expect(await freePort(other)).toBe(other);
  });

  it('checkServicePorts names the first taken port and passes free ones', async () => {
    const blocker = await listen();
    const { port } = blocker.address() as AddressInfo;
    try {
      const err = await checkServicePorts([{ name: 'events', port }]).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LaunchError);
      expect((err as Error).message).toMatch(new RegExp(`^port ${port} for events is taken .*EVENTS_PORT=<port> npm start$`));
    } finally {
      await new Promise((r) => blocker.close(r));
    }
    await checkServicePorts([{ name: 'events', port }]);
  });

  it('a taken service port stops the launch before anything is started', async () => {
    const blocker = await listen();
    cleanups.push(() => blocker.close());
    const { port } = blocker.address() as AddressInfo;
    const workDir = tempDir('launch');
    const err = await Platform.launch({ services: ['registry'], ports: { registry: port }, workDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchError);
    expect((err as Error).message).toMatch(`port ${port} for registry is taken by another process`);
    expect(readdirSync(workDir)).toEqual([]);
  });

  it('an embedded Postgres that cannot start is one line naming the cause and the log, and leaves no server running', async () => {
    const dir = join(tempDir('pg'), 'postgres');
    // A data directory that claims to be initialised but holds no cluster: the server refuses to start.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'PG_VERSION'), '18\n');
    const err = await EmbeddedPostgresServer.start({ dir, preferredPort: 55_432 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LaunchError);
    const message = (err as Error).message;
    expect(message).not.toMatch(/\n/);
    expect(message).toMatch(/^Postgres: the embedded server did not start \(/);
    expect(message).toContain(`its log is ${dir}.log`);
    expect(existsSync(`${dir}.log`)).toBe(true);
    const left = spawnSync('pgrep', ['-f', dir], { encoding: 'utf8' });
    expect(left.stdout.trim()).toBe('');
  });

  it('a service that exits at start-up fails its wait at once, with its exit and its last output', async () => {
    const root = tempDir('root');
    mkdirSync(join(root, 'services', 'broken', 'dist'), { recursive: true });
    writeFileSync(join(root, 'services', 'broken', 'dist', 'main.js'), "console.error('DATABASE_URL is not valid'); process.exit(3);\n");
    const p = new ServiceProcess({ service: 'broken', port: await freePort(), env: { PATH: process.env['PATH'] }, root });
    const started = Date.now();
    const err = await p.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceExitedError);
    expect((err as Error).message).toMatch(/^broken#1 exited while starting \(code 3\)/);
    expect((err as Error).message).toContain('DATABASE_URL is not valid');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(p.running).toBe(false);
  });

  it('a service that is not built is named with what to run', async () => {
    const p = new ServiceProcess({ service: 'nothing', port: await freePort(), env: {}, root: tempDir('empty') });
    await expect(p.start()).rejects.toThrow('services/nothing has no dist/main.js: run npm run build');
  });

  it('a private nats-server can be stopped and started again on its port', async () => {
    const nats = await NatsServer.start({ dataDir: join(tempDir('nats'), 'data') });
    cleanups.push(() => nats.stop());
    expect(await canConnect('127.0.0.1', nats.port)).toBe(true);
    await nats.stop();
    expect(await canConnect('127.0.0.1', nats.port)).toBe(false);
    await nats.start();
    expect(await canConnect('127.0.0.1', nats.port)).toBe(true);
  });

  it('the mail catcher address is the page root, where MailDev loads the emails', async () => {
    const mail = await startMailDev({ preferredSmtp: 0, preferredWeb: 0 });
    cleanups.push(() => mail.stop());
    expect(mail.webUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    // A browser asks for HTML: the root answers the page with a <base href="/">, from which it finds its API.
    const page = await fetch(mail.webUrl, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<base href="\/" \/>/);
    const emails = await fetch(new URL('api/email', mail.webUrl));
    expect(emails.status).toBe(200);
    expect(Array.isArray(await emails.json())).toBe(true);
    // /index.html is the bare file, without the <base>: the page then looks for its API under /index.html/api
    // and shows "Failed to load emails". That is why the root is printed.
    const bare = await fetch(new URL('index.html', mail.webUrl), { headers: { accept: 'text/html' } });
    expect(await bare.text()).not.toMatch(/<base href=/);
  });
});
