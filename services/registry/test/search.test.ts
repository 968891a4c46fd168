import { beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { escapeLike, searchKey, toKatakana } from '../src/organizations/japanese-text.js';
import { expectNoSecretsLogged, orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

/**
 * Search by name through the GIN index of search grams (SearchGrams1732800000006): for every term the answers
 * are those of the LIKE scan the registry ran before (the oracle below, run on the same database), ranked
 * exact > prefix > inside, then by reading.
 */
describe('search by name through the gram index', () => {
  let r: Registry;
  let auth: Record<string, string>;
  let ds: DataSource;

  const ORGANIZATIONS: [name: string, kana: string][] = [
    ['札幌', 'サッポロ'],
    ['札幌水産株式会社', 'サッポロスイサン'],
    ['札幌バイオ技研', 'サッポロバイオギケン'],
    ['株式会社北札幌フーズ', 'キタサッポロフーズ'],
    ['幌加内町商工会', 'ホロカナイチョウショウコウカイ'],
    ['札 幌データ', 'サッ ポロデータ'],
    ['十勝バイオ', 'トカチバイオ'],
    ['株式会社昆布ラボ', 'コンブラボ'],
    ['ＡＢＣ商事', 'エービーシーショウジ'],
    ['ﾎﾟﾌﾟﾗ工業', 'ポプラコウギョウ'],
    ['はこだて未来大学', 'ハコダテミライダイガク'],
    ['旭川精機', 'アサヒカワセイキ'],
    ['100%果汁工房_北見', 'ヒャクパーセントカジュウコウボウキタミ'],
  ];

  startRegistryForSuite(async (started, admin) => {
    [r, auth] = [started, admin];
    ds = r.svc.app.get(DataSource);
    for (const [name, nameKana] of ORGANIZATIONS) {
      const res = await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name, nameKana, municipalityCode: null }));
      expect(res.status).toBe(201);
    }
  });

  /** Every page of an organisation search, in the order the API gives. */
  const search = async (path: string, q: string, extra: Record<string, unknown> = {}) => {
    const items: { id: string; name: string }[] = [];
    let total: number;
    for (let offset = 0; ; offset += 100) {
      const res = await r
        .http()
        .get(path)
        .query({ q, limit: 100, offset, ...extra })
        .set(auth);
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      total = res.body.total;
      if (res.body.items.length < 100) break;
    }
    expect(items).toHaveLength(total);
    return items;
  };
  const names = async (q: string) => (await search('/v1/organizations', q)).map((o) => o.name);

  /** The ids the LIKE scan of the registry before the gram index answers (unordered). */
  const likeScan = async (table: 'organizations' | 'people', q: string): Promise<string[]> => {
    const key = searchKey(q);
    const kana = toKatakana(key);
    const byNumber = table === 'organizations' && /^\d{13}$/.test(key) ? ` OR corporate_number = '${key}'` : '';
    const byEmail = table === 'people' ? ` OR lower(email) = lower($3)` : '';
    const rows: { id: string }[] = await ds.query(
      `SELECT id FROM ${table} WHERE (search_name LIKE $1 OR search_kana LIKE $2${byNumber}${byEmail}) AND NOT archived ORDER BY id`,
      [`%${escapeLike(key)}%`, `%${escapeLike(kana)}%`, ...(table === 'people' ? [q] : [])],
    );
    return rows.map((x) => x.id);
  };

  const TERMS = [
    // one character: kanji, katakana, hiragana, half-width katakana, a full-width and a half-width letter
    ['札', '幌', 'サ', 'さ', 'ｻ', 'Ａ', 'a', '%', '_', 'ー'],
    // two characters: the commonest Japanese queries
    ['札幌', '昆布', '十勝', 'バイ', 'ばい', 'ﾊﾞｲ', 'ＡＢ', 'ab', '幌デ', '0%'],
    // three
    ['札幌水', 'サッポ', 'さっぽ', 'ｻｯﾎﾟ', 'ABC', '未来大', 'はこだ', '果汁工'],
    // four and more
    ['札幌水産', 'サッポロ', 'さっぽろ', 'ｻｯﾎﾟﾛ', 'ＡＢＣ商', 'ポプラ工業', 'ほろかないちょう', '100%果汁', '%果汁工房_'],
  ];

  it.each(TERMS.map((terms, i) => [i + 1, terms] as const))(
    'answers exactly what the LIKE scan answers for terms of %s character(s)',
    async (_length, terms) => {
      for (const q of terms) {
        const found = (await search('/v1/organizations', q)).map((o) => o.id).sort();
        expect({ q, found }).toEqual({ q, found: await likeScan('organizations', q) });
      }
    },
  );

  it('finds by one, two, three and four characters, in kanji, katakana, hiragana, half-width and full-width forms', async () => {
    expect(await names('昆')).toEqual(['株式会社昆布ラボ']);
    expect(await names('こん')).toEqual(['株式会社昆布ラボ']);
    expect(await names('十勝')).toEqual(['十勝バイオ']);
    expect(await names('ｺﾝﾌﾞ')).toEqual(['株式会社昆布ラボ']);
    expect(await names('ぽぷら')).toEqual(['ポプラ工業']); // the half-width name was stored in full width
    expect(await names('ﾎﾟﾌﾟﾗ')).toEqual(['ポプラ工業']);
    expect(await names('abc')).toEqual(['ABC商事']); // the full-width name was stored in half width, matched in lower case
    expect(await names('ＡＢＣ')).toEqual(['ABC商事']);
    expect(await names('未来')).toEqual(['はこだて未来大学']);
    expect(await names('はこだて')).toEqual(['はこだて未来大学']); // the name itself is in hiragana
    expect(await names('旭川精機')).toEqual(['旭川精機']);
    expect(await names('100%果汁')).toEqual(['100%果汁工房_北見']);
    expect(await names('%果')).toEqual(['100%果汁工房_北見']); // a LIKE wildcard is a plain character
    expect(await names('札幌水産工業')).toEqual([]); // all its bigrams but 産工 are there: the index alone is not the answer
  });

  it('ranks exact over prefix over inside, then by reading', async () => {
    // 札幌 is the whole name of one, the start of three (札 幌データ: spaces do not count), inside one; a space sorts first
    expect(await names('札幌')).toEqual(['札幌', '札 幌データ', '札幌水産株式会社', '札幌バイオ技研', '株式会社北札幌フーズ']);
    // by reading: サッポロ is the whole reading of one, the start of three, inside one (キタサッポロフーズ)
    expect(await names('さっぽろ')).toEqual(['札幌', '札 幌データ', '札幌水産株式会社', '札幌バイオ技研', '株式会社北札幌フーズ']);
    // one character: 幌加内町商工会 starts with 幌; the others hold it inside, in reading order
    expect(await names('幌')).toEqual([
      '幌加内町商工会',
      '株式会社北札幌フーズ',
      '札 幌データ',
      '札幌',
      '札幌水産株式会社',
      '札幌バイオ技研',
    ]);
    // another sort given explicitly wins over relevance
    const byName = (await search('/v1/organizations', '札幌', { sort: '-name' })).map((o) => o.name);
    expect(byName).toEqual([...byName].sort().reverse());
  });

  it('finds a registered, renamed or archived organisation at once', async () => {
    const created = await r
      .http()
      .post('/v1/organizations')
      .set(auth)
      .send(orgBody({ name: '株式会社釧路ラムネ', nameKana: 'クシロラムネ', municipalityCode: null }));
    expect(created.status).toBe(201);
    const id = (created.body.organization ?? created.body).id;
    expect(await names('ラム')).toEqual(['株式会社釧路ラムネ']);
    expect(await names('くしろ')).toEqual(['株式会社釧路ラムネ']);
    const renamed = await r
      .http()
      .patch(`/v1/organizations/${id}`)
      .set({ ...auth, 'if-match': '"1"' })
      .send({ name: '株式会社釧路サイダー', nameKana: 'クシロサイダー' });
    expect(renamed.status).toBe(200);
    expect(await names('ラム')).toEqual([]);
    expect(await names('サイダ')).toEqual(['株式会社釧路サイダー']);
    expect(await names('さいだー')).toEqual(['株式会社釧路サイダー']);
    const archived = await r
      .http()
      .post(`/v1/organizations/${id}/archive`)
      .set({ ...auth, 'if-match': '"2"' });
    expect(archived.status).toBe(200);
    expect(await names('サイダ')).toEqual([]);
    expect((await search('/v1/organizations', 'サイダ', { archived: 'true' })).map((o) => o.id)).toEqual([id]);
  });

  it('keeps the grams of rows written by SQL too (the trigger), as the seed and imports write them', async () => {
    const [row] = await ds.query(
      `INSERT INTO organizations (id, kind, sector, name, name_kana, name_key) VALUES (gen_random_uuid(), 'company', 'industry', '網走ビール', 'アバシリビール', '網走ビール')
       RETURNING id, search_grams`,
    );
    expect(row.search_grams).toEqual(expect.arrayContaining(['網', '網走', 'ビー', 'アバ', 'ル']));
    expect(await names('網走')).toEqual(['網走ビール']);
    await ds.query(`UPDATE organizations SET name = '網走ワイン', name_kana = 'アバシリワイン' WHERE id = $1`, [row.id]);
    expect(await names('ビール')).toEqual([]);
    expect(await names('ワイ')).toEqual(['網走ワイン']);
  });

  describe('paging by cursor (keyset) beside paging by offset', () => {
    type Page = { items: { id: string }[]; total: number; nextCursor: string | null };
    const list = async (path: string, query: Record<string, unknown>) => {
      const res = await r.http().get(path).query(query).set(auth);
      expect(res.status).toBe(200);
      return res.body as Page;
    };

    it.each([
      ['/v1/organizations', {}],
      ['/v1/organizations', { sort: '-createdAt' }],
      ['/v1/organizations', { sort: '-nameKana' }],
      ['/v1/organizations', { q: '幌' }], // relevance: exact > prefix > inside, then reading
      ['/v1/organizations', { q: 'さっぽろ', sort: 'name' }],
      ['/v1/people', { sort: '-name' }],
    ])('walks %s %j by cursor in the order and with the total of the offset pages', async (path, filters) => {
      const byOffset: string[] = [];
      for (let offset = 0; ; offset += 2) {
        const got = await list(path, { ...filters, limit: 2, offset });
        byOffset.push(...got.items.map((i) => i.id));
        if (got.items.length < 2) break;
      }
      const first = await list(path, { ...filters, limit: 2 });
      const byCursor = first.items.map((i) => i.id);
      let next = first.nextCursor;
      while (next) {
        const got = await list(path, { ...filters, limit: 2, cursor: next });
        expect(got.total).toBe(first.total);
        byCursor.push(...got.items.map((i) => i.id));
        next = got.nextCursor;
      }
      expect(byCursor).toEqual(byOffset);
      expect(byCursor).toHaveLength(first.total);
      expect(new Set(byCursor).size).toBe(byCursor.length);
    });

    it('refuses a cursor of another list, sort or filter, a forged one, and a cursor with an offset', async () => {
      const first = await list('/v1/organizations', { q: '札幌', limit: 2 });
      expect(first.nextCursor).toEqual(expect.any(String));
      const refused = async (query: Record<string, unknown>, field: string) => {
        const res = await r.http().get('/v1/organizations').query(query).set(auth);
        expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([400, 'COMMON.VALIDATION_FAILED', field]);
      };
      await refused({ q: '札幌', sort: 'name', cursor: first.nextCursor }, 'cursor');
      await refused({ q: '幌', cursor: first.nextCursor }, 'cursor');
      await refused({ q: '札幌', cursor: first.nextCursor, offset: 2 }, 'offset');
      await refused({ q: '札幌', cursor: Buffer.from('{"s":"x","t":1,"v":[1]}').toString('base64url') }, 'cursor');
      await refused({ q: '札幌', cursor: 'not a cursor!' }, 'cursor');
      const people = await r.http().get('/v1/people').query({ cursor: first.nextCursor }).set(auth);
      expect(people.status).toBe(400);
      // the last page answers no cursor
      const all = await list('/v1/organizations', { q: '札幌', limit: 100 });
      expect(all.nextCursor).toBeNull();
    });
  });

  describe('people: name, reading and email', () => {
    const PEOPLE: [family: string, given: string, familyKana: string, givenKana: string][] = [
      ['佐藤', '花子', 'サトウ', 'ハナコ'],
      ['佐藤', '健太', 'サトウ', 'ケンタ'],
      ['佐々木', '美咲', 'ササキ', 'ミサキ'],
      ['高橋', '佐和', 'タカハシ', 'サワ'],
      ['ｽｽﾞｷ', '一郎', 'スズキ', 'イチロウ'],
    ];
    const emails = new Map<string, string>();

    beforeAll(async () => {
      for (const [familyName, givenName, familyNameKana, givenNameKana] of PEOPLE) {
        const res = await r.http().post('/v1/people').set(auth).send(personBody({ familyName, givenName, familyNameKana, givenNameKana }));
        expect(res.status).toBe(201);
        emails.set(`${familyName}${givenName}`, res.body.email);
      }
    });

    it('answers exactly what the LIKE scan answers, for 1 to 4 characters and an email', async () => {
      for (const q of ['佐', 'さ', 'ｻ', '佐藤', 'さと', 'ササキ', 'さわ', '佐々木美', 'すずき', 'ｽｽﾞｷ', emails.get('佐藤花子')!]) {
        const found = (await search('/v1/people', q)).map((p) => p.id).sort();
        expect({ q, found }).toEqual({ q, found: await likeScan('people', q) });
      }
    });

    it('ranks exact over prefix over inside and matches an email exactly, whatever its case', async () => {
      const full = (list: unknown[]) => (list as { familyName: string; givenName: string }[]).map((p) => `${p.familyName}${p.givenName}`);
      // 佐 starts 佐藤 and 佐々木 (in reading order: ササキ, サトウ ハナコ, サトウ ケンタ by given reading), is inside 高橋佐和
      expect(full(await search('/v1/people', '佐'))).toEqual(['佐々木美咲', '佐藤健太', '佐藤花子', '高橋佐和']);
      expect(full(await search('/v1/people', 'さとうはなこ'))).toEqual(['佐藤花子']);
      expect(full(await search('/v1/people', 'スズキ'))).toEqual(['スズキ一郎']);
      expect(full(await search('/v1/people', emails.get('佐藤花子')!.toUpperCase()))).toEqual(['佐藤花子']);
      expect(await search('/v1/people', '佐藤花子x')).toEqual([]);
    });
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
