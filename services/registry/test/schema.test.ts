import 'reflect-metadata';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createServiceDataSource } from '@collabo/service-kit';
import { createTestDatabase, type TestDatabase } from '@collabo/service-kit/testing';
import type { DataSource } from 'typeorm';
import { REGISTRY_ENTITIES } from '../src/database/entities.js';
import { REGISTRY_MIGRATIONS } from '../src/database/migrations/index.js';

interface Catalog {
  columns: { table: string; column: string; type: string; notNull: boolean; default: string | null; generated: string }[];
  constraints: { table: string; name: string; definition: string }[];
  indexes: { table: string; name: string; definition: string }[];
}

/** Columns, constraints and indexes of the entities' tables, as Postgres itself describes them. */
async function catalog(ds: DataSource): Promise<Catalog> {
  const tables = ds.entityMetadatas.map((m) => m.tableName);
  const columns: Catalog['columns'] = await ds.query(
    `SELECT c.relname AS "table", a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS "notNull",
            pg_get_expr(d.adbin, d.adrelid) AS "default", a.attgenerated AS generated
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE c.relname = ANY($1) AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY 1, 2`,
    [tables],
  );
  // TypeORM writes a numeric default quoted ('0'), which Postgres keeps as '0'::bigint: the same value as 0
  for (const c of columns) if (c.default) c.default = c.default.replace(/^'(-?\d+)'::\w+$/, '$1');
  const constraints: Catalog['constraints'] = await ds.query(
    `SELECT c.relname AS "table", k.conname AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      WHERE c.relname = ANY($1) ORDER BY 1, 2`,
    [tables],
  );
  const indexes: Catalog['indexes'] = await ds.query(
    `SELECT tablename AS "table", indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = ANY($1) ORDER BY 1, 2`,
    [tables],
  );
  return { columns, constraints, indexes };
}

/**
 * The TypeORM entities and the hand-written migrations describe the same schema: TypeORM finds nothing to
 * change after the migrations ran, and a database built from the entities alone has the same columns (types,
 * nullability, defaults, generated expressions), constraints (checks, keys, foreign keys, by name and
 * definition) and indexes as the migrated one, but for the indexes TypeORM cannot express.
 */
describe('entities and migrations', () => {
  let db: TestDatabase;
  let fromEntities: TestDatabase;
  let migrated: DataSource;
  let built: DataSource;
  let kitTables: string[];
  const tablesOf = async (ds: DataSource) =>
    ((await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)) as { tablename: string }[]).map((t) => t.tablename);

  beforeAll(async () => {
    [db, fromEntities] = await Promise.all([createTestDatabase('registry'), createTestDatabase('registry')]);
    // the kit's own tables first, to tell them apart from the registry's
    const kitOnly = await createServiceDataSource({ url: db.url, entities: [], migrations: [] }).initialize();
    await kitOnly.runMigrations();
    kitTables = await tablesOf(kitOnly);
    await kitOnly.destroy();
    migrated = await createServiceDataSource({ url: db.url, entities: REGISTRY_ENTITIES, migrations: REGISTRY_MIGRATIONS }).initialize();
    await migrated.runMigrations();
    // a second database whose registry tables come from the entities alone (a test-only comparison)
    built = await createServiceDataSource({ url: fromEntities.url, entities: REGISTRY_ENTITIES, migrations: [] }).initialize();
    await built.driver.createSchemaBuilder().build();
  });

  afterAll(async () => {
    await migrated?.destroy();
    await built?.destroy();
    await db?.drop();
    await fromEntities?.drop();
  });

  it('has an entity for every table the registry’s migrations create', async () => {
    // typeorm_metadata is TypeORM's own bookkeeping (see GeneratedColumnsMetadata1732800000002)
    const created = (await tablesOf(migrated)).filter((t) => !kitTables.includes(t) && t !== 'typeorm_metadata');
    expect(migrated.entityMetadatas.map((m) => m.tableName).sort()).toEqual(created.sort());
  });

  it('leaves TypeORM nothing to change after the migrations ran', async () => {
    const { upQueries } = await migrated.driver.createSchemaBuilder().log();
    const pending = upQueries.map((q) => `${q.query}${q.parameters?.length ? ` -- ${JSON.stringify(q.parameters)}` : ''}`);
    if (pending.length) process.stderr.write(`entities and migrations disagree; TypeORM would run:\n${pending.join(';\n')}\n`);
    expect(pending).toEqual([]);
  });

  it('gives the same columns, constraints and indexes from the entities as from the migrations', async () => {
    const [fromMigrations, fromEntityMetadata] = [await catalog(migrated), await catalog(built)];
    expect(fromEntityMetadata.columns).toEqual(fromMigrations.columns);
    expect(fromEntityMetadata.constraints).toEqual(fromMigrations.constraints);
    const built_ = new Set(fromEntityMetadata.indexes.map((i) => i.definition));
    const migrationOnly = fromMigrations.indexes.filter((i) => !built_.has(i.definition));
    // Indexes TypeORM cannot express (pg_trgm operator classes, an index on lower(email), GIN on the search grams, expressions): declared with
    // `synchronize: false` or described in a comment on the entity, made by the migration only.
    expect(migrationOnly.map((i) => i.name).sort()).toEqual([
      'organizations_name_key_trgm',
      'organizations_search_grams_idx',
      'organizations_search_grams_sample_idx',
      'organizations_search_kana_first_idx',
      'organizations_search_kana_prefix_idx',
      'organizations_search_name_first_idx',
      'organizations_search_name_prefix_idx',
      'organizations_search_order_idx',
      'people_email_key',
      'people_search_grams_idx',
      'people_search_grams_sample_idx',
      'people_search_kana_first_idx',
      'people_search_kana_prefix_idx',
      'people_search_name_first_idx',
      'people_search_name_prefix_idx',
      'people_search_order_idx',
    ]);
    expect(fromEntityMetadata.indexes.filter((i) => !fromMigrations.indexes.some((m) => m.definition === i.definition))).toEqual([]);
  });
});

/**
 * For a test of one migration on data written the way the code before it wrote it: registers a fresh database
 * for the suite and returns `run(seed, check)`, which migrates it up to (not including) `name` in order, hands it
 * to `seed`, then runs every migration and hands the result to `check`.
 */
function migrationUnderTest(name: string) {
  let db: TestDatabase;
  let ds: DataSource | undefined;
  beforeAll(async () => {
    db = await createTestDatabase('registry');
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });
  return async (seed: (old: DataSource) => Promise<void>, check: (ds: DataSource) => Promise<void>): Promise<void> => {
    const at = REGISTRY_MIGRATIONS.findIndex((m) => m.name === name);
    expect(at).toBeGreaterThan(0);
    const old = await createServiceDataSource({ url: db.url, entities: [], migrations: REGISTRY_MIGRATIONS.slice(0, at) }).initialize();
    await old.runMigrations();
    await seed(old);
    await old.destroy();
    ds = await createServiceDataSource({ url: db.url, entities: REGISTRY_ENTITIES, migrations: REGISTRY_MIGRATIONS }).initialize();
    await ds.runMigrations();
    await check(ds);
  };
}

describe('the migration InvitationIds1732800000004', () => {
  const run = migrationUnderTest('InvitationIds1732800000004');

  it('scrubs the usable set-password links of account invited v1 from the outbox and kills their tokens', async () => {
    const personId = randomUUID();
    const accountId = randomUUID();
    const token = randomBytes(32).toString('base64url');
    await run(
      async (old) => {
        await old.query(
          `INSERT INTO people (id, family_name, given_name, family_name_kana, given_name_kana, email, preferred_language)
       VALUES ($1, '山田', '太郎', 'ヤマダ', 'タロウ', 'taro.migrated@example.jp', 'ja')`,
          [personId],
        );
        await old.query(
          `INSERT INTO accounts (id, person_id, roles, invitation_token_hash, invitation_expires_at)
       VALUES ($1, $2, ARRAY['viewer'], $3, now() + interval '1 day')`,
          [accountId, personId, createHash('sha256').update(token).digest('hex')],
        );
        const v1 = (published: boolean) => [
          randomUUID(),
          'registry.evt.account.invited.v1',
          accountId,
          JSON.stringify({ data: { accountId, setPasswordUrl: `https://collabo.example/set-password?token=${token}` } }),
          published ? new Date() : null,
        ];
        for (const row of [v1(true), v1(false)])
          await old.query(`INSERT INTO outbox (id, subject, aggregate_id, envelope, published_at) VALUES ($1, $2, $3, $4, $5)`, row);
        await old.query(
          `INSERT INTO outbox (id, subject, aggregate_id, envelope) VALUES ($1, 'registry.evt.person.registered.v1', $2, '{}')`,
          [randomUUID(), personId],
        );
      },
      async (ds) => {
        const outbox: { subject: string; envelope: string }[] = await ds.query(`SELECT subject, envelope::text AS envelope FROM outbox`);
        expect(outbox.map((o) => o.subject)).toEqual(['registry.evt.person.registered.v1']);
        expect(JSON.stringify(outbox)).not.toContain(token);
        const [account] = await ds.query(`SELECT invitation_id, invitation_token_hash, invitation_expires_at FROM accounts WHERE id = $1`, [
          accountId,
        ]);
        expect(account).toEqual({ invitation_id: null, invitation_token_hash: null, invitation_expires_at: null });
      },
    );
  });
});

describe('the migration MembershipRoles1732800000005', () => {
  const run = migrationUnderTest('MembershipRoles1732800000005');

  it('carries every existing membership over as one role period of its role, from the day joined to the day left', async () => {
    const [groupId, personId, current, ended] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await run(
      async (old) => {
        await old.query(
          `INSERT INTO organizations (id, kind, sector, name, name_kana, name_key) VALUES ($1, 'study_group', 'industry', '移行研究会', 'イコウケンキュウカイ', 'イコウケンキュウカイ')`,
          [groupId],
        );
        await old.query(
          `INSERT INTO people (id, family_name, given_name, family_name_kana, given_name_kana, email) VALUES ($1, '山田', '花子', 'ヤマダ', 'ハナコ', 'hanako.migrated@example.jp')`,
          [personId],
        );
        await old.query(
          `INSERT INTO memberships (id, study_group_id, person_id, role, joined_on, left_on) VALUES
         ($1, $3, $4, 'member', '1999-04-01', '2003-03-31'), ($2, $3, $4, 'representative', '2003-04-01', NULL)`,
          [ended, current, groupId, personId],
        );
      },
      async (ds) => {
        const periods = await ds.query(
          `SELECT membership_id, role, from_on::text AS from_on, to_on::text AS to_on FROM membership_roles ORDER BY from_on`,
        );
        expect(periods).toEqual([
          { membership_id: ended, role: 'member', from_on: '1999-04-01', to_on: '2003-03-31' },
          { membership_id: current, role: 'representative', from_on: '2003-04-01', to_on: null },
        ]);
      },
    );
  });
});

describe('the migration SearchGrams1732800000006', () => {
  const run = migrationUnderTest('SearchGrams1732800000006');

  it('fills the search grams of existing rows in batches (more rows than one batch), then indexes them', async () => {
    const rows = 12_001; // three batches of 5,000
    await run(
      async (old) => {
        await old.query(
          `INSERT INTO organizations (id, kind, sector, name, name_kana, name_key)
           SELECT gen_random_uuid(), 'company', 'industry', '札幌' || i || '水産', 'サッポロ' || i || 'スイサン', '札幌' || i || '水産'
             FROM generate_series(1, $1) AS i`,
          [rows],
        );
        await old.query(
          `INSERT INTO people (id, family_name, given_name, family_name_kana, given_name_kana, email)
           VALUES (gen_random_uuid(), '佐藤', '花子', 'サトウ', 'ハナコ', 'hanako.grams@example.jp')`,
        );
      },
      async (ds) => {
        const [orgs] = await ds.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE search_grams @> ARRAY['札幌', '水産', 'サッ', 'ポロ'])::int AS filled FROM organizations`,
        );
        expect(orgs).toEqual({ n: rows, filled: rows });
        const [sample] = await ds.query(`SELECT search_grams FROM organizations WHERE name = '札幌7水産'`);
        expect(sample.search_grams).toEqual(
          [
            '7',
            '7ス',
            '7水',
            'イ',
            'イサ',
            'サ',
            'サッ',
            'サン',
            'ス',
            'スイ',
            'ッ',
            'ッポ',
            'ポ',
            'ポロ',
            'ロ',
            'ロ7',
            'ン',
            '幌',
            '幌7',
            '札',
            '札幌',
            '水',
            '水産',
            '産',
          ].sort(),
        );
        const [person] = await ds.query(`SELECT search_grams FROM people`);
        expect(person.search_grams).toEqual(expect.arrayContaining(['佐藤', '藤花', '花子', 'サト', 'ハナ', 'ウハ']));
        const indexes: { indexname: string }[] = await ds.query(
          `SELECT indexname FROM pg_indexes WHERE tablename IN ('organizations', 'people') AND indexname LIKE '%search%' ORDER BY 1`,
        );
        // the trigram indexes are gone (the prefix indexes come from SearchPrefixIndexes1732800000008, the reading-order
        // ones from SearchCoveringIndexes1732800000050, the first-character and sample ones from SearchPageIndexes1732800000070,
        // all run after it)
        expect(indexes.map((i) => i.indexname)).toEqual([
          'organizations_search_grams_idx',
          'organizations_search_grams_sample_idx',
          'organizations_search_kana_first_idx',
          'organizations_search_kana_prefix_idx',
          'organizations_search_name_first_idx',
          'organizations_search_name_prefix_idx',
          'organizations_search_order_idx',
          'people_search_grams_idx',
          'people_search_grams_sample_idx',
          'people_search_kana_first_idx',
          'people_search_kana_prefix_idx',
          'people_search_name_first_idx',
          'people_search_name_prefix_idx',
          'people_search_order_idx',
        ]);
      },
    );
  });
});
