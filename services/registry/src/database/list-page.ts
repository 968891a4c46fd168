import { createHash } from 'node:crypto';
import { ValidationFailedError } from '@collabo/service-kit';
import { pageOfRows, type Db } from './sql.js';

/** One key of a list's order: an SQL expression of a row, ascending unless `descending`; the last key of an order is unique. */
export interface SortKey {
  sql: string;
  descending?: boolean;
  /** The cursor carries the key as text (a timestamp: a JS Date would keep milliseconds of Postgres's microseconds). */
  asText?: boolean;
}

/** The keys of a list sorted by `sort` over `columns[sort]` (a leading `-`: descending), then by `id` ascending. */
export function sortKeys(sort: string, columns: Record<string, string[]>, id: string): SortKey[] {
  const descending = sort.startsWith('-');
  return [...columns[sort.replace(/^-/, '')]!.map((sql) => ({ sql, descending, asText: /_at$/.test(sql) })), { sql: id }];
}

/** The ORDER BY list of `keys`. */
export function orderBy(keys: SortKey[]): string {
  return keys.map((k) => `${k.sql}${k.descending ? ' DESC' : ''}`).join(', ');
}

/** A row with its sort keys (`key0__`, `key1__`, ...). */
type KeyedRow<R> = R & Record<`key${number}__`, string | number>;

/** What a cursor carries: which list (its sort, filters and their values, hashed), the total of its first page, the keys of the last row given. */
interface Cursor {
  s: string;
  t: number;
  v: (string | number)[];
}

const encode = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString('base64url');

function decode(text: string, which: string, keys: number): Cursor {
  const refuse = () =>
    new ValidationFailedError([{ field: 'cursor', message: 'cursor must be a nextCursor of this list, with the same filters and sort' }]);
  let cursor: Partial<Cursor>;
  try {
    cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw refuse();
  }
  const ok =
    cursor?.s === which &&
    Number.isSafeInteger(cursor.t) &&
    cursor.t! >= 0 &&
    Array.isArray(cursor.v) &&
    cursor.v.length === keys &&
    cursor.v.every((x) => (typeof x === 'string' && x.length <= 300) || Number.isFinite(x));
  if (!ok) throw refuse();
  return cursor as Cursor;
}

/** Rows after the one whose keys are `values` (placeholders), in the order of `keys`, whatever their directions. */
function after(keys: SortKey[], values: string[]): string {
  return keys
    .map((k, i) =>
      [...keys.slice(0, i).map((e, j) => `${e.sql} = ${values[j]}`), `${k.sql} ${k.descending ? '<' : '>'} ${values[i]}`].join(' AND '),
    )
    .map((c) => `(${c})`)
    .join(' OR ');
}

/**
 * A page of a list: by `offset` as before, or after a `cursor` (keyset paging: the rows after the last row of
 * the page before, found through the order's keys, so that page 5,000 costs what page 1 costs). Each page that
 * is full answers a `nextCursor` (null at the end of the list); a page after a cursor keeps the first page's
 * `total` instead of counting the list again. `select` is a `SELECT ... FROM ...` without WHERE.
 */
export async function listPage<R>(
  db: Db,
  list: { select: string; where: string; params: unknown[]; sort: string; keys: SortKey[] },
  page: { limit: number; offset: number; cursor?: string },
): Promise<{ rows: R[]; total: number; nextCursor: string | null }> {
  const which = createHash('sha256')
    .update(JSON.stringify([list.sort, list.where, list.params]))
    .digest('base64url')
    .slice(0, 16);
  // The keys go out as plain columns (the sort computes them anyway); the cursor is made of the last row's only.
  const keyColumns = list.keys.map((k, i) => `${k.asText ? `(${k.sql})::text` : k.sql} AS key${i}__`).join(', ');
  const select = list.select.replace(/^\s*SELECT\s/i, `SELECT ${keyColumns}, `);
  const next = (rows: KeyedRow<R>[], total: number) => {
    const last = rows[rows.length - 1] as Record<string, string | number> | undefined;
    return last && rows.length === page.limit ? encode({ s: which, t: total, v: list.keys.map((_, i) => last[`key${i}__`]!) }) : null;
  };
  if (page.cursor === undefined) {
    const { rows, total } = await pageOfRows<KeyedRow<R>>(
      db,
      `${select} WHERE ${list.where} ORDER BY ${orderBy(list.keys)}`,
      list.params,
      page,
    );
    return { rows, total, nextCursor: page.offset + rows.length < total ? next(rows, total) : null };
  }
  if (page.offset !== 0) throw new ValidationFailedError([{ field: 'offset', message: 'offset cannot be combined with cursor' }]);
  const cursor = decode(page.cursor, which, list.keys.length);
  const params = [...list.params];
  const placeholders = cursor.v.map((v) => `$${params.push(v)}`);
  const rows = await db.query<KeyedRow<R>[]>(
    `${select} WHERE (${list.where}) AND (${after(list.keys, placeholders)}) ORDER BY ${orderBy(list.keys)} LIMIT $${params.push(page.limit)}`,
    params,
  );
  return { rows, total: cursor.t, nextCursor: next(rows, cursor.t) };
}
