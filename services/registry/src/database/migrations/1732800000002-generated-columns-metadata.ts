import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records the expressions of the generated search columns in `typeorm_metadata`, where TypeORM looks for
 * them: Postgres reformats a generation expression, so TypeORM compares against its own copy. Without these
 * rows TypeORM reads every generated column as changed and would drop and re-add it (and its trigram index).
 * This changes no registry table; test/schema.test.ts checks that entities and migrations agree.
 * (TypeORM creates `typeorm_metadata` before running migrations when entities have generated columns; the
 * CREATE here, with TypeORM's own definition, only matters when the migrations run without the entities.)
 */
export class GeneratedColumnsMetadata1732800000002 implements MigrationInterface {
  name = 'GeneratedColumnsMetadata1732800000002';

  static readonly columns: [table: string, column: string, expression: string][] = [
    ['organizations', 'search_name', `lower(replace(name, ' ', ''))`],
    ['organizations', 'search_kana', `replace(name_kana, ' ', '')`],
    ['people', 'search_name', `lower(replace(family_name || given_name, ' ', ''))`],
    ['people', 'search_kana', `replace(family_name_kana || given_name_kana, ' ', '')`],
  ];

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS typeorm_metadata (
        type varchar NOT NULL,
        database varchar,
        schema varchar,
        "table" varchar,
        name varchar,
        value text
      )`);
    for (const [table, column, expression] of GeneratedColumnsMetadata1732800000002.columns) {
      await q.query(
        `INSERT INTO typeorm_metadata (type, database, schema, "table", name, value)
         VALUES ('GENERATED_COLUMN', current_database(), current_schema(), $1, $2, $3)`,
        [table, column, expression],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, column] of GeneratedColumnsMetadata1732800000002.columns) {
      await q.query(
        `DELETE FROM typeorm_metadata WHERE type = 'GENERATED_COLUMN' AND schema = current_schema() AND "table" = $1 AND name = $2`,
        [table, column],
      );
    }
  }
}
