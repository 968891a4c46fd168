import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** A node-postgres pool or client, as far as a named statement needs it. */
interface PgQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** What a prepared statement answered: its rows, and how many rows it wrote or read (0 when Postgres did not say). */
export interface PreparedResult<T> {
  rows: T[];
  rowCount: number;
}

/** The names of the prepared statements by their text, so a hot statement is not hashed again on every run. */
const statementNames = new Map<string, string>();
const STATEMENT_NAMES_MAX = 1000;

/**
 * A prepared statement's name, derived from its text: the same text is the same statement on every connection
 * (`prefix` keeps one caller's statements recognisable in `pg_prepared_statements`).
 */
export function preparedStatementName(text: string, prefix = 'k'): string {
  const key = `${prefix}\u0000${text}`;
  let name = statementNames.get(key);
  if (name === undefined) {
    name = `${prefix}_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
    if (statementNames.size >= STATEMENT_NAMES_MAX) statementNames.clear();
    statementNames.set(key, name);
  }
  return name;
}

/** The connection pool under a TypeORM data source (its node-postgres `Pool`). */
export function pgPoolOf(dataSource: DataSource): pg.Pool {
  return (dataSource.driver as unknown as { master: pg.Pool }).master;
}

/**
 * Runs `text` with `values` as a named prepared statement of node-postgres: parsed once per connection, then only
 * bound and executed (Postgres plans it for its values the first five times, then once for any values when that plan
 * is estimated no dearer). For the statements a service runs many times a second with the same text (a queue's claim,
 * an inbox or outbox row, a read by id): TypeORM's `query` sends every statement unnamed, parsed and planned anew, and
 * on the email path the planning cost Postgres about half as much again as running them.
 *
 * `on`: the `EntityManager` of a transaction runs it on that transaction's connection; a `DataSource` (or a manager
 * outside a transaction) on any connection of the pool. The text must not change with the values (no values spliced
 * in): one text, one statement; a caller with a few shapes gets a few statements.
 */
export async function queryPrepared<T = Record<string, unknown>>(
  on: DataSource | EntityManager,
  text: string,
  values: unknown[],
  prefix?: string,
): Promise<PreparedResult<T>> {
  const config = { name: preparedStatementName(text, prefix), text, values };
  const result = await (await connectionFor(on)).query(config);
  return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
}

async function connectionFor(on: DataSource | EntityManager): Promise<PgQueryable> {
  if ('driver' in on) return pgPoolOf(on);
  const runner = on.queryRunner;
  if (runner && !runner.isReleased) {
    // A transaction's manager: its runner holds one connection (connect() hands back the one it has).
    return (runner as unknown as { connect(): Promise<PgQueryable> }).connect();
  }
  return pgPoolOf(on.connection);
}
