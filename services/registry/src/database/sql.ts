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
