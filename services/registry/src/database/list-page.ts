import { createHash } from 'node:crypto';
import { pgPoolOf, preparedStatementName, ValidationFailedError } from '@collabo/service-kit';
import type { DataSource } from 'typeorm';
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
 * 100 (five pages of 20) rather than 1,000: counting the rest cost 2-7 ms of a common term's search, the lists of
 * more than 100 matches are refined, not paged through, and paging on past the cap still works (the count starts
 * again from each page's offset).
 */
export const TOTAL_CAP = 100;

/**
 * A condition of a rank (see `RankedList.ranks`): its SQL, whose rows are read through its own index and sorted (the
 * order written so that no index matches it); or with `inOrder`, a condition that `sql` implies, answered by an index
 * in `order` (e.g. the first character of a prefix): the rows of `inOrder` are walked in `order` first, for at most
 * `PREFIX_WALK_PER_ROW` rows per row wanted, keeping those of `sql`; only when that walk does not give the rows
 * wanted are the rows of `sql` read and sorted as for a plain condition. A common prefix fills the page in a few rows
 * of the walk, where its range would give thousands of rows to sort; a rare one costs a short walk more.
 */
export type RankCondition = string | { sql: string; inOrder: string };

/** How far the walk of an `inOrder` condition goes, per row wanted, before its rows are read and sorted instead. */
export const PREFIX_WALK_PER_ROW = 50;

/** The SQL of a rank's condition. */
const conditionSql = (c: RankCondition) => (typeof c === 'string' ? c : c.sql);

/** A list in ranks (a search: exact, then prefix, then anywhere inside), each rank in the same order. */
export interface RankedList {
  /** `SELECT <columns> FROM <tables>` without WHERE; the main table is `alias`, whose `id` is the last key of `order`. */
  select: string;
  alias: string;
  /** Every row of the list, whatever its rank (the match and the filters), and its parameters. */
  where: string;
  params: unknown[];
  /**
   * `where` without the match, when every condition of `ranks` implies the match (a name that starts with the term
   * holds it): the reads of the ranks before the last need not test it again row by row.
   */
  filters?: string;
  /**
   * A condition every row of `where` meets and an index answers (e.g. the search grams): added to the reads that
   * go through the match's own indexes (the rest of the last rank, the count), never to the walk in reading order.
   */
  hint?: string;
  /**
   * A condition that about one row in eight meets, whatever the match (e.g. a random digit of the id), under which an
   * index of its own answers `hint` (a partial index of a fraction of the size): the count counts the matches there
   * first, and reads the matches through `hint` alone only when those did not reach the cap. The count is the same.
   */
  sample?: string;
  /**
   * The ranks before the last, best first, each as the conditions of which any one puts a row in it (an OR, read
   * one condition at a time, so each is answered from an index of its own): a row's rank is the first with a
   * condition true (null counts as false, as in a CASE); the last rank holds the rows that pass none.
   */
  ranks: RankCondition[][];
  /** The order inside a rank: columns, ascending, none null, the last one unique (the id). */
  order: string[];
  /** Names the order for the cursor (the list's `sort`). */
  sort: string;
}

/** `where` with an index condition its rows meet (a `hint` of `RankedList`), for a read that goes through that index. */
export function withHint(where: string, hint: string | undefined): string {
  return hint ? `(${hint}) AND (${where})` : where;
}

/** How far the last rank's first read walks the reading order, per row wanted (see `rankedPage`). */
export const WALK_PER_ROW = 200;

/**
 * How much further the last rank's walk goes, per row wanted, for a term with more matches than the cap when the
 * first walk fell short (see `rankedPage`): 40,000 rows for a page of 20, an index-only read of about 20 ms on a
 * million organisations, where reading and sorting a common word's every match through the gram index took 200-300 ms.
 */
export const FURTHER_WALK_PER_ROW = 2000;

/**
 * `sql` and `params` with the parameters `sql` does not use left out (and the placeholders renumbered): Postgres
 * refuses a parameter it cannot type, and a statement of `rankedPage` uses only part of its list's.
 */
function usedParams(sql: string, params: unknown[]): [string, unknown[]] {
  const [text, used] = renumbered(sql);
  return [text, used.map((i) => params[i])];
}

/** `sql` with its placeholders renumbered in order of first use, and which parameter (0-based) each new one stands for. */
function renumbered(sql: string): [string, number[]] {
  const used: number[] = [];
  const numbers = new Map<string, string>();
  const text = sql.replace(/\$(\d+)\b/g, (_, n: string) => {
    if (!numbers.has(n)) numbers.set(n, `$${used.push(Number(n) - 1)}`);
    return numbers.get(n)!;
  });
  return [text, used];
}

/**
 * A `Db` that can also run a statement prepared on its connection under a name (a named statement of node-postgres:
 * parsed once per connection, then only bound and executed; Postgres plans it for its values the first five times,
 * then once for any values when that plan is estimated no dearer).
 */
export interface PreparingDb extends Db {
  prepared<T = unknown>(name: string, sql: string, parameters: unknown[]): Promise<T>;
}

/** What `poolDb` needs of a node-postgres pool. */
interface PgPool {
  query(sql: string | { name: string; text: string; values: unknown[] }, values?: unknown[]): Promise<{ rows: unknown }>;
}

/** A node-postgres pool as a `PreparingDb` (its plain statements unnamed, as TypeORM runs them). */
export function poolDb(pool: PgPool): PreparingDb {
  return {
    query: async <T>(sql: string, values?: unknown[]) => (await pool.query(sql, values)).rows as T,
    prepared: async <T>(name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows as T,
  };
}

/** The searches' `Db`: the pool of `dataSource` (TypeORM's node-postgres pool), for named statements. */
export function preparingDb(dataSource: DataSource): PreparingDb {
  return poolDb(pgPoolOf(dataSource));
}

/** One row of a ranked list as the reads find it: its rank and its keys in `order` (`k0__`, `k1__`, ...). */
type Hit = { rank__: number } & Record<`k${number}__`, string | number>;

/** What each row of a page's statement carries besides the hit's row (see `rankedPage`); the hit's keys are `hit_k<i>__`. */
interface PageRow {
  n__: number;
  tail_ran__: boolean;
  found__: number;
  hit_rank__: number | null;
}

/** What the values of a page's statement are made of: the page asked for, and the cursor's values (its rank first). */
interface PageArgs {
  offset: number;
  limit: number;
  cursor: readonly (string | number)[];
}

/** A parameter of a page's statement as a function of the page asked for (the statement's text does not depend on it). */
type PageParam = (args: PageArgs) => unknown;

/**
 * What `rankedPage` reads of a list with the SQL of `list`, for a page from the start (`firstRank` null) or after a
 * cursor in rank `firstRank`: the parts of the select and the order, the conditions of a rank's rows for the
 * statements that follow the page's, and the page's statement itself (its text with the placeholders renumbered to
 * the parameters it uses, its prepared name, and how its values are made from the list's and the page's).
 */
interface PageShape {
  table: string;
  alias: string;
  /** The select's joins when the list's conditions need them, else ''. */
  joins: string;
  order: string;
  keys: string;
  hitOrder: string;
  sortKey: string;
  walkColumns: string;
  /** The column of a hit that holds the row's id (the last key of the order). */
  idKey: `k${number}__`;
  /** The last rank (anywhere inside): the number of ranks before it. */
  last: number;
  /**
   * The last rank's conditions, and the cursor's bound when the cursor is in that rank (where its walks start);
   * `cursorKey(i)` is the placeholder of the cursor's value `i` (1: its first key).
   */
  lastRank(cursorKey: (i: number) => string): { conditions: string[]; start: string | null };
  page: { text: string; name: string; values(listParams: readonly unknown[], args: PageArgs): unknown[] };
}

/**
 * The shapes of pages built so far, by the SQL of their list and the cursor's rank: the text of a page's statement is
 * the same for every term and page of a shape (the values are parameters), and building it for every page (a dozen
 * kilobytes of SQL, its placeholders renumbered, its name looked up) allocated about 54 of a search page's 403 KB
 * (bench/README.md).
 * A service has a few dozen shapes (which filters, a term of one character or more, kana or not, the cursor's rank).
 */
const pageShapes = new Map<string, PageShape>();
const PAGE_SHAPES_MAX = 500;
/** How many shapes `buildPageShape` has built in this process (see `pageShapeStats`). */
let pageShapesBuilt = 0;

/** How many page shapes this process has built and how many it keeps: a shape is built once, then every page of it reuses it. */
export function pageShapeStats(): { built: number; kept: number } {
  return { built: pageShapesBuilt, kept: pageShapes.size };
}

/** `pageShape`'s key: every piece of `list` that goes into a statement's text, and the cursor's rank. */
function shapeKey(list: RankedList, firstRank: number | null): string {
  const none = '\u0002';
  const ranks = list.ranks.map((rank) => rank.map((c) => (typeof c === 'string' ? c : `${c.sql}\u0003${c.inOrder}`)).join('\u0004'));
  return [
    list.select,
    list.alias,
    list.where,
    list.filters ?? none,
    list.hint ?? none,
    list.sample ?? none,
    ranks.join('\u0005'),
    list.order.join('\u0004'),
    list.params.length,
    firstRank ?? none,
  ].join('\u0001');
}

/** The shape of the pages of `list` (see `PageShape`), built the first time and kept (`pageShapes`). */
function pageShape(list: RankedList, firstRank: number | null): PageShape {
  const key = shapeKey(list, firstRank);
  let shape = pageShapes.get(key);
  if (shape === undefined) {
    shape = buildPageShape(list, firstRank);
    pageShapesBuilt++;
    if (pageShapes.size >= PAGE_SHAPES_MAX) pageShapes.clear();
    pageShapes.set(key, shape);
  }
  return shape;
}

/** Builds a `PageShape` (see `rankedPage` for what the page's statement does). Uses only the SQL of `list`, never its values. */
function buildPageShape(list: RankedList, firstRank: number | null): PageShape {
  const from = /^\s*SELECT\s[\s\S]*?\sFROM\s+(\w+)\s+(\w+)\b([\s\S]*)$/i.exec(list.select);
  if (!from || from[2] !== list.alias) throw new Error(`rankedPage: the select must read FROM <table> ${list.alias} first`);
  const [, table, alias, allJoins] = from as unknown as [string, string, string, string];
  // The joins of the select are for the page's columns; the reads of the ranks need them only where the filters do.
  const joined = [...allJoins.matchAll(/\bJOIN\s+\w+\s+(?:AS\s+)?(\w+)/gi)].map((m) => m[1]!);
  const joins = joined.some((a) => new RegExp(`\\b${a}\\.`).test(list.where)) ? allJoins : '';
  const order = list.order.join(', ');
  const keys = list.order.map((k, i) => `${k} AS k${i}__`).join(', ');
  const hitOrder = ['rank__', ...list.order.map((_, i) => `k${i}__`)].join(', ');
  // The same order as `order`, written so that no index matches it: neither for the sort nor for a bound (a filter).
  const sortKey = [`(${list.order[0]} || '')`, ...list.order.slice(1)].join(', ');
  const last = list.ranks.length;
  const from0 = firstRank ?? 0;
  const either = (conditions: RankCondition[]) => `(${conditions.map((c) => `(${conditionSql(c)})`).join(' OR ')})`;
  /** The conditions of the rows of rank `rank` (the conditions of its own rank aside), and from the cursor on. */
  const rankConditions = (rank: number, cursorKey: (i: number) => string) => {
    const all = rank < last && list.filters !== undefined ? list.filters : list.where;
    const conditions = [`(${all})`, ...list.ranks.slice(0, rank).map((c) => `${either(c)} IS NOT TRUE`)];
    if (firstRank !== null && rank === firstRank)
      conditions.push(`(${order}) > (${list.order.map((_, i) => cursorKey(i + 1)).join(', ')})`);
    return conditions;
  };
  // The columns the conditions name: a walk reads only these, so that a covering index answers it alone.
  const named = new RegExp(`\\b${alias}\\.(\\w+)`, 'g');
  const columns = [
    ...new Set(
      [
        ...`${list.where} ${allJoins} ${list.ranks
          .flat()
          .map((c) => (typeof c === 'string' ? c : `${c.sql} ${c.inOrder}`))
          .join(' ')} ${order}`.matchAll(named),
      ].map((m) => m[1]!),
    ),
  ];
  const walkColumns = columns.map((c) => `${alias}.${c}`).join(', ');
  /** The last rank's conditions, and the cursor's bound when the cursor is in that rank (where its walks start). */
  const lastRank = (cursorKey: (i: number) => string) => {
    const conditions = rankConditions(last, cursorKey);
    return { conditions, start: firstRank !== null && firstRank === last ? conditions[conditions.length - 1]! : null };
  };

  // The page in one statement (see `rankedPage`): the hits of the ranks before the last (`head__`), the count
  // (`count__`), the last rank's walk when the page needs it (`tail__`, gated), the page's slice of their hits and each
  // hit's row, whole. Each result row is one hit of the page with its row; a page without hits is one row of nulls
  // (the count and the gate are on every row).
  const listParams = list.params.length;
  const slots: PageParam[] = [];
  const p = (slot: PageParam) => `$${listParams + slots.push(slot)}`;
  const cursorKey = (i: number) => p((a) => a.cursor[i]);
  const wanted: PageParam = (a) => a.offset + a.limit;
  const reads: string[] = [];
  const walks: string[] = [];
  for (let rank = from0; rank < last; rank++) {
    const conditions = rankConditions(rank, cursorKey);
    list.ranks[rank]!.forEach((condition, i) => {
      const before = list.ranks[rank]!.slice(0, i).map((c) => `(${conditionSql(c)}) IS NOT TRUE`);
      const all = [...conditions, `(${conditionSql(condition)})`, ...before].join(' AND ');
      const sorted = (gate: string) => `(SELECT ${rank} AS rank__, ${keys} FROM ${table} ${alias}${joins}
        WHERE ${all}${gate} ORDER BY ${sortKey} LIMIT ${p(wanted)})`;
      if (typeof condition === 'string') {
        reads.push(sorted(''));
        return;
      }
      // The walk along `inOrder` (from the cursor on), its rows of the condition when it found the rows wanted; else
      // (which the walk alone decides: Postgres does not run the read whose gate is false) the condition's rows sorted,
      // which hold the walk's.
      const walk = `walk${walks.length}__`;
      const start = firstRank !== null && rank === firstRank ? ` AND ${conditions[conditions.length - 1]}` : '';
      walks.push(`${walk} AS MATERIALIZED (SELECT ${rank} AS rank__, ${keys} FROM (SELECT ${walkColumns}
          FROM ${table} ${alias} WHERE (${condition.inOrder})${start} ORDER BY ${order} LIMIT ${p((a) => (a.offset + a.limit) * PREFIX_WALK_PER_ROW)}) ${alias}${joins}
        WHERE ${all} ORDER BY ${order} LIMIT ${p(wanted)})`);
      const full = `(SELECT count(*) FROM ${walk}) = ${p(wanted)}`;
      reads.push(`(SELECT * FROM ${walk} WHERE ${full})`, sorted(` AND NOT ${full}`));
    });
  }
  const head = reads.length
    ? `SELECT * FROM (${reads.join(' UNION ALL ')}) AS r ORDER BY ${hitOrder} LIMIT ${p(wanted)}`
    : `SELECT 0 AS rank__, ${keys} FROM ${table} ${alias} WHERE false`;
  // The matches up to the cap: in the sample first (a common term reaches the cap there, from a small index), then,
  // only when the sample did not reach it (the CASE does not run the subquery of the branch it does not take), all.
  const beyondCap: PageParam = (a) => a.offset + TOTAL_CAP + 1;
  const count = (sample: string) =>
    `(SELECT count(*) FROM (SELECT 1 FROM ${table} ${alias}${joins} WHERE (${list.where})${list.hint ? ` AND (${list.hint})` : ''}${sample}
        LIMIT ${p(beyondCap)}) AS matches)::int`;
  const counted =
    firstRank !== null
      ? '0'
      : list.sample && list.hint
        ? `CASE WHEN ${count(` AND (${list.sample})`)} < ${p(beyondCap)}::int THEN ${count('')} ELSE ${p(beyondCap)}::int END`
        : count('');
  // The last rank's walk, only when the ranks before it did not fill the page and there is more to find (not when
  // the count, exact, says they gave every match): a gate of the statement's own values, so its scan never starts
  // otherwise.
  const headFound = '(SELECT count(*) FROM head__)';
  const tailGate = `(${headFound} < ${p(wanted)} AND (${firstRank !== null ? 'true' : `(SELECT n FROM count__) > ${p((a) => a.offset + TOTAL_CAP)} OR (SELECT n FROM count__) > ${headFound}`}))`;
  const { conditions: tailConditions, start: tailStart } = lastRank(cursorKey);
  const stretch = `SELECT ${walkColumns} FROM ${table} ${alias}${tailStart ? ` WHERE ${tailStart}` : ''}
    ORDER BY ${order} LIMIT ${p((a) => (a.offset + a.limit) * WALK_PER_ROW)}`;
  const idKey = `k${list.order.length - 1}__` as const;
  const [text, used] = renumbered(
    `WITH ${walks.map((w) => `${w}, `).join('')}head__ AS MATERIALIZED (${head}),
       count__ AS MATERIALIZED (SELECT ${counted} AS n),
       tail__ AS MATERIALIZED (SELECT ${last} AS rank__, ${keys} FROM (${stretch}) ${alias}${joins}
         WHERE ${tailGate} AND ${tailConditions.join(' AND ')} ORDER BY ${order} LIMIT (${p(wanted)} - ${headFound})),
       page__ AS MATERIALIZED (SELECT * FROM (SELECT * FROM head__ UNION ALL SELECT * FROM tail__) AS h
         ORDER BY ${hitOrder} OFFSET ${p((a) => a.offset)} LIMIT ${p((a) => a.limit)})
     SELECT count__.n AS n__, ${tailGate} AS tail_ran__, (${headFound} + (SELECT count(*) FROM tail__))::int AS found__,
       page__.rank__ AS hit_rank__, ${list.order.map((_, i) => `page__.k${i}__ AS hit_k${i}__`).join(', ')}, row__.*
     FROM count__ LEFT JOIN page__ ON true
       LEFT JOIN LATERAL (${list.select} WHERE ${alias}.id = page__.${idKey}) AS row__ ON true
     ORDER BY hit_rank__, ${list.order.map((_, i) => `hit_k${i}__`).join(', ')}`,
  );
  return {
    table,
    alias,
    joins,
    order,
    keys,
    hitOrder,
    sortKey,
    walkColumns,
    idKey,
    last,
    lastRank,
    page: {
      text,
      name: preparedStatementName(text, 'ranked'),
      values: (params, args) => used.map((i) => (i < listParams ? params[i] : slots[i - listParams]!(args))),
    },
  };
}

/**
 * A page of a ranked list, ordered by rank and then by `order`, by `offset` or after a `cursor` (keyset paging).
 *
 * The same rows in the same order as one query sorting every match by `CASE <rank> ...`, `order`; but that query
 * reads, ranks and sorts every match (and counts them all) before the first page, which for a common term is
 * most of the table. Here each rank is read on its own, best rank first, and only as far as the page needs, and the
 * page comes in one statement (one round trip, one plan), whose parts run only when the page needs them:
 * 1. the ranks before the last (exact, prefix): each condition of a rank through its own index (an equality, a prefix
 *    range; covering indexes answer them without reading the table), the rows of an earlier condition or rank left
 *    out, sorted and cut at the rows wanted (tested against `filters` instead of `where` when given); a condition with
 *    `inOrder` (a prefix: its first character) walked in `order` first, and read and sorted only when that walk falls
 *    short (see `RankCondition`);
 * 2. the count, which stops at `offset + TOTAL_CAP` (exact below that: `totalExact`; a lower bound beyond it), and
 *    counts in the list's `sample` first, through an index of that fraction of the rows: a common term reaches the
 *    cap there;
 * 3. only when 1 did not fill the page and the count says there is more, the last rank (anywhere inside) by walking
 *    the `order` index from its start (or from the cursor) for at most `WALK_PER_ROW` rows per row wanted, keeping
 *    those of the rank: a common term fills the page in a few rows. Only the columns the conditions name are read,
 *    so that a covering index answers the walk alone; its gate is of the statement's own values (a one-time filter:
 *    the scan does not start when it is false);
 * 4. the page's slice of those hits, each joined to its row, read whole.
 * Only if the walk of 3 did not fill the page, more statements follow: for a term with more matches than the cap, a
 * further walk of the reading order (`FURTHER_WALK_PER_ROW` rows per row wanted, prepared); then, if still short (or at
 * once for a term of few matches), the rest of the rank after the stretches walked, found through the match's own
 * indexes (`hint`) and sorted (a term rare there has few rows to sort); and the rows of those hits that fall in the page.
 * Sorts that must not walk an order index (the planner cannot estimate a rank) write the first key as
 * `order[0] || ''`: the same order, which no index matches. A page after a cursor keeps the first page's total.
 * On a `PreparingDb` (the services' `preparingDb`) the page's statement, the further walk and the rows' read are
 * prepared (named), planned once per connection for any values when Postgres finds that plan no dearer: their SQL is
 * written so that one plan suits every term (the walks, the prefix ranges with both ends written out, the id
 * lookups); the rest's read through the match's indexes, whose best plan depends on the term, stays unnamed, planned
 * for its values every time. The page's statement is one snapshot; with the statements after it the page is not (a row
 * changed between them may show its new columns at its old place): a read-only REPEATABLE READ transaction around
 * them cost a fifth to a third of the throughput (two more round trips and a connection held for the page).
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
  const firstRank = cursor ? (cursor.v[0] as number) : 0;
  const shape = pageShape(list, cursor ? firstRank : null);
  const { table, alias, joins, order, keys, hitOrder, sortKey, walkColumns, idKey, last } = shape;
  const wanted = page.offset + page.limit;
  const walkRows = wanted * WALK_PER_ROW;
  /** A statement's parameters: the list's, then its own. */
  const statement = () => {
    const params = [...list.params];
    return { params, p: (v: unknown) => `$${params.push(v)}` };
  };
  const query = <T>(sql: string, params: unknown[]) => db.query<T>(...usedParams(sql, params));
  /** A statement whose plan is the same whatever its values (an index walk, a read by id): prepared when `db` can. */
  const prepared = <T>(name: string, text: string, values: unknown[]) =>
    'prepared' in db ? (db as PreparingDb).prepared<T>(name, text, values) : db.query<T>(text, values);
  const preparedQuery = <T>(sql: string, params: unknown[]) => {
    const [text, values] = usedParams(sql, params);
    return prepared<T>(preparedStatementName(text, 'ranked'), text, values);
  };
  const asHits = (json: unknown): Hit[] => (typeof json === 'string' ? JSON.parse(json) : (json ?? [])) as Hit[];

  // The page in one statement (see `pageShape`), built once per shape of list and run with this page's values.
  const args: PageArgs = { offset: page.offset, limit: page.limit, cursor: cursor?.v ?? [] };
  const found = await prepared<(PageRow & R)[]>(shape.page.name, shape.page.text, shape.page.values(list.params, args));
  const head0 = found[0]!;
  const n = head0.n__;
  // The hits of the page, each with its row (which also carries the statement's own columns: the views read theirs).
  const pageHits: { hit: Hit; row: R | undefined }[] = [];
  for (const f of found) {
    if (f.hit_rank__ === null) continue;
    const hit = { rank__: f.hit_rank__ } as Hit;
    for (let i = 0; i < list.order.length; i++) hit[`k${i}__`] = (f as unknown as Record<string, string | number>)[`hit_k${i}__`]!;
    pageHits.push({ hit, row: (f as unknown as { id: unknown }).id === null ? undefined : f });
  }

  // The rest of the last rank after the walked stretch, only when the walk ran and did not fill the page. A term with
  // more matches than the cap (counted past it, or a cursor's total a lower bound) walks on along the reading order, a
  // further stretch of `FURTHER_WALK_PER_ROW` rows per row wanted (reading no table rows): its matches gather where the
  // reading order groups names (a word in the middle of the names of one place), and the read through the gram index
  // would fetch and sort every one of thousands. What is still missing then, or at once for a term with few matches,
  // comes through the match's indexes (`hint`), after the stretches walked (none when they reached the end), sorted.
  // Those of their hits that fall in the page are read whole.
  const hitsFound = head0.found__;
  if (head0.tail_ran__ && hitsFound < wanted) {
    const more: Hit[] = [];
    let walked = walkRows;
    const common = cursor ? cursor.x === false : n > page.offset + TOTAL_CAP;
    if (common) {
      const { params: furtherParams, p: fp } = statement();
      const { conditions, start } = shape.lastRank((i) => fp(cursor!.v[i]));
      const furtherRows = wanted * FURTHER_WALK_PER_ROW;
      const [further] = await preparedQuery<{ hits: unknown }[]>(
        `SELECT (SELECT json_agg(h ORDER BY ${hitOrder}) FROM (SELECT ${last} AS rank__, ${keys} FROM (SELECT ${walkColumns}
           FROM ${table} ${alias}${start ? ` WHERE ${start}` : ''} ORDER BY ${order} OFFSET ${fp(walked)} LIMIT ${fp(furtherRows)}) ${alias}${joins}
           WHERE ${conditions.join(' AND ')} ORDER BY ${order} LIMIT ${fp(wanted - hitsFound)}) AS h) AS hits`,
        furtherParams,
      );
      more.push(...asHits(further!.hits));
      walked += furtherRows;
    }
    if (hitsFound + more.length < wanted) {
      const { params: restParams, p: rp } = statement();
      const { conditions, start } = shape.lastRank((i) => rp(cursor!.v[i]));
      const bound = list.order.map((_, i) => `k${i}__`).join(', ');
      const [rest] = await query<{ hits: unknown }[]>(
        `WITH stop AS MATERIALIZED (SELECT ${keys} FROM ${table} ${alias}${start ? ` WHERE ${start}` : ''} ORDER BY ${order} OFFSET ${rp(walked)} - 1 LIMIT 1)
         SELECT (SELECT json_agg(h ORDER BY ${hitOrder}) FROM (SELECT ${last} AS rank__, ${keys} FROM ${table} ${alias}${joins}
           WHERE EXISTS (SELECT 1 FROM stop) AND ${conditions.join(' AND ')}${list.hint ? ` AND (${list.hint})` : ''}
             AND (${sortKey}) > (SELECT ${bound} FROM stop) ORDER BY ${sortKey} LIMIT ${rp(wanted - hitsFound - more.length)}) AS h) AS hits`,
        restParams,
      );
      more.push(...asHits(rest!.hits));
    }
    const inPage = more.slice(Math.max(0, page.offset - hitsFound), wanted - hitsFound);
    const rows = inPage.length
      ? await preparedQuery<(R & { id: string })[]>(`${list.select} WHERE ${alias}.id = ANY($1)`, [inPage.map((h) => h[idKey])])
      : [];
    const byId = new Map(rows.map((row) => [row.id, row as R]));
    pageHits.push(...inPage.map((hit) => ({ hit, row: byId.get(hit[idKey] as string) })));
  }
  const rows = pageHits.flatMap(({ row }) => (row === undefined ? [] : [row]));

  let total: number;
  let totalExact: boolean;
  if (cursor) {
    total = cursor.t;
    totalExact = cursor.x ?? true;
  } else {
    const cap = page.offset + TOTAL_CAP;
    total = Math.min(n, cap);
    totalExact = n <= cap;
  }
  const lastHit = pageHits[pageHits.length - 1]?.hit;
  const more = rows.length === page.limit && (cursor !== undefined || !totalExact || page.offset + rows.length < total);
  const nextCursor =
    lastHit && more
      ? encode({
          s: which,
          t: total,
          v: [lastHit.rank__, ...list.order.map((_, i) => lastHit[`k${i}__`]!)],
          ...(totalExact ? {} : { x: false }),
        })
      : null;
  return { rows, total, totalExact, nextCursor };
}
