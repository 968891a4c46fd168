import { assertIfMatch, queryPrepared } from '@collabo/service-kit';
import type { DataSource, EntityManager } from 'typeorm';
/** Something that runs SQL: the DataSource, or a transaction's EntityManager. */
export interface Db {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

/** bigint columns arrive as strings; the registry's amounts fit a JS number (validated on the way in). */
export function toNumber(value: string | number | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * One page of the rows of `sql` (a `SELECT ... ORDER BY ...` without LIMIT), and how many rows there are
 * in all (from a window count on the same scan; a page past the end counts them separately).
 */
export async function pageOfRows<R>(
  db: Db,
  sql: string,
  params: unknown[],
  query: { limit: number; offset: number },
): Promise<{ rows: R[]; total: number }> {
  const n = params.length;
  const rows = await db.query<(R & { total__: string })[]>(
    `${sql.replace(/^\s*SELECT\s/i, 'SELECT count(*) OVER () AS total__, ')} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, query.limit, query.offset],
  );
  if (rows.length) return { rows: rows.map(({ total__: _total, ...row }) => row as R), total: Number(rows[0]!.total__) };
  if (query.offset === 0) return { rows: [], total: 0 };
  const [row] = await db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return { rows: [], total: row!.n };
}

/**
 * The rows of `sql` (a `SELECT ... FROM ...` without WHERE) that pass `where`, in the order of `keys` (all
 * ascending, none null, the last one unique), `batch` rows at a time. Each batch starts after the last row
 * of the one before (`(keys) > (last row's keys)`, keyset paging), so that with an index on the keys every
 * batch reads its own rows only, where OFFSET would read and throw away all the rows before it again.
 */
export async function* keysetBatches<R extends object>(
  db: Db,
  query: { sql: string; where: string; params: unknown[]; keys: [column: string, field: keyof R][]; batch?: number },
): AsyncGenerator<R[]> {
  const batch = query.batch ?? 500;
  const order = query.keys.map(([column]) => column).join(', ');
  let last: R | undefined;
  for (;;) {
    const params = [...query.params];
    const after = last ? ` AND (${order}) > (${query.keys.map(([, field]) => `$${params.push(last![field])}`).join(', ')})` : '';
    const rows = await db.query<R[]>(`${query.sql} WHERE (${query.where})${after} ORDER BY ${order} LIMIT ${batch}`, params);
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    last = rows[rows.length - 1];
  }
}

/**
 * Reading one record by id with `select` (whose main table is `alias`): `find` answers null when there is none
 * (`forUpdate` locks the row until the transaction ends), `get` throws the catalogue's not-found error, and
 * `lockForChange` locks it and checks the client's If-Match against its version (`what` names it in the error). The
 * read is a prepared statement (`queryPrepared`), on the DataSource's pool or a transaction's connection.
 */
export function recordsById<R, V extends { version: number }>(options: {
  select: string;
  alias: string;
  toView: (row: R) => V;
  notFound: (id: string) => Error;
}): {
  find(db: DataSource | EntityManager, id: string, forUpdate?: boolean): Promise<V | null>;
  get(db: DataSource | EntityManager, id: string): Promise<V>;
  lockForChange(db: DataSource | EntityManager, id: string, ifMatch: string | undefined, what: string): Promise<V>;
} {
  const { select, alias, toView, notFound } = options;
  // Two texts, each the same whatever the id: prepared once per connection (a read by id is the commonest request).
  const byId = `${select} WHERE ${alias}.id = $1`;
  const byIdForUpdate = `${byId} FOR UPDATE OF ${alias}`;
  const find = async (db: DataSource | EntityManager, id: string, forUpdate = false): Promise<V | null> => {
    const [row] = (await queryPrepared<R>(db, forUpdate ? byIdForUpdate : byId, [id], 'byid')).rows;
    return row ? toView(row) : null;
  };
  const existing = async (found: Promise<V | null>, id: string): Promise<V> => {
    const record = await found;
    if (!record) throw notFound(id);
    return record;
  };
  return {
    find,
    get: (db, id) => existing(find(db, id), id),
    async lockForChange(db, id, ifMatch, what) {
      const current = await existing(find(db, id, true), id);
      assertIfMatch(ifMatch, current.version, what);
      return current;
    },
  };
}

/** A WHERE clause being built: `param(value)` adds a parameter and answers its placeholder, `and(condition)` adds a condition. */
export class SqlFilter {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  readonly param = (value: unknown): string => `$${this.params.push(value)}`;

  and(condition: string): void {
    this.conditions.push(condition);
  }

  /** The `archived` filter of the lists: 'false' or absent keeps live records only, 'true' archived ones only, 'all' both. */
  archived(alias: string, archived: string | undefined): void {
    if (archived === 'false' || archived === undefined) this.and(`NOT ${alias}.archived`);
    else if (archived === 'true') this.and(`${alias}.archived`);
  }

  get where(): string {
    return this.conditions.length ? this.conditions.join(' AND ') : 'true';
  }
}
