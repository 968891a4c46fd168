import { escapeLike, searchKey, toKatakana } from './japanese-text.js';

/** The SQL of a search by name over a table with `search_name`, `search_kana` and `search_grams` (see SearchGrams1732800000006). */
export interface NameSearchSql {
  /** The condition: a row whose name holds the term, or whose reading holds it in katakana (or `alsoExact`). */
  where: string;
  /**
   * The ranking (0 exact, 1 prefix, 2 anywhere inside) as the conditions of its first two ranks, [exact, prefix]:
   * a row is in the first rank whose condition is true, else in the last (see `rankedPage`). Adds their parameters
   * when called. Each condition can be answered from btree indexes on its own (`search_name` and `search_kana` with
   * `text_pattern_ops`: equality and prefix ranges, see SearchPrefixIndexes1732800000008).
   */
  ranks: () => [exact: string, prefix: string];
}

/**
 * A search by name for `term` over the table aliased `alias`, with placeholders from `param`.
 *
 * Which rows match is what `LIKE '%term%'` on the search columns says (the term normalised by `searchKey`, and
 * in katakana for the reading); the GIN index on `search_grams` finds the candidates first: every bigram of a
 * term of two characters or more, or the one character of a one-character term, must be among the row's
 * grams. A row that holds the term holds its grams, so the index loses no answer, and the LIKE throws out
 * the rows that hold the grams apart. `alsoExact` (an indexed equality, e.g. a corporate number) is one more
 * way to match, ranked as exact.
 */
export function nameSearchSql(term: string, alias: string, param: (value: unknown) => string, alsoExact?: () => string): NameSearchSql {
  const key = searchKey(term);
  const kana = toKatakana(key);
  const a = alias;
  const anywhere = (v: string) => param(`%${escapeLike(v)}%`);
  // The grams a term must find, as a parameter (see queryGrams): Postgres plans the search several times a query
  // (once per rank, see rankedPage), and a constant array costs it nothing to plan where a function call would run.
  const grams = (v: string) => `${param(queryGrams(v))}::text[]`;
  const exact = alsoExact?.();
  const ranks = (): [string, string] => {
    const k = param(key);
    const kn = kana === key ? k : param(kana);
    const prefix = (v: string) => param(`${escapeLike(v)}%`);
    const startsKey = prefix(key);
    const startsKana = kana === key ? startsKey : prefix(kana);
    return [
      `${a}.search_name = ${k} OR ${a}.search_kana = ${kn}${exact ? ` OR ${exact}` : ''}`,
      `${a}.search_name LIKE ${startsKey} OR ${a}.search_kana LIKE ${startsKana}`,
    ];
  };
  let where: string;
  if (!key) {
    where = `${a}.search_name LIKE '%' OR ${a}.search_kana LIKE '%'`;
  } else if (kana === key) {
    const pattern = anywhere(key);
    where = `(${a}.search_grams @> ${grams(key)} AND (${a}.search_name LIKE ${pattern} OR ${a}.search_kana LIKE ${pattern}))`;
  } else {
    where =
      `(${a}.search_grams @> ${grams(key)} AND ${a}.search_name LIKE ${anywhere(key)})` +
      ` OR (${a}.search_grams @> ${grams(kana)} AND ${a}.search_kana LIKE ${anywhere(kana)})`;
  }
  return {
    where: `(${where}${exact ? ` OR ${exact}` : ''})`,
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
