import { describe, expect, it } from '@jest/globals';
import { OrganizationRegisteredV1 } from '@collabo/contracts';
import { countEvents } from '@collabo/service-kit/testing';
import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { keysetBatches } from '../src/database/sql.js';
import { expectNoSecretsLogged, orgBody, startRegistryForSuite, type Registry } from './support.js';

const ORG_HEADER = 'kind,sector,name,name_kana,corporate_number,focus_fields,municipality_code,municipality,capital_yen,founded_on';

describe('CSV import and export', () => {
  let r: Registry;
  let auth: Record<string, string>;
  const count = async (table: string) => (await r.svc.app.get(DataSource).query(`SELECT count(*)::int AS n FROM ${table}`))[0].n as number;

  startRegistryForSuite((started, admin) => {
    [r, auth] = [started, admin];
  });

  const importCsv = (path: string, body: Buffer | string, query: Record<string, string> = {}) =>
    r
      .http()
      .post(path)
      .query(query)
      .set(auth)
      .set('content-type', 'text/csv')
      .send(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'));

  describe('a Shift_JIS file with two bad rows', () => {
    const csv = [
      ORG_HEADER,
      'company,industry,株式会社しれとこ水産,シレトコスイサン,,food;tourism,,斜里町,"10,000,000",1990-04-01',
      'company,industry,株式会社壊れた番号,コワレタバンゴウ,8010705000725,food,011002,,,',
      'university,academia,国立大学法人帯広畜産大学,オビヒロチクサンダイガク,,food;bio,016411,,,1949-06-01',
      'company,industry,株式会社どこでもない,ドコデモナイ,,food,,どこでも町,,',
      'npo,industry,NPO法人えりも,エリモ,,environment,,えりも町,,',
    ].join('\r\n');
    const sjis = iconv.encode(csv, 'Shift_JIS');

    it('is read as Shift_JIS, and the dry run lists both bad rows with line and column', async () => {
      const organisationsBefore = await count('organizations');
      const res = await importCsv('/v1/organizations/import', sjis);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: true, encoding: 'shift_jis', rows: 5, valid: 3, invalid: 2, warnings: [] });
      expect(res.body.errors).toEqual([
        { line: 3, field: 'corporate_number', message: 'corporate_number has a wrong check digit (the first of its 13 digits)' },
        { line: 5, field: 'municipality', message: "どこでも町 is not one of Hokkaido's 179 municipalities" },
      ]);
      expect(await count('organizations')).toBe(organisationsBefore);
    });

    it('is refused whole on commit (422, the same rows named), and nothing is written or published', async () => {
      const organisationsBefore = await count('organizations');
      const eventsBefore = await countEvents(r.nc, r.prefix, OrganizationRegisteredV1.subject);
      const res = await importCsv('/v1/organizations/import', sjis, { dryRun: 'false' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('REGISTRY.IMPORT_INVALID');
      expect(res.body.errors).toEqual([
        { field: 'line 3: corporate_number', message: expect.stringMatching(/check digit/) },
        { field: 'line 5: municipality', message: expect.stringMatching(/not one of/) },
      ]);
      expect(res.body.report).toMatchObject({ rows: 5, invalid: 2 });
      expect(await count('organizations')).toBe(organisationsBefore);
      expect(await countEvents(r.nc, r.prefix, OrganizationRegisteredV1.subject)).toBe(eventsBefore);
    });

    it('imports every row in one go once the bad rows are fixed', async () => {
      const fixed = iconv.encode(csv.replace('8010705000725', '7010705000725').replace('どこでも町', '根室市'), 'Shift_JIS');
      const res = await importCsv('/v1/organizations/import', fixed, { dryRun: 'false' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dryRun: false, rows: 5, valid: 5, invalid: 0, errors: [] });
      expect(res.body.created).toHaveLength(5);
      const shiretoko = await r.http().get(`/v1/organizations/${res.body.created[0]}`).set(auth);
      expect(shiretoko.body).toMatchObject({
        name: '株式会社しれとこ水産',
        municipalityName: '斜里町',
        bureauCode: 'okhotsk',
        capitalYen: 10_000_000,
        focusFields: ['food', 'tourism'],
      });
    });
  });

  it('reads UTF-8 with and without a BOM, and reports every problem of a row, duplicates in the file and in the registry', async () => {
    await r
      .http()
      .post('/v1/organizations')
      .set(auth)
      .send(orgBody({ name: '株式会社既存', nameKana: 'キソン', corporateNumber: '4011001098993', municipalityCode: '011002' }));
    const csv = [
      ORG_HEADER,
      'company,industry,株式会社既存,キソン,4011001098993,food,011002,,,',
      'pirate,space,株式会社二重,ニジュウ,2120901007402,food;magic,011002,,a lot,2003-02-30',
      'company,industry,株式会社二重その2,ニジュウソノニ,2120901007402,food,011002,,,',
      'company,industry,(株)既存,キソン,,food,011002,,,',
    ].join('\n');
    for (const body of [Buffer.from(csv), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv)])]) {
      const res = await importCsv('/v1/organizations/import', body);
      expect(res.body.encoding).toBe(body[0] === 0xef ? 'utf-8-bom' : 'utf-8');
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { line: 2, field: 'corporate_number', message: expect.stringMatching(/already registered for 株式会社既存/) },
          { line: 3, field: 'capital_yen', message: 'capital_yen must be a whole number' },
          expect.objectContaining({ line: 3, field: 'kind' }),
          expect.objectContaining({ line: 3, field: 'sector' }),
          expect.objectContaining({ line: 3, field: 'focus_fields' }),
          expect.objectContaining({ line: 3, field: 'founded_on' }),
        ]),
      );
      // line 3 is bad on its own, so line 4 is the first holder of its number; the similar name is a warning
      expect(res.body.errors.filter((e: { line: number }) => e.line === 4)).toEqual([]);
      expect(res.body.warnings).toEqual([{ line: 5, field: 'name', message: expect.stringMatching(/possible duplicate of 株式会社既存/) }]);
    }
  });

  it('refuses a file that is not CSV for this import, with a reason', async () => {
    const unknownColumn = await importCsv('/v1/organizations/import', 'kind,sector,name,name_kana,colour\ncompany,industry,a,ア,red\n');
    expect(unknownColumn.status).toBe(400);
    expect(unknownColumn.body).toMatchObject({
      code: 'REGISTRY.CSV_UNREADABLE',
      errors: [{ field: 'colour', message: 'unknown column "colour"' }],
    });
    const missing = await importCsv('/v1/organizations/import', 'name\na\n');
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['kind', 'sector', 'name_kana']);
    const broken = await importCsv('/v1/organizations/import', `${ORG_HEADER}\n"company,industry\n`);
    expect([broken.status, broken.body.code]).toEqual([400, 'REGISTRY.CSV_UNREADABLE']);
    expect((await importCsv('/v1/organizations/import', '')).status).toBe(400);
    expect((await importCsv('/v1/organizations/import', `${ORG_HEADER}\n`)).status).toBe(400);
    const utf16 = await importCsv('/v1/organizations/import', Buffer.from([0xff, 0xfe, 0x6b, 0x00]));
    expect(utf16.body.detail).toMatch(/UTF-16/);
    const json = await r.http().post('/v1/organizations/import').set(auth).send({ csv: 'x' });
    expect(json.status).toBe(415);
    const badQuery = await importCsv('/v1/organizations/import', ORG_HEADER, { dryRun: 'maybe' });
    expect(badQuery.status).toBe(400);
  });

  it('imports people with an optional current affiliation, all or nothing', async () => {
    const org = (
      await r
        .http()
        .post('/v1/organizations')
        .set(auth)
        .send(orgBody({ name: '株式会社ピープル', nameKana: 'ピープル' }))
    ).body;
    const header =
      'family_name,given_name,family_name_kana,given_name_kana,email,preferred_language,consent_to_list,expertise_fields,organization_id,title';
    const good = `${header}\n鈴木,一郎,すずき,いちろう,ichiro.suzuki@example.jp,ja,はい,food,${org.id},社長\n田中,花子,タナカ,ハナコ,hanako.tanaka@example.jp,en,false,,,\n`;
    const bad = `${good}高橋,次郎,タカハシ,ジロウ,ICHIRO.SUZUKI@example.jp,ja,maybe,,,\n`;
    const dry = await importCsv('/v1/people/import', iconv.encode(bad, 'Shift_JIS'));
    expect(dry.body.errors).toEqual([{ line: 4, field: 'consent_to_list', message: 'consent_to_list must be true or false' }]);
    const dupInFile = await importCsv('/v1/people/import', `${good}高橋,次郎,タカハシ,ジロウ,ICHIRO.SUZUKI@example.jp,ja,no,,,\n`);
    expect(dupInFile.body.errors).toEqual([{ line: 4, field: 'email', message: 'the same email as line 2' }]);
    const before = await count('people');
    expect((await importCsv('/v1/people/import', bad, { dryRun: 'false' })).status).toBe(422);
    expect(await count('people')).toBe(before);
    const done = await importCsv('/v1/people/import', good, { dryRun: 'false' });
    expect(done.body.created).toHaveLength(2);
    const suzuki = await r.http().get(`/v1/people/${done.body.created[0]}/affiliations`).set(auth);
    expect(suzuki.body.items).toEqual([expect.objectContaining({ organizationId: org.id, title: '社長' })]);
    const again = await importCsv('/v1/people/import', good);
    expect(again.body.errors.map((e: { field: string }) => e.field)).toEqual(['email', 'email']);
  });

  it('exports organisations and people as UTF-8 with a BOM that Excel opens, and an export imports again once ids are emptied', async () => {
    const res = await r
      .http()
      .get('/v1/organizations/export')
      .query({ q: 'しれとこ' })
      .set(auth)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="organizations-\d{8}\.csv"$/);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const [header, row] = text.split('\r\n');
    expect(header!.split(',').slice(0, 4)).toEqual(['id', 'kind', 'sector', 'name']);
    expect(row).toContain('株式会社しれとこ水産');
    expect(row).toContain('food;tourism');
    expect(row).toContain('斜里町');

    const emptied = text.replace(/^[0-9a-f-]{36},/gm, ',').replace('株式会社しれとこ水産', '株式会社しれとこ水産 第二工場');
    const reimport = await importCsv('/v1/organizations/import', emptied);
    expect(reimport.body).toMatchObject({ rows: 1, invalid: 0 });
    expect(reimport.body.warnings[0].message).toMatch(/possible duplicate of 株式会社しれとこ水産/);
    const asIs = await importCsv('/v1/organizations/import', text);
    expect(asIs.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);

    const people = await r.http().get('/v1/people/export').query({ q: '鈴木' }).set(auth);
    expect(people.status).toBe(200);
    expect(people.text.startsWith('\uFEFFid,family_name')).toBe(true);
    expect(people.text).toContain('ichiro.suzuki@example.jp');
    expect(people.text).toContain('株式会社ピープル');
  });

  it('names an export after the day in Tokyo by the registry’s clock (00:30 JST on 1 April is 1 April, not 31 March UTC)', async () => {
    try {
      r.clock.set('2032-03-31T15:30:00Z');
      const res = await r.http().get('/v1/organizations/export').query({ q: 'なにもない' }).set(auth);
      expect([res.status, res.headers['content-disposition']]).toEqual([200, 'attachment; filename="organizations-20320401.csv"']);
      r.clock.set('2032-03-31T14:59:59.999Z');
      const people = await r.http().get('/v1/people/export').query({ q: 'なにもない' }).set(auth);
      expect([people.status, people.headers['content-disposition']]).toEqual([200, 'attachment; filename="people-20320331.csv"']);
    } finally {
      r.clock.set(Date.now());
    }
  });

  it('streams an export larger than one batch as one well-formed file, and an empty one as its header', async () => {
    const kana = (i: number) => [...String(i).padStart(4, '0')].map((d) => 'アイウエオカキクケコ'[Number(d)]).join('');
    const rows = Array.from({ length: 1201 }, (_, i) => `company,industry,株式会社ながれ${i},ナガレ${kana(i)},,food,,斜里町,,`);
    const imported = await importCsv('/v1/organizations/import', [ORG_HEADER, ...rows].join('\r\n'), { dryRun: 'false' });
    expect(imported.body).toMatchObject({ rows: 1201, invalid: 0 });

    const res = await r.http().get('/v1/organizations/export').query({ q: '株式会社ながれ' }).set(auth);
    expect(res.status).toBe(200);
    expect(res.text.startsWith('\uFEFFid,kind,sector,name,')).toBe(true);
    expect(res.text.split('\uFEFF')).toHaveLength(2);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines.filter((l) => l.startsWith('id,'))).toHaveLength(1);
    const names = lines.slice(1).map((l) => l.split(',')[3]);
    expect(names).toHaveLength(1201);
    expect(new Set(names).size).toBe(1201);

    const none = await r.http().get('/v1/organizations/export').query({ q: '該当なしの名前' }).set(auth);
    expect(none.status).toBe(200);
    expect(none.text.startsWith('\uFEFFid,kind,')).toBe(true);
    expect(none.text.split('\r\n')).toEqual([expect.stringMatching(/^\uFEFFid,/), '']);
  });

  it('walks an export by keyset, not OFFSET: each batch after the last row of the one before, ties on the reading by id', async () => {
    const ds = r.svc.app.get(DataSource);
    // 1,030 organisations with only 7 readings between them: most rows tie on the reading, and batches end inside ties
    await ds.query(
      `INSERT INTO organizations (id, kind, sector, name, name_kana, name_key, municipality_code)
       SELECT gen_random_uuid(), 'company', 'industry', 'キーセット' || i, 'キーセット' || (i % 7), 'キーセット' || i, '012149'
         FROM generate_series(1, 1030) AS i`,
    );
    const expected: string[] = (
      await ds.query(`SELECT id FROM organizations WHERE municipality_code = '012149' AND NOT archived ORDER BY name_kana, id`)
    ).map((x: { id: string }) => x.id);
    expect(expected).toHaveLength(1030);
    const seen: string[] = [];
    const recording = { query: <T>(sql: string, params?: unknown[]) => (seen.push(sql), ds.query(sql, params) as Promise<T>) };
    const walked: string[] = [];
    for await (const batch of keysetBatches<{ id: string; name_kana: string }>(recording, {
      sql: 'SELECT o.id, o.name_kana FROM organizations o',
      where: `o.municipality_code = $1 AND NOT o.archived`,
      params: ['012149'],
      keys: [
        ['o.name_kana', 'name_kana'],
        ['o.id', 'id'],
      ],
      batch: 100,
    })) {
      expect(batch.length).toBeLessThanOrEqual(100);
      walked.push(...batch.map((x) => x.id));
    }
    expect(walked).toEqual(expected);
    expect(seen).toHaveLength(11); // ten full batches and the last, short one
    expect(seen.filter((sql) => /OFFSET/i.test(sql))).toEqual([]);

    // the export itself: every row once, in reading order, across its batches of 500
    const res = await r.http().get('/v1/organizations/export').query({ municipality: '012149' }).set(auth);
    expect(res.status).toBe(200);
    const ids = res.text
      .slice(1)
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split(',')[0]);
    expect(ids).toEqual(expected);
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
