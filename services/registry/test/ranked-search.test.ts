import { describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import {
  FURTHER_WALK_PER_ROW,
  PREFIX_WALK_PER_ROW,
  pageShapeStats,
  rankedPage,
  TOTAL_CAP,
  WALK_PER_ROW,
  type PreparingDb,
} from '../src/database/list-page.js';
import { SearchSerialScans1732800000080 } from '../src/database/migrations/1732800000080-search-serial-scans.js';
import { escapeLike, organizationNameKey, searchKey, toKatakana } from '../src/organizations/japanese-text.js';
import { prefixEnd } from '../src/organizations/name-search.js';
import { OrganizationsService } from '../src/organizations/organizations.service.js';
import { orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

/**
 * The search by relevance reads each rank on its own (`rankedPage`: exact, prefix, anywhere inside; each walked
 * in reading order first, then the rest through the search indexes) and counts up to a cap. Whatever path a
 * term takes, every page, by offset and by cursor to the end, is exactly what the straightforward query gives:
 * the LIKE scan of the search columns ranked by a CASE and sorted by reading, over a seeded set large enough
 * for every path (a term common early in the reading order, one found only at its end, a prefix rank larger
 * than a page, exact matches, more matches than the cap) and the odd terms (kana typed as hiragana, half-width,
 * one character, LIKE wildcards, no match).
 */
describe('search by relevance, rank by rank', () => {
  let r: Registry;
  let auth: Record<string, string>;
  let ds: DataSource;

  // [kanji, reading]: ア… first in reading order, ワ… last (稚内 is found only at the end of a walk in reading order).
  const PLACES: [string, string][] = [
    ['旭川', 'アサヒカワ'],
    ['帯広', 'オビヒロ'],
    ['北見', 'キタミ'],
    ['札幌', 'サッポロ'],
    ['十勝', 'トカチ'],
    ['函館', 'ハコダテ'],
    ['稚内', 'ワッカナイ'],
  ];
  const STEMS: [string, string][] = [
    ['昆布', 'コンブ'],
    ['水産', 'スイサン'],
    ['技研', 'ギケン'],
    ['乳業', 'ニュウギョウ'],
    ['フーズ', 'フーズ'],
  ];
  const SPECIAL: [name: string, kana: string][] = [
    ['札幌', 'サッポロ'],
    ['札幌水産株式会社', 'サッポロスイサン'],
    ['札 幌データ', 'サッ ポロデータ'],
    ['ＡＢＣ商事', 'エービーシーショウジ'],
    ['ﾎﾟﾌﾟﾗ工業', 'ポプラコウギョウ'],
    ['100%果汁工房_北見', 'ヒャクパーセントカジュウコウボウキタミ'],
    ['はこだて未来大学', 'ハコダテミライダイガク'],
    ['𠮷野フーズ', 'ヨシノフーズ'],
  ];

  startRegistryForSuite(async (started, admin) => {
    [r, auth] = [started, admin];
    ds = r.svc.app.get(DataSource);
    for (const [name, nameKana] of SPECIAL) {
      const res = await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name, nameKana, municipalityCode: null }));
      expect(res.status).toBe(201);
    }
    // 2,520 organisations straight into the table (the trigger writes their grams), every 50th archived.
    const names: string[] = [];
    const kanas: string[] = [];
    for (let i = 0; i < 2520; i++) {
      const [place, placeKana] = PLACES[i % PLACES.length]!;
      const [stem, stemKana] = STEMS[Math.floor(i / PLACES.length) % STEMS.length]!;
      const form = ['株式会社', '', '有限会社'][i % 3]!;
      names.push(i % 6 === 1 ? `${place}${stem}${i}` : `${form}${place}${stem}${i}${i % 6 === 4 ? '株式会社' : ''}`);
      kanas.push(`${placeKana}${stemKana}${i % 10 === 0 ? ' ' : ''}${i}`);
    }
    await ds.query(
      `INSERT INTO organizations (id, kind, sector, name, name_kana, name_key, archived)
       SELECT gen_random_uuid(), 'company', 'industry', n, k, key, i % 50 = 0
         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(n, k, key, i)`,
      [names, kanas, names.map((n) => organizationNameKey(n))],
    );
    // 1,200 people, a few with the same name, one whose email is searched for.
    const FAMILY: [string, string][] = [
      ['佐藤', 'サトウ'],
      ['鈴木', 'スズキ'],
      ['山田', 'ヤマダ'],
      ['渡辺', 'ワタナベ'],
    ];
    const GIVEN: [string, string][] = [
      ['太郎', 'タロウ'],
      ['花子', 'ハナコ'],
      ['翔', 'ショウ'],
    ];
    const people = Array.from({ length: 1200 }, (_, i) => {
      const [family, familyKana] = FAMILY[i % FAMILY.length]!;
      const [given, givenKana] = GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]!;
      return [family, given, familyKana, givenKana, `person.${i}@ranked.example.jp`];
    });
    await ds.query(
      `INSERT INTO people (id, family_name, given_name, family_name_kana, given_name_kana, email)
       SELECT gen_random_uuid(), f, g, fk, gk, e FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(f, g, fk, gk, e)`,
      [0, 1, 2, 3, 4].map((c) => people.map((p) => p[c])),
    );
    const res = await r
      .http()
      .post('/v1/people')
      .set(auth)
      .send(personBody({ familyName: 'ン', email: 'satou@ranked.example.jp' }));
    expect(res.status).toBe(201);
    // 60 organisations of one name and one reading (ties: the id orders them), in two kinds, half in a municipality
    // of the first bureau: for the filters (one through the municipalities join) and the order among equals.
    await ds.query(
      `INSERT INTO organizations (id, kind, sector, name, name_kana, name_key, archived, municipality_code)
       SELECT gen_random_uuid(), CASE WHEN i % 3 = 0 THEN 'university' ELSE 'company' END, 'academia', '同名商事', 'ドウメイショウジ',
              '同名商事', false, CASE WHEN i % 2 = 0 THEN (SELECT code FROM municipalities ORDER BY code LIMIT 1) END
         FROM generate_series(1, 60) AS i`,
    );
    await ds.query(`ANALYZE organizations; ANALYZE people`);
  });

  /** The ids in the order the registry searched before ranks were read apart: one LIKE scan, ranked by a CASE. */
  const reference = async (table: 'organizations' | 'people', q: string, filter = ''): Promise<string[]> => {
    const key = searchKey(q);
    const kana = toKatakana(key);
    const reading = table === 'people' ? 'family_name_kana, given_name_kana' : 'name_kana';
    const params: string[] = [];
    const p = (v: string) => `$${params.push(v)}`;
    const byNumber = table === 'organizations' && /^\d{13}$/.test(key) ? ` OR corporate_number = ${p(key)}` : '';
    const also = table === 'people' ? ` OR lower(email) = lower(${p(q)})` : byNumber;
    const rows: { id: string }[] = await ds.query(
      `SELECT id FROM ${table}
        WHERE (search_name LIKE ${p(`%${escapeLike(key)}%`)} OR search_kana LIKE ${p(`%${escapeLike(kana)}%`)}${also}) AND NOT archived
          ${filter ? `AND ${filter}` : ''}
        ORDER BY CASE WHEN search_name = ${p(key)} OR search_kana = ${p(kana)}${also} THEN 0
                      WHEN search_name LIKE ${p(`${escapeLike(key)}%`)} OR search_kana LIKE ${p(`${escapeLike(kana)}%`)} THEN 1
                      ELSE 2 END, ${reading}, id`,
      params,
    );
    return rows.map((x) => x.id);
  };

  type Answer = { items: { id: string }[]; total: number; totalExact: boolean; nextCursor: string | null };
  const get = async (path: string, query: Record<string, unknown>): Promise<Answer> => {
    const res = await r.http().get(path).query(query).set(auth);
    expect(res.status).toBe(200);
    return res.body as Answer;
  };

  /** Every page by offset, then every page by cursor, to the end; both must give `expected`, with honest totals. */
  const expectPages = async (path: string, q: string, expected: string[]) => {
    const capped = { total: Math.min(expected.length, TOTAL_CAP), totalExact: expected.length <= TOTAL_CAP };
    const limit = 37;
    const byOffset: string[] = [];
    for (let offset = 0; ; offset += limit) {
      const page = await get(path, { q, limit, offset });
      byOffset.push(...page.items.map((i) => i.id));
      // exact up to the cap past the offset, a lower bound beyond it
      const left = expected.length - offset;
      expect([page.total, page.totalExact]).toEqual(left <= TOTAL_CAP ? [expected.length, true] : [offset + TOTAL_CAP, false]);
      if (page.items.length < limit) break;
    }
    expect(byOffset).toEqual(expected);
    const byCursor: string[] = [];
    let page = await get(path, { q, limit: 23 });
    expect({ total: page.total, totalExact: page.totalExact }).toEqual(capped);
    for (;;) {
      byCursor.push(...page.items.map((i) => i.id));
      expect({ total: page.total, totalExact: page.totalExact }).toEqual(capped); // the first page's, kept
      if (!page.nextCursor) break;
      page = await get(path, { q, limit: 23, cursor: page.nextCursor });
    }
    expect(byCursor).toEqual(expected);
  };

  const ORGANIZATION_TERMS = [
    // one character: kanji, katakana, hiragana, half-width katakana, a full-width letter, wildcards, the long vowel
    ['札', '稚', 'サ', 'さ', 'ｻ', 'Ａ', '%', '_', 'ー', '昆'],
    // two and more: a place (a prefix rank larger than a page), a place only at the end of the reading order, a stem
    // spread over it, readings typed in hiragana, a legal form matched by more than the cap, exact names
    ['札幌', 'さっぽろ', '稚内', 'わっかない', '昆布', 'こんぶ', 'フーズ', '株式会社', '札幌水産株式会社', 'ﾎﾟﾌﾟﾗ', 'abc', '果汁工房_'],
    // a character outside the BMP (two UTF-16 units, one character for Postgres), alone and in a bigram
    ['𠮷', '𠮷野'],
    // no match
    ['存在しない', 'ヴ', '札幌稚内'],
  ].flat();

  it.each(ORGANIZATION_TERMS)('gives the organisations of %s exactly as the straightforward query, page by page', async (q) => {
    const expected = await reference('organizations', q);
    await expectPages('/v1/organizations', q, expected);
  });

  it('runs the terms of every path: many matches past the cap, none, a rank of exact matches', async () => {
    expect((await reference('organizations', '株式会社')).length).toBeGreaterThan(TOTAL_CAP);
    expect(await reference('organizations', '存在しない')).toEqual([]);
    const exact = (await get('/v1/organizations', { q: '札幌', limit: 2 })).items;
    expect(exact[0]).toMatchObject({ name: '札幌' });
  });

  it.each(['佐藤', 'さとう', 'サトウ', '太郎', 'ン', 'satou@ranked.example.jp', 'PERSON.7@RANKED.EXAMPLE.JP', 'ワ', '存在しない'])(
    'gives the people of %s exactly as the straightforward query, page by page',
    async (q) => {
      const expected = await reference('people', q);
      await expectPages('/v1/people', q, expected);
    },
  );

  /** The first `pages` pages of `limit` rows by cursor, and one page by offset in the middle, must be `expected`'s. */
  const expectSmallPages = async (path: string, query: Record<string, unknown>, expected: string[], limit: number, pages: number) => {
    const byCursor: string[] = [];
    let page = await get(path, { ...query, limit });
    for (let n = 1; ; n++) {
      byCursor.push(...page.items.map((i) => i.id));
      if (!page.nextCursor || n === pages) break;
      page = await get(path, { ...query, limit, cursor: page.nextCursor });
    }
    expect(byCursor).toEqual(expected.slice(0, limit * pages));
    const middle = await get(path, { ...query, limit, offset: limit * 3 });
    expect(middle.items.map((i) => i.id)).toEqual(expected.slice(limit * 3, limit * 4));
  };

  // Small pages walk little of the reading order (`WALK_PER_ROW` rows per row wanted), so the last rank of a term
  // that is rare early in that order is found past the walk, through the gram index, page after page.
  it.each(['きた', 'キタ', 'た', '内', 'ナイ', '稚内', 'わっかない', '昆布', 'フーズ', '札幌', 'ドウメイ', 'どうめい', '同名', '果'])(
    'gives %s in pages of 3 by cursor (the walk stops short) exactly as the straightforward query',
    async (q) => {
      await expectSmallPages('/v1/organizations', { q }, await reference('organizations', q), 3, 8);
    },
  );

  it('bounds a prefix range after its last character, whatever its UTF-8 bytes', () => {
    expect(prefixEnd('キタ')).toBe('キダ'); // タ is U+30BF (E3 82 BF): Postgres's own bound would be ヿ
    expect(prefixEnd('札幌')).toBe('札幌'.slice(0, 1) + String.fromCodePoint('幌'.codePointAt(0)! + 1));
    expect(prefixEnd('𠮷')).toBe(String.fromCodePoint(0x20bb8)); // outside the BMP: one character, not two units
    expect(prefixEnd('')).toBeNull();
    expect(prefixEnd(`a${String.fromCodePoint(0x10ffff)}`)).toBeNull();
  });

  it('has terms whose last rank lies past the walk of a page of 3 (read through the gram index)', async () => {
    for (const q of ['内', 'ナイ']) {
      const [first] = await reference('organizations', q);
      // every row before it in reading order (archived too: the walk reads them all) is walked first
      const [{ before }] = (await ds.query(
        `SELECT count(*)::int AS before FROM organizations o, organizations f WHERE f.id = $1 AND (o.name_kana, o.id) < (f.name_kana, f.id)`,
        [first],
      )) as { before: number }[];
      expect(before).toBeGreaterThan(3 * WALK_PER_ROW);
    }
  });

  it('has a term of more matches than the cap whose last rank lies past the first walk of a page of 3 (walked on further)', async () => {
    // 稚内 (ワッカナイ) comes last in reading order: a page of 3 walks 3 * WALK_PER_ROW rows without finding it, and a
    // term counted past the cap walks on (FURTHER_WALK_PER_ROW per row wanted) instead of reading every match
    const ids = await reference('organizations', '稚内');
    expect(ids.length).toBeGreaterThan(TOTAL_CAP);
    const [{ before }] = (await ds.query(
      `SELECT count(*)::int AS before FROM organizations o, organizations f WHERE f.id = $1 AND (o.name_kana, o.id) < (f.name_kana, f.id)`,
      [ids[0]],
    )) as { before: number }[];
    expect(before).toBeGreaterThan(3 * WALK_PER_ROW);
    expect(before).toBeLessThan(3 * (WALK_PER_ROW + FURTHER_WALK_PER_ROW));
  });

  it('has terms counted within the sample of the rows and terms counted over every match (the sample short of the cap)', async () => {
    // the count reads the sample (the id's last hexadecimal digit 0 or 1: SearchPageIndexes1732800000070) first
    const inSample = async (q: string) => {
      const ids = await reference('organizations', q);
      return { all: ids.length, sampled: ids.filter((id) => /[01]$/.test(id)).length };
    };
    expect((await inSample('株式会社')).sampled).toBeGreaterThan(TOTAL_CAP);
    const rarer = await inSample('稚内');
    expect(rarer.all).toBeGreaterThan(TOTAL_CAP);
    expect(rarer.sampled).toBeLessThanOrEqual(TOTAL_CAP);
  });

  it('has prefixes found along their first character in reading order, and prefixes read from their range', async () => {
    // a walk of PREFIX_WALK_PER_ROW rows per row wanted along the first character (SearchPageIndexes1732800000070)
    const walked = async (column: 'search_name' | 'search_kana', prefix: string, wanted: number) => {
      const [{ n }] = (await ds.query(
        `SELECT count(*)::int AS n FROM (SELECT ${column} AS c FROM organizations WHERE left(${column}, 1) = left($1, 1)
           ORDER BY name_kana, id LIMIT $2) w WHERE c LIKE $3`,
        [prefix, wanted * PREFIX_WALK_PER_ROW, `${escapeLike(prefix)}%`],
      )) as { n: number }[];
      return n;
    };
    expect(await walked('search_kana', 'サッポロ', 37)).toBeGreaterThanOrEqual(37); // さっぽろ: the walk fills the page
    expect(await walked('search_name', '札幌水産', 37)).toBeLessThan(37); // 札幌水産株式会社: read from its range
  });

  it('orders organisations of one name and reading by id, across pages', async () => {
    const expected = await reference('organizations', '同名商事');
    expect(expected).toHaveLength(60);
    expect(expected).toEqual([...expected].sort()); // all exact matches with the same reading: by id
    await expectPages('/v1/organizations', '同名商事', expected);
  });

  it('applies the filters to every rank and to the walk (a kind; a bureau through the municipalities join)', async () => {
    const [{ bureau }] = (await ds.query(`SELECT bureau_code AS bureau FROM municipalities ORDER BY code LIMIT 1`)) as { bureau: string }[];
    const byKind = await reference('organizations', 'どうめい', `kind = 'university'`);
    expect(byKind).toHaveLength(20);
    await expectSmallPages('/v1/organizations', { q: 'どうめい', kind: 'university' }, byKind, 3, 7);
    const byBureau = await reference(
      'organizations',
      '同名',
      `EXISTS (SELECT 1 FROM municipalities m WHERE m.code = municipality_code AND m.bureau_code = '${bureau}')`,
    );
    expect(byBureau).toHaveLength(30);
    await expectSmallPages('/v1/organizations', { q: '同名', bureau }, byBureau, 4, 8);
  });

  it('finds a person by a whole email in any case, ranked first, and by name in pages of 2', async () => {
    const byEmail = await get('/v1/people', { q: 'SATOU@RANKED.EXAMPLE.JP', limit: 5 });
    expect(byEmail.items.map((i) => i.id)).toEqual(await reference('people', 'SATOU@RANKED.EXAMPLE.JP'));
    expect(byEmail.items).toHaveLength(1);
    await expectSmallPages('/v1/people', { q: 'わたなべ' }, await reference('people', 'わたなべ'), 2, 6);
  });

  it('refuses a cursor of another search (400, field cursor)', async () => {
    const first = await get('/v1/organizations', { q: '札幌', limit: 5 });
    expect(first.nextCursor).toBeTruthy();
    const res = await r.http().get('/v1/organizations').query({ q: '十勝', limit: 5, cursor: first.nextCursor }).set(auth);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
  });

  it('plans a page without parallel workers, even where the planner is told they cost nothing (SearchSerialScans1732800000080)', async () => {
    // The page statement of a one-character term as the service writes it, captured instead of run.
    const { db, sent } = capturingDb();
    const list = r.svc.app.get(OrganizationsService).relevanceList({ q: '釧', archived: 'false' });
    await rankedPage(db, list!, { limit: 20, offset: 0 });
    const page = sent[0];
    const runner = ds.createQueryRunner();
    const literal = (v: unknown) =>
      typeof v === 'number' ? String(v) : `'${(Array.isArray(v) ? `{${v.join(',')}}` : String(v)).replace(/'/g, "''")}'`;
    const gathers = async (name: string) => {
      await runner.query(`PREPARE ${name} AS ${page!.sql}`);
      const [{ 'QUERY PLAN': plan }] = (await runner.query(
        `EXPLAIN (FORMAT JSON) EXECUTE ${name}(${page!.values.map(literal).join(', ')})`,
      )) as { 'QUERY PLAN': unknown }[];
      await runner.query(`DEALLOCATE ${name}`);
      return (JSON.stringify(plan).match(/"Node Type":"Gather( Merge)?"/g) ?? []).length;
    };
    await runner.startTransaction();
    try {
      // Parallel workers made free and every table big enough for them, and the one generic plan a connection may settle on.
      for (const setting of [
        'parallel_setup_cost = 0',
        'parallel_tuple_cost = 0',
        'min_parallel_table_scan_size = 0',
        'min_parallel_index_scan_size = 0',
        'max_parallel_workers_per_gather = 2',
        'plan_cache_mode = force_generic_plan',
      ]) {
        await runner.query(`SET LOCAL ${setting}`);
      }
      expect(await gathers('serial_page')).toBe(0);
      // The table's parameter is what keeps them out: without it the same statement gathers from parallel workers.
      await runner.query(`ALTER TABLE organizations RESET (parallel_workers)`);
      expect(await gathers('parallel_page')).toBeGreaterThan(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const options = (await ds.query(`SELECT relname, reloptions FROM pg_class WHERE relname = ANY($1) AND relkind = 'r' ORDER BY relname`, [
      SearchSerialScans1732800000080.tables,
    ])) as { relname: string; reloptions: string[] }[];
    expect(options).toEqual(['organizations', 'people'].map((relname) => ({ relname, reloptions: ['parallel_workers=0'] })));
  });

  it('sends one page statement for every term of a shape, each page with its own values, and another for another shape', async () => {
    const { db, sent } = capturingDb();
    const organizations = r.svc.app.get(OrganizationsService);
    const pageOf = (filter: { q: string; kind?: 'company' }, page: { limit: number; offset: number }) =>
      rankedPage(db, organizations.relevanceList({ ...filter, archived: 'false' })!, page);
    await pageOf({ q: '昆布' }, { limit: 20, offset: 0 });
    await pageOf({ q: '十勝' }, { limit: 5, offset: 10 });
    await pageOf({ q: 'こんぶ' }, { limit: 20, offset: 0 });
    await pageOf({ q: '昆布', kind: 'company' }, { limit: 20, offset: 0 });
    const [kombu, tokachi, hiragana, company] = sent;
    // Two terms of one shape (two kanji, no filter): the one statement, built once, with each its own values.
    expect(tokachi!.sql).toBe(kombu!.sql);
    expect(tokachi!.name).toBe(kombu!.name);
    expect(kombu!.values).toEqual(expect.arrayContaining(['%昆布%', ['昆布'], 20, 20 * WALK_PER_ROW, TOTAL_CAP + 1]));
    expect(tokachi!.values).toEqual(expect.arrayContaining(['%十勝%', ['十勝'], 5, 10, 15, 15 * WALK_PER_ROW, 10 + TOTAL_CAP + 1]));
    expect(tokachi!.values).not.toContain('%昆布%');
    expect(tokachi!.values).toHaveLength(kombu!.values.length);
    // A term whose reading differs from it (hiragana) and a filter more are other shapes: other statements.
    expect(new Set([kombu!.sql, hiragana!.sql, company!.sql]).size).toBe(3);
    expect(company!.values).toContain('company');
    // Built once: other terms of the same three shapes (other values, other pages) build no shape more.
    const before = pageShapeStats();
    await pageOf({ q: '札幌' }, { limit: 20, offset: 40 });
    await pageOf({ q: 'さっぽろ' }, { limit: 10, offset: 0 });
    await pageOf({ q: '札幌', kind: 'company' }, { limit: 5, offset: 5 });
    expect(pageShapeStats()).toEqual(before);
    expect(sent.slice(4).map((s) => s.name)).toEqual([kombu!.name, hiragana!.name, company!.name]);
    // A shape this process has never seen (a comment in its select makes its SQL new) is built on its first page only.
    const probe = (q: string) => {
      const list = organizations.relevanceList({ q, archived: 'false' })!;
      return { ...list, select: list.select.replace(/^\s*SELECT\s/i, 'SELECT /* shape probe */ ') };
    };
    await rankedPage(db, probe('昆布'), { limit: 20, offset: 0 });
    expect(pageShapeStats().built).toBe(before.built + 1);
    await rankedPage(db, probe('十勝'), { limit: 5, offset: 10 });
    expect(pageShapeStats().built).toBe(before.built + 1);
    expect(sent[8]!.name).toBe(sent[7]!.name);
    expect(sent[8]!.name).not.toBe(kombu!.name);
  });
});

/**
 * A `PreparingDb` that captures the page statements `rankedPage` sends instead of running them, answering each with an
 * empty page (so no statement follows it).
 */
function capturingDb(): { db: PreparingDb; sent: { name: string; sql: string; values: unknown[] }[] } {
  const sent: { name: string; sql: string; values: unknown[] }[] = [];
  const db: PreparingDb = {
    query: () => Promise.reject(new Error('an empty page needs no statement after the first')),
    prepared: <T>(name: string, sql: string, values: unknown[]) => {
      sent.push({ name, sql, values });
      return Promise.resolve([{ n__: 0, tail_ran__: false, found__: 0, hit_rank__: null }] as T);
    },
  };
  return { db, sent };
}
