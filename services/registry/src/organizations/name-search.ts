import { escapeLike, searchKey, toKatakana } from './japanese-text.js';

/** The SQL of a search by name over a table with `search_name`, `search_kana` and `search_grams` (see SearchGrams1732800000006). */
export interface NameSearchSql {
  /** The condition: a row whose name holds the term, or whose reading holds it in katakana (or `alsoExact`). */
  where: string;
  /** The ranking (0 exact, 1 prefix, 2 anywhere inside), ascending; adds its own parameters when called. */
  rank: () => string;
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
  const k = param(key);
  const kn = kana === key ? k : param(kana);
  const anywhere = (v: string) => param(`%${escapeLike(v)}%`);
  const exact = alsoExact?.();
  let where: string;
  if (!key) {
    where = `${a}.search_name LIKE '%' OR ${a}.search_kana LIKE '%'`;
  } else if (kana === key) {
    const pattern = anywhere(key);
    where = `(${a}.search_grams @> search_query_grams(${k}::text) AND (${a}.search_name LIKE ${pattern} OR ${a}.search_kana LIKE ${pattern}))`;
  } else {
    where =
      `(${a}.search_grams @> search_query_grams(${k}::text) AND ${a}.search_name LIKE ${anywhere(key)})` +
      ` OR (${a}.search_grams @> search_query_grams(${kn}::text) AND ${a}.search_kana LIKE ${anywhere(kana)})`;
  }
  return {
    where: `(${where}${exact ? ` OR ${exact}` : ''})`,
    rank: () => {
      const prefix = (v: string) => param(`${escapeLike(v)}%`);
      const startsKey = prefix(key);
      const startsKana = kana === key ? startsKey : prefix(kana);
      return `CASE WHEN ${a}.search_name = ${k} OR ${a}.search_kana = ${kn}${exact ? ` OR ${exact}` : ''} THEN 0
                   WHEN ${a}.search_name LIKE ${startsKey} OR ${a}.search_kana LIKE ${startsKana} THEN 1 ELSE 2 END`;
    },
  };
}
