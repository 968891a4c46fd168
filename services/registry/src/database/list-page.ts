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

/**
 * What a cursor carries: which list (its sort, filters and their values, hashed), the total of its first page,
 * the keys of the last row given; `x: false` when that total is a lower bound (see `rankedPage`).
 */
interface Cursor {
  s: string;
  t: number;
  v: (string | number)[];
  x?: boolean;
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
    (cursor.x === undefined || typeof cursor.x === 'boolean') &&
    cursor.v.every((x) => (typeof x === 'string' && x.length <= 300) || Number.isFinite(x));
  if (!ok) throw refuse();
  return cursor as Cursor;
}

/** The hash that ties a cursor to its list: the sort, the WHERE clause and its values. */
function listIdentity(sort: string, where: string, params: unknown[]): string {
  return createHash('sha256')
    .update(JSON.stringify([sort, where, params]))
    .digest('base64url')
    .slice(0, 16);
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
  const which = listIdentity(list.sort, list.where, list.params);
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

/**
 * Counting stops this many rows past the offset: a search that matches more answers `total` as a lower bound
 * (`totalExact: false`, "at least `total`") instead of reading every match for a number nobody pages through.
 */
export const TOTAL_CAP = 1000;

/** A list in ranks (a search: exact, then prefix, then anywhere inside), each rank in the same order. */
export interface RankedList {
  /** `SELECT <columns> FROM <tables>` without WHERE; the main table is `alias`, whose `id` is the last key of `order`. */
  select: string;
  alias: string;
  /** Every row of the list, whatever its rank (the match and the filters), and its parameters. */
  where: string;
  params: unknown[];
  /**
   * The conditions of the ranks before the last, best first: a row's rank is the first whose condition is true
   * (null counts as false, as in a CASE); the last rank holds the rows that pass none.
   */
  ranks: string[];
  /** The order inside a rank: columns, ascending, none null, the last one unique (the id). */
  order: string[];
  /** Names the order for the cursor (the list's `sort`). */
  sort: string;
}

/** How far a rank's first read walks the reading order, per row wanted (see `rankedPage`). */
export const WALK_PER_ROW = 50;

/**
 * A page of a ranked list, ordered by rank and then by `order`, by `offset` or after a `cursor` (keyset paging).
 *
 * The same rows in the same order as one query sorting every match by `CASE <rank> ...`, `order`; but that query
 * reads, ranks and sorts every match (and counted them all) before the first page, which for a common term is
 * most of the table. Here each rank is read on its own, best rank first, and only as far as the page needs
 * (one statement; a rank is not read at all when the ranks before it filled the page):
 * - the first rank (exact matches) from its own condition, through whatever index serves it (an equality);
 * - every other rank first by walking the `order` index from its start (or from the cursor) for at most
 *   `WALK_PER_ROW` rows per row wanted, keeping those of the rank: a common term fills the page in a few rows;
 * - and only if that walk did not fill it, the rest of the rank after the walked stretch, found through the
 *   match's own indexes (the gram index, a prefix range) and sorted: a term that is rare in that stretch has
 *   few rows to sort. The sort key there is written `order[0] || ''` (the same order) so that Postgres does not
 *   walk the order index again for a rank it cannot estimate (a name and its reading go together: a place name
 *   is common in general but may not appear before the middle of the reading order).
 * Only the page's rows are joined and read whole. `total` counts the matches up to `offset + TOTAL_CAP` (exact
 * below that: `totalExact`; a lower bound beyond it); when the ranks ran out before the page was full it is the
 * number of rows they gave, and nothing else is counted. A page after a cursor keeps the first page's total.
 */
export async function rankedPage<R>(
  db: Db,
  list: RankedList,
  page: { limit: number; offset: number; cursor?: string },
): Promise<{ rows: R[]; total: number; totalExact: boolean; nextCursor: string | null }> {
  const which = listIdentity(list.sort, list.where, list.params);
  let cursor: Cursor | undefined;
  if (page.cursor !== undefined) {
    if (page.offset !== 0) throw new ValidationFailedError([{ field: 'offset', message: 'offset cannot be combined with cursor' }]);
    cursor = decode(page.cursor, which, list.order.length + 1);
    const rank = cursor.v[0];
    if (!Number.isInteger(rank) || (rank as number) < 0 || (rank as number) > list.ranks.length) {
      throw new ValidationFailedError([
        { field: 'cursor', message: 'cursor must be a nextCursor of this list, with the same filters and sort' },
      ]);
    }
  }
  const from = /^\s*SELECT\s[\s\S]*?\sFROM\s+(\w+)\s+(\w+)\b([\s\S]*)$/i.exec(list.select);
  if (!from || from[2] !== list.alias) throw new Error(`rankedPage: the select must read FROM <table> ${list.alias} first`);
  const [, table, alias, allJoins] = from as unknown as [string, string, string, string];
  // The joins of the select are for the page's columns; the reads of the ranks need them only where the filters do.
  const joined = [...allJoins.matchAll(/\bJOIN\s+\w+\s+(?:AS\s+)?(\w+)/gi)].map((m) => m[1]!);
  const joins = joined.some((a) => new RegExp(`\\b${a}\\.`).test(list.where)) ? allJoins : '';
  const params = [...list.params];
  const p = (v: unknown) => `$${params.push(v)}`;
  const wanted = p(page.offset + page.limit);
  const walk = p((page.offset + page.limit) * WALK_PER_ROW);
  const order = list.order.join(', ');
  const keys = list.order.map((k, i) => `${k} AS k${i}__`).join(', ');
  const bound = list.order.map((_, i) => `k${i}__`).join(', ');
  const after = cursor ? `(${order}) > (${cursor.v.slice(1).map(p).join(', ')})` : null;

  const ctes: string[] = [];
  const read: string[] = []; // the CTEs of the rows read so far, best rank first
  const got = () => (read.length ? read.map((c) => `(SELECT count(*) FROM ${c})`).join(' + ') : '0');
  for (let rank = cursor ? (cursor.v[0] as number) : 0; rank <= list.ranks.length; rank++) {
    const conditions = [`(${list.where})`, ...list.ranks.slice(0, rank).map((c) => `(${c}) IS NOT TRUE`)];
    if (rank < list.ranks.length) conditions.push(`(${list.ranks[rank]})`);
    const start = cursor && rank === cursor.v[0] ? after : null;
    if (start) conditions.push(start);
    const needed = `${got()} < ${wanted}`; // constant for the statement: Postgres skips the read when false
    const select = (name: string, body: string) => {
      ctes.push(`${name} AS MATERIALIZED (SELECT ${rank} AS rank__, ${keys} ${body})`);
      read.push(name);
    };
    if (rank === 0) {
      select(`r0`, `FROM ${table} ${alias}${joins} WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${wanted}`);
      continue;
    }
    // The walk: the first rows of the order (a subquery with a LIMIT, so it is read in that order and no further).
    const stretch = `SELECT * FROM ${table} ${alias}${start ? ` WHERE ${start}` : ''} ORDER BY ${order} LIMIT ${walk}`;
    select(
      `w${rank}`,
      `FROM (${stretch}) ${alias}${joins} WHERE ${needed} AND ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${wanted} - (${got()})`,
    );
    // Where the walk stopped (none: it read to the end of the table), and the rest of the rank after it.
    const stop = `b${rank}`;
    ctes.push(
      `${stop} AS MATERIALIZED (SELECT ${keys} FROM ${table} ${alias} WHERE ${got()} < ${wanted}${start ? ` AND ${start}` : ''}
        ORDER BY ${order} OFFSET ${walk} - 1 LIMIT 1)`,
    );
    // The same order, written so that no index matches it: neither for the sort nor for the bound (a filter here).
    const sortKey = [`(${list.order[0]} || '')`, ...list.order.slice(1)].join(', ');
    select(
      `f${rank}`,
      `FROM ${table} ${alias}${joins} WHERE ${got()} < ${wanted} AND EXISTS (SELECT 1 FROM ${stop}) AND ${conditions.join(' AND ')}
        AND (${sortKey}) > (SELECT ${bound} FROM ${stop}) ORDER BY ${sortKey} LIMIT ${wanted} - (${got()})`,
    );
  }
  const pageKeys = ['rank__', ...list.order.map((_, i) => `k${i}__`)];
  const hits = `SELECT * FROM (${read.map((c) => `SELECT * FROM ${c}`).join(' UNION ALL ')}) AS hits
    ORDER BY ${pageKeys.join(', ')} LIMIT ${p(page.limit)} OFFSET ${p(page.offset)}`;
  const keyColumns = pageKeys.map((k, i) => `hit.${k} AS key${i}__`).join(', ');
  const rowsSql = `${list.select.replace(/^\s*SELECT\s/i, `SELECT ${keyColumns}, `)} JOIN (${hits}) AS hit ON ${alias}.id = hit.k${list.order.length - 1}__`;
  const rowOrder = pageKeys.map((_, i) => `r.key${i}__`).join(', ');
  let rows: KeyedRow<R>[];
  let total: number;
  let totalExact: boolean;
  if (cursor) {
    rows = await db.query<KeyedRow<R>[]>(`WITH ${ctes.join(',\n')} SELECT r.* FROM (${rowsSql}) AS r ORDER BY ${rowOrder}`, params);
    total = cursor.t;
    totalExact = cursor.x ?? true;
  } else {
    // Counted only when the ranks filled what was wanted (else they gave every match); one row of nulls when the page is empty.
    const cap = page.offset + TOTAL_CAP;
    const counted = `SELECT CASE WHEN ${got()} < ${wanted} THEN ${got()}
      ELSE (SELECT count(*) FROM (SELECT 1 FROM ${table} ${alias}${joins} WHERE ${list.where} LIMIT ${p(cap + 1)}) AS matches) END::int AS n`;
    const answer = await db.query<(KeyedRow<R> & { total__: number })[]>(
      `WITH ${ctes.join(',\n')} SELECT c.n AS total__, r.* FROM (${counted}) AS c LEFT JOIN (${rowsSql}) AS r ON true ORDER BY ${rowOrder}`,
      params,
    );
    const n = answer[0]?.total__ ?? 0;
    rows = answer.filter((r) => r.key0__ !== null).map(({ total__: _n, ...row }) => row as unknown as KeyedRow<R>);
    total = Math.min(n, cap);
    totalExact = n <= cap;
  }
  const last = rows[rows.length - 1] as Record<string, string | number> | undefined;
  const more = rows.length === page.limit && (cursor !== undefined || !totalExact || page.offset + rows.length < total);
  const nextCursor =
    last && more
      ? encode({ s: which, t: total, v: pageKeys.map((_, i) => last[`key${i}__`]!), ...(totalExact ? {} : { x: false }) })
      : null;
  return { rows, total, totalExact, nextCursor };
}
