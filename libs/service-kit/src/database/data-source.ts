import pg from 'pg';
import { DataSource, MigrationExecutor, type MigrationInterface, type MixedList, type EntitySchema } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions.js';
import { kitMigrations } from './kit-migrations.js';

export interface ServiceDataSourceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
  applicationName?: string;
}

/**
 * The one way a service reaches its database. Schema comes only from migrations (the kit's own tables
 * first, then the service's); `synchronize` is never on.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  return new DataSource(serviceDataSourceOptions(options));
}

export function serviceDataSourceOptions(options: ServiceDataSourceOptions): PostgresDataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: options.entities,
    migrations: [...kitMigrations, ...options.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'collabo',
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    },
  };
}

/** Creates the database named in `url` when it does not exist yet (development and tests; Kubernetes gets it from the operator). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing to create a database named ${JSON.stringify(name)}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04' && (err as { code?: string }).code !== '23505') throw err;
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * The Postgres advisory lock every migration run of a service database holds (advisory locks are per
 * database, so one fixed key serves every service: each has its own database). 'coll' 'migr' in ASCII.
 */
export const MIGRATION_LOCK_KEY: readonly [number, number] = [0x636f6c6c, 0x6d696772];

/**
 * Runs pending migrations and reports what ran. Holds `pg_advisory_lock` (MIGRATION_LOCK_KEY) on one
 * session for the whole run, from creating the migrations table to the last migration, and runs the
 * migrations on that same session: replicas (or a replica and the migration Job) starting together run
 * them one after the other, the later ones find nothing pending. A run that waits for the lock waits
 * as long as the other one takes.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner('master');
  await queryRunner.connect();
  let unlocked = false;
  try {
    await queryRunner.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, queryRunner);
      executor.transaction = 'each';
      const ran = await executor.executePendingMigrations();
      return ran.map((m) => m.name);
    } finally {
      unlocked = await queryRunner
        .query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK_KEY])
        .then(() => true)
        .catch(() => false);
    }
  } finally {
    // A session that may still hold the lock is closed, not returned to the pool (closing releases the lock).
    if (unlocked) await queryRunner.release();
    else
      await (queryRunner as unknown as { releasePostgresConnection(err: Error): Promise<void> }).releasePostgresConnection(
        new Error('migration lock session discarded'),
      );
  }
}
