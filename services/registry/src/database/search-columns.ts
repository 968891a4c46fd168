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
 */
export function SearchGramsColumn(table: string): PropertyDecorator {
  const column = Column({ name: 'search_grams', type: 'text', array: true, insert: false, update: false, select: false });
  const index = Index(`${table}_search_grams_idx`, { synchronize: false }); // GIN on text[]: made by the migration only
  return (target, property) => {
    index(target, property);
    column(target, property);
  };
}
