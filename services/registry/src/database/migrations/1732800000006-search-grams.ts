import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Japanese search through an index for every query length, on plain Postgres (no pg_bigm, no PGroonga).
 *
 * `search_grams` holds every character and every pair of adjacent characters (unigrams and bigrams) of the
 * search columns (`search_name`, `search_kana`; for people the same two), kept by a trigger on every insert
 * and every change of a name or reading, and indexed with GIN. A query of two or more characters must
 * contain all its bigrams (`search_grams @> search_query_grams(term)`), a one-character query its unigram;
 * the LIKE of the search columns then checks the candidates, so the answers are exactly those of the LIKE
 * alone. The trigram indexes on the search columns served LIKE for three characters and more only; they go.
 *
 * Not in one transaction: existing rows are filled in batches of 5,000 along the primary key, each batch
 * committed on its own, so that a national-size table is not locked or rewritten in one piece. Every step is
 * idempotent, so a run interrupted half-way is simply run again.
 */
export class SearchGrams1732800000006 implements MigrationInterface {
  name = 'SearchGrams1732800000006';
  transaction = false as const;

  static readonly BATCH = 5000;

  /** Table, the expression of its search name and of its search reading (as the generated columns have them). */
  static readonly tables: [table: string, name: string, kana: string][] = [
    ['organizations', `lower(replace(NEW.name, ' ', ''))`, `replace(NEW.name_kana, ' ', '')`],
    [
      'people',
      `lower(replace(NEW.family_name || NEW.given_name, ' ', ''))`,
      `replace(NEW.family_name_kana || NEW.given_name_kana, ' ', '')`,
    ],
  ];

  async up(q: QueryRunner): Promise<void> {
    // Characters, not bytes: substr() and length() count characters in a UTF-8 database.
    await q.query(`
      CREATE OR REPLACE FUNCTION search_grams_of(value text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT coalesce(array_agg(DISTINCT g ORDER BY g), '{}') FROM (
            SELECT substr(value, i, 1) AS g FROM generate_series(1, length(value)) AS i
            UNION ALL
            SELECT substr(value, i, 2) FROM generate_series(1, length(value) - 1) AS i
          ) AS grams
        $$`);
    // What a term must find among a row's grams: its bigrams, or for one character that character.
    await q.query(`
      CREATE OR REPLACE FUNCTION search_query_grams(term text) RETURNS text[]
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
          SELECT CASE WHEN length(term) = 1 THEN ARRAY[term]
                      ELSE coalesce((SELECT array_agg(DISTINCT substr(term, i, 2) ORDER BY substr(term, i, 2))
                                       FROM generate_series(1, length(term) - 1) AS i), '{}') END
        $$`);
    for (const [table, name, kana] of SearchGrams1732800000006.tables) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS search_grams text[]`);
      await q.query(`
        CREATE OR REPLACE FUNCTION ${table}_search_grams() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            NEW.search_grams := ARRAY(SELECT DISTINCT unnest(search_grams_of(${name}) || search_grams_of(${kana})) ORDER BY 1);
            RETURN NEW;
          END
        $$`);
      const columns = table === 'people' ? 'family_name, given_name, family_name_kana, given_name_kana' : 'name, name_kana';
      await q.query(`DROP TRIGGER IF EXISTS ${table}_search_grams ON ${table}`);
      await q.query(`
        CREATE TRIGGER ${table}_search_grams BEFORE INSERT OR UPDATE OF ${columns} ON ${table}
          FOR EACH ROW EXECUTE FUNCTION ${table}_search_grams()`);
      await this.backfill(q, table, name.replaceAll('NEW.', ''), kana.replaceAll('NEW.', ''));
      await q.query(`ALTER TABLE ${table} ALTER COLUMN search_grams SET NOT NULL`);
      await q.query(`CREATE INDEX IF NOT EXISTS ${table}_search_grams_idx ON ${table} USING gin (search_grams)`);
      await q.query(`DROP INDEX IF EXISTS ${table}_search_name_trgm`);
      await q.query(`DROP INDEX IF EXISTS ${table}_search_kana_trgm`);
      await q.query(`ANALYZE ${table}`);
    }
  }

  /** Fills the rows that have no grams yet, 5,000 at a time along the primary key, each batch its own commit. */
  private async backfill(q: QueryRunner, table: string, name: string, kana: string): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows: { last: string | null }[] = await q.query(
        `WITH batch AS (SELECT id FROM ${table} WHERE id > $1 ORDER BY id LIMIT ${SearchGrams1732800000006.BATCH}),
              filled AS (
                UPDATE ${table} t SET search_grams = ARRAY(SELECT DISTINCT unnest(search_grams_of(${name}) || search_grams_of(${kana})) ORDER BY 1)
                  FROM batch WHERE t.id = batch.id AND t.search_grams IS NULL)
         SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last`,
        [after],
      );
      const last = rows[0]?.last;
      if (!last) return;
      after = last;
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table] of SearchGrams1732800000006.tables) {
      await q.query(`CREATE INDEX IF NOT EXISTS ${table}_search_name_trgm ON ${table} USING gin (search_name gin_trgm_ops)`);
      await q.query(`CREATE INDEX IF NOT EXISTS ${table}_search_kana_trgm ON ${table} USING gin (search_kana gin_trgm_ops)`);
      await q.query(`DROP TRIGGER IF EXISTS ${table}_search_grams ON ${table}`);
      await q.query(`DROP FUNCTION IF EXISTS ${table}_search_grams()`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN IF EXISTS search_grams`);
    }
    await q.query(`DROP FUNCTION IF EXISTS search_query_grams(text)`);
    await q.query(`DROP FUNCTION IF EXISTS search_grams_of(text)`);
  }
}
