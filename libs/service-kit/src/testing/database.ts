import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { ensureDatabase } from '../database/data-source.js';

export const TEST_POSTGRES_URL = process.env['TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432';

/** Refuses to touch a database whose name does not say it is a test database. */
export function assertTestDatabase(url: string): void {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/test/.test(name)) throw new Error(`refusing to use ${name} in tests: a test database name must contain "test"`);
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database for one test suite: `collabo_<service>_test_<random>`, dropped afterwards. */
export async function createTestDatabase(service: string): Promise<TestDatabase> {
  const name = `collabo_${service}_test_${randomBytes(4).toString('hex')}`;
  const url = `${TEST_POSTGRES_URL}/${name}`;
  assertTestDatabase(url);
  await ensureDatabase(url);
  return { url, name, drop: () => dropTestDatabase(name) };
}

/** Runs `work` with a client on the server's `postgres` database (to create, find or drop databases). */
async function withServerClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${TEST_POSTGRES_URL}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Whether the test server has a database of that name. */
export function testDatabaseExists(name: string): Promise<boolean> {
  return withServerClient(async (client) => (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
}

/** Drops a test database (if it is there), closing its connections; refuses a name without "test". */
export async function dropTestDatabase(name: string): Promise<void> {
  assertTestDatabase(`${TEST_POSTGRES_URL}/${name}`);
  await withServerClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
