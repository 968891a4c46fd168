import type { RankCondition } from '../database/list-page.js';
import { escapeLike, searchKey, toKatakana } from './japanese-text.js';

/** The SQL of a search by name over a table with `search_name`, `search_kana` and `search_grams` (see SearchGrams1732800000006). */
export interface NameSearchSql {
  /** The condition: a row whose name holds the term, or whose reading holds it in katakana (or `alsoExact`). */
  match: string;
  /**
   * What the search grams say of the rows `match` finds (every one meets it): the condition through which the GIN
   * index finds the candidates, for the reads that want that index (`rankedPage`'s `hint`); null for an empty term.
   */
  hint: string | null;
  /** `match` and `hint` together: the condition for a read of the matches through the gram index. */
  where: string;
  /**
   * A condition about one row in eight meets whatever its name (the id's last hexadecimal digit, random in a UUID),
   * under which a partial gram index of its own (`<table>_search_grams_sample_idx`, SearchPageIndexes1732800000070)
   * answers `hint`: `rankedPage` counts there first (`RankedList.sample`). Null for an empty term, as `hint`.
   */
  sample: string | null;
  /**
   * The ranking (0 exact, 1 prefix, 2 anywhere inside) as the conditions of its first two ranks, [exact, prefix],
   * each as conditions of which any one puts a row in the rank: a row is in the first rank with one true, else in
   * the last (see `rankedPage`). Adds their parameters when called. The exact rank is one condition (equalities on
   * btrees, few rows); the prefix rank one condition per search column, walked first along the column's first
   * character in reading order (`inOrder`: SearchPageIndexes1732800000070), else read as its range from a btree of its
   * own (`search_name` and `search_kana` with `text_pattern_ops`, covering the reading order:
   * SearchCoveringIndexes1732800000050). Every condition implies `match`.
   */
  ranks: () => [exact: RankCondition[], prefix: RankCondition[]];
}

/**
 * A search by name for `term` over the table aliased `alias`, with placeholders from `param`.
 *
 * Which rows match is what `LIKE '%term%'` on the search columns says (the term normalised by `searchKey`, and
 * in katakana for the reading); the GIN index on `search_grams` finds the candidates (`hint`): every bigram of a
 * term of two characters or more, or the one character of a one-character term, must be among the row's
 * grams. A row that holds the term holds its grams, so the index loses no answer, and the LIKE throws out
 * the rows that hold the grams apart (the LIKE alone: the grams are not compared again row by row).
 * `alsoExact` (an indexed equality, e.g. a corporate number) is one more way to match, ranked as exact.
 */
export function nameSearchSql(term: string, alias: string, param: (value: unknown) => string, alsoExact?: () => string): NameSearchSql {
  const key = searchKey(term);
  const kana = toKatakana(key);
  const a = alias;
  const anywhere = (v: string) => param(`%${escapeLike(v)}%`);
  // The grams a term must find, as a parameter (see queryGrams): a constant array costs the planner nothing to
  // plan where a function call would run.
  const grams = (v: string) => `${a}.search_grams @> ${param(queryGrams(v))}::text[]`;
  const exact = alsoExact?.();
  const ranks = (): [RankCondition[], RankCondition[]] => {
    const k = param(key);
    const kn = kana === key ? k : param(kana);
    // A prefix as LIKE and as its range in the prefix indexes' order, written out (the start, and the end when there
    // is one: see prefixEnd), so that a plan made without the values (a prepared statement's) reads the range too;
    // read first along its first character's rows in reading order (`inOrder`: the first-character indexes,
    // SearchPageIndexes1732800000070), which for a one-character prefix are its rows.
    const prefix = (v: string) => {
      const [first, ...rest] = Array.from(v);
      const end = prefixEnd(v);
      return (column: string): RankCondition => {
        const c = `${a}.${column}`;
        const like = `${c} LIKE ${param(`${escapeLike(v)}%`)} AND ${c} ~>=~ ${param(v)}${end === null ? '' : ` AND ${c} ~<~ ${param(end)}`}`;
        if (first === undefined) return like;
        const head = `left(${a}.${column}, 1) = ${param(first)}`;
        return { sql: rest.length ? like : head, inOrder: head };
      };
    };
    const startsKey = prefix(key);
    const startsKana = kana === key ? startsKey : prefix(kana);
    return [
      [`${a}.search_name = ${k} OR ${a}.search_kana = ${kn}${exact ? ` OR ${exact}` : ''}`],
      [startsKey('search_name'), startsKana('search_kana')],
    ];
  };
  let match: string;
  let hint: string | null;
  if (!key) {
    match = `${a}.search_name LIKE '%' OR ${a}.search_kana LIKE '%'`;
    hint = null;
  } else if (kana === key) {
    const pattern = anywhere(key);
    match = `${a}.search_name LIKE ${pattern} OR ${a}.search_kana LIKE ${pattern}`;
    hint = grams(key);
  } else {
    match = `${a}.search_name LIKE ${anywhere(key)} OR ${a}.search_kana LIKE ${anywhere(kana)}`;
    hint = `${grams(key)} OR ${grams(kana)}`;
  }
  const or = (c: string) => `(${c}${exact ? ` OR ${exact}` : ''})`;
  return {
    match: or(match),
    hint: hint && or(hint),
    where: hint ? `(${or(hint)} AND ${or(match)})` : or(match),
    sample: hint ? `right(${a}.id::text, 1) < '2'` : null,
    ranks,
  };
}

/**
 * What a term must find among a row's search grams, as the SQL function `search_query_grams` computes it
 * (SearchGrams1732800000006): the characters of the term counted as Postgres counts them (code points), its
 * distinct bigrams, or for a one-character term that character.
 */
export function queryGrams(term: string): string[] {
  const chars = Array.from(term);
  if (chars.length === 1) return chars;
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) bigrams.add(chars[i]! + chars[i + 1]!);
  return [...bigrams].sort();
}

/**
 * The first string after every string that starts with `prefix`, in the order of `text_pattern_ops` (bytes; for
 * UTF-8, code points): the prefix with its last character's successor, or null when it has none (an empty prefix,
 * or a last character at the end of a range of code points). Postgres derives the same bound from `LIKE 'prefix%'`
 * by incrementing the last byte, which for a character whose UTF-8 ends in 0xBF (one in 64: タ, U+30BF) gives a
 * far later bound (タ: up to ヿ, U+30FF, every katakana after タ), and the range reads thousands of rows for nothing.
 */
export function prefixEnd(prefix: string): string | null {
  const chars = Array.from(prefix);
  const last = chars.pop()?.codePointAt(0);
  if (last === undefined || (last >= 0xd7ff && last <= 0xdfff) || last >= 0x10ffff) return null;
  return chars.join('') + String.fromCodePoint(last + 1);
}
