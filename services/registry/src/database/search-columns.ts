import { Column, Index } from 'typeorm';

/**
 * A search column Postgres writes itself (GENERATED ALWAYS ... STORED from `expression`): TypeORM never reads,
 * inserts or updates it (see GeneratedColumnsMetadata1732800000002 for the copy of the expression TypeORM compares).
 */
export function GeneratedSearchColumn(name: string, expression: string): PropertyDecorator {
  return Column({
    name,
    type: 'text',
    nullable: true,
    generatedType: 'STORED',
    asExpression: expression,
    insert: false,
    update: false,
    select: false,
  });
}

/**
 * The search grams of `table` (trigger `<table>_search_grams`, see SearchGrams1732800000006): every character and
 * every pair of adjacent characters of the search name and reading, in a GIN index for search by any length of term.
 * Declares the table's other search indexes too, which TypeORM cannot express either: `search_name` and
 * `search_kana` with `text_pattern_ops` (SearchPrefixIndexes1732800000008), for the exact and prefix ranks, and the
 * reading order with the search columns (`<table>_search_order_idx`), all covering (SearchCoveringIndexes1732800000050),
 * and the first characters of `search_name` and `search_kana` in reading order and the gram index of a sample of the
 * rows (SearchPageIndexes1732800000070).
 */
export function SearchGramsColumn(table: string): PropertyDecorator {
  const column = Column({ name: 'search_grams', type: 'text', array: true, insert: false, update: false, select: false });
  // Made by the migrations only (GIN on text[]; btree with an operator class), named here so that TypeORM leaves them be.
  const indexes = [
    `${table}_search_grams_idx`,
    `${table}_search_name_prefix_idx`,
    `${table}_search_kana_prefix_idx`,
    `${table}_search_order_idx`,
    `${table}_search_name_first_idx`,
    `${table}_search_kana_first_idx`,
    `${table}_search_grams_sample_idx`,
  ].map((name) => Index(name, { synchronize: false }));
  return (target, property) => {
    for (const index of indexes) index(target, property);
    column(target, property);
  };
}
