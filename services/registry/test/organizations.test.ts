import { beforeAll, describe, expect, it } from '@jest/globals';
import { OrganizationArchivedV1, OrganizationMergedV1, OrganizationRegisteredV1, OrganizationUpdatedV1 } from '@collabo/contracts';
import { readEvents } from '@collabo/service-kit/testing';
import { DataSource } from 'typeorm';
import { expectContract, expectNoSecretsLogged, orgBody, personBody, startRegistryForSuite, type Registry } from './support.js';

describe('organisations over HTTP', () => {
  let r: Registry;
  let auth: Record<string, string>;

  startRegistryForSuite((started, admin) => {
    [r, auth] = [started, admin];
  });

  const create = (overrides: Record<string, unknown> = {}) => r.http().post('/v1/organizations').set(auth).send(orgBody(overrides));

  describe('registration', () => {
    it('registers an organisation with the bureau derived from its municipality, an ETag, who and when, and an event', async () => {
      const res = await create({
        name: 'ＮＯＡＳＴＥＣ　テスト財団',
        nameKana: 'のあすてっく てすとざいだん',
        kind: 'foundation',
        sector: 'government',
        corporateNumber: '7010705000725',
        jsicCode: 'L7111',
        jsicRevision: 14,
        postalCode: '0600808',
        municipalityCode: '012025',
        capitalYen: 30_000_000,
        employees: 42,
        foundedOn: '2001-04-01',
        website: 'https://example.jp',
      });
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.headers['location']).toBe(`/v1/organizations/${res.body.id}`);
      expect(res.body).toMatchObject({
        name: 'NOASTEC テスト財団',
        nameKana: 'ノアステック テストザイダン',
        postalCode: '060-0808',
        municipalityCode: '012025',
        municipalityName: '函館市',
        bureauCode: 'oshima',
        jsicCode: 'L7111',
        jsicRevision: 14,
        capitalYen: 30_000_000,
        foundedOn: '2001-04-01',
        archived: false,
        mergedInto: null,
        version: 1,
        possibleDuplicates: [],
      });
      expect(res.body.createdBy).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(res.body.createdAt)).not.toBeNaN();
      const { envelopes } = await readEvents<OrganizationRegisteredV1.Data>(r.nc, r.prefix, OrganizationRegisteredV1.subject, 1);
      const event = envelopes.find((e) => e.aggregateId === res.body.id)!;
      expectContract(OrganizationRegisteredV1.Data, event.data);
      expect(event.data.organization).toMatchObject({ id: res.body.id, bureauCode: 'oshima', corporateNumber: '7010705000725' });
    });

    it('refuses a corporate number with a wrong check digit, naming the field', async () => {
      const res = await create({ corporateNumber: '8010705000725' });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        code: 'COMMON.VALIDATION_FAILED',
        errors: [{ field: 'corporateNumber', message: expect.stringMatching(/check digit/) }],
      });
      const short = await create({ corporateNumber: '123' });
      expect(short.body.errors).toEqual([{ field: 'corporateNumber', message: 'corporateNumber must be 13 digits' }]);
    });

    it('refuses an unknown municipality (a code with a valid check digit outside the 179) and an unknown bureau', async () => {
      const tokyo = await create({ municipalityCode: '131016' });
      expect(tokyo.status).toBe(400);
      expect(tokyo.body).toMatchObject({ code: 'REGISTRY.UNKNOWN_MUNICIPALITY', errors: [{ field: 'municipalityCode' }] });
      const area = await create({ kind: 'study_group', sector: 'industry', areaBureauCodes: ['atlantis'] });
      expect(area.status).toBe(400);
      expect(area.body).toMatchObject({ code: 'REGISTRY.UNKNOWN_BUREAU', errors: [{ field: 'areaBureauCodes' }] });
    });

    it('refuses a duplicate corporate number with 409 naming the existing record', async () => {
      const first = await create({ name: '株式会社ダブリ', nameKana: 'ダブリ', corporateNumber: '4011001098993' });
      expect(first.status).toBe(201);
      const again = await create({ name: '別の会社', nameKana: 'ベツノカイシャ', corporateNumber: '4011001098993' });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({
        code: 'REGISTRY.DUPLICATE_CORPORATE_NUMBER',
        existingId: first.body.id,
        existingName: '株式会社ダブリ',
      });
    });

    it('reports a similar name in the same municipality as a possible duplicate, and not one elsewhere', async () => {
      const first = await create({ name: '株式会社 札幌ウッドワークス', nameKana: 'サッポロウッドワークス', municipalityCode: '011002' });
      const similar = await create({ name: '(株)札幌ウッドワークス', nameKana: 'サッポロウッドワークス', municipalityCode: '011002' });
      expect(similar.status).toBe(201);
      expect(similar.body.possibleDuplicates).toEqual([
        expect.objectContaining({ id: first.body.id, name: '株式会社 札幌ウッドワークス', similarity: 1 }),
      ]);
      const elsewhere = await create({
        name: '札幌ウッドワークス株式会社',
        nameKana: 'サッポロウッドワークス',
        municipalityCode: '012041',
      });
      expect(elsewhere.body.possibleDuplicates).toEqual([]);
      const listed = await r.http().get(`/v1/organizations/${first.body.id}/duplicates`).set(auth);
      expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([similar.body.id]);
    });

    it('checks fields across each other: JSIC code with its revision, an area only for study groups, dates in order', async () => {
      const res = await create({ jsicCode: 'E09', areaMunicipalityCodes: ['011002'], foundedOn: '2001-01-01', dissolvedOn: '2000-01-01' });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'areaMunicipalityCodes',
        'dissolvedOn',
        'jsicRevision',
      ]);
    });

    it('refuses unknown fields, bad enums and impossible dates', async () => {
      const res = await create({ kind: 'pirate', colour: 'red', foundedOn: '2003-02-30', focusFields: ['food', 'food'] });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['colour', 'focusFields', 'foundedOn', 'kind']);
    });
  });

  describe('reading and searching', () => {
    let kelp: string;
    beforeAll(async () => {
      kelp = (await create({ name: '株式会社昆布ラボ', nameKana: 'コンブラボ', municipalityCode: '012033', focusFields: ['food', 'bio'] }))
        .body.id;
      await create({
        name: '国立大学法人北海道大学',
        nameKana: 'ホッカイドウダイガク',
        kind: 'university',
        sector: 'academia',
        focusFields: ['bio'],
      });
      await create({
        name: '小樽観光協会',
        nameKana: 'オタルカンコウキョウカイ',
        kind: 'economic_association',
        sector: 'industry',
        municipalityCode: '012033',
        focusFields: ['tourism'],
      });
    });

    it('answers one organisation with its ETag, and 404 / 400 for an unknown or malformed id', async () => {
      const res = await r.http().get(`/v1/organizations/${kelp}`).set(auth);
      expect(res.status).toBe(200);
      expect(res.headers['etag']).toBe('"1"');
      expect((await r.http().get('/v1/organizations/01890a5d-ac96-774b-bcce-b302099a8057').set(auth)).body.code).toBe(
        'REGISTRY.ORGANIZATION_NOT_FOUND',
      );
      const bad = await r.http().get('/v1/organizations/not-a-uuid').set(auth);
      expect([bad.status, bad.body.code, bad.body.errors]).toEqual([
        400,
        'COMMON.VALIDATION_FAILED',
        [{ field: 'id', message: 'must be a UUID' }],
      ]);
    });

    it('finds organisations by part of a Japanese name, by reading in katakana or hiragana, by corporate number', async () => {
      const names = async (q: string) =>
        (await r.http().get('/v1/organizations').query({ q }).set(auth)).body.items.map((o: { name: string }) => o.name) as string[];
      expect(await names('昆布')).toEqual(['株式会社昆布ラボ']);
      expect(await names('北海道大')).toEqual(['国立大学法人北海道大学']);
      expect(await names('こんぶ')).toEqual(['株式会社昆布ラボ']);
      expect(await names('ｶﾝｺｳ')).toEqual(['小樽観光協会']);
      expect(await names('4011001098993')).toEqual(['株式会社ダブリ']);
      expect(await names('100%_')).toEqual([]);
    });

    it('filters by kind, sector, focus field, municipality and bureau, sorts and pages with a total', async () => {
      const get = (query: Record<string, unknown>) => r.http().get('/v1/organizations').query(query).set(auth);
      expect((await get({ kind: 'university' })).body.items.map((o: { name: string }) => o.name)).toEqual(['国立大学法人北海道大学']);
      expect((await get({ focusField: 'tourism' })).body.total).toBe(1);
      expect((await get({ municipality: '012033', sort: 'name' })).body.items.map((o: { name: string }) => o.name)).toEqual([
        '小樽観光協会',
        '株式会社昆布ラボ',
      ]);
      const shiribeshi = await get({ bureau: 'shiribeshi', sector: 'industry' });
      expect(shiribeshi.body.total).toBe(2);
      const paged = await get({ limit: 2, offset: 1, sort: '-createdAt' });
      expect(paged.body).toMatchObject({ limit: 2, offset: 1 });
      expect(paged.body.items).toHaveLength(2);
      expect(paged.body.total).toBeGreaterThan(5);
      const beyond = await get({ limit: 2, offset: 500 });
      expect(beyond.body).toMatchObject({ items: [], total: paged.body.total });
      expect((await get({ limit: 101 })).status).toBe(400);
      expect((await get({ sort: 'colour' })).status).toBe(400);
    });

    it('searches names of one, two and more characters through the GIN index of search grams', async () => {
      const ds = r.svc.app.get(DataSource);
      for (const term of ['札', '札幌', '北海道大']) {
        const plan = await ds.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          return tx.query(`EXPLAIN SELECT id FROM organizations WHERE search_grams @> search_query_grams($1::text)`, [term]);
        });
        expect(JSON.stringify(plan)).toContain('organizations_search_grams_idx');
      }
    });
  });

  describe('changes with ETag / If-Match', () => {
    it('updates with the current ETag, publishes the changed fields, and refuses a stale or missing one', async () => {
      const created = (await create({ name: '株式会社イフマッチ', nameKana: 'イフマッチ' })).body;
      const missing = await r.http().patch(`/v1/organizations/${created.id}`).set(auth).send({ employees: 10 });
      expect(missing.status).toBe(428);
      const ok = await r
        .http()
        .patch(`/v1/organizations/${created.id}`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ employees: 10, address: '北1条西2丁目' });
      expect(ok.status).toBe(200);
      expect(ok.headers['etag']).toBe('"2"');
      expect(ok.body).toMatchObject({ employees: 10, version: 2 });
      const stale = await r.http().patch(`/v1/organizations/${created.id}`).set(auth).set('if-match', '"1"').send({ employees: 11 });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'COMMON.STALE_VERSION', currentEtag: '"2"' });
      const { envelopes } = await readEvents<OrganizationUpdatedV1.Data>(r.nc, r.prefix, OrganizationUpdatedV1.subject, 1);
      const event = envelopes.find((e) => e.aggregateId === created.id)!;
      expectContract(OrganizationUpdatedV1.Data, event.data);
      expect(event.data.changedFields.sort()).toEqual(['address', 'employees']);
    });

    it('refuses to null a required field, and takes a corporate number only once', async () => {
      const created = (await create({ name: '株式会社ヌル', nameKana: 'ヌル' })).body;
      const nulled = await r
        .http()
        .patch(`/v1/organizations/${created.id}`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ name: null, corporateNumber: null });
      expect(nulled.status).toBe(400);
      expect(nulled.body.errors).toEqual([{ field: 'name', message: 'name cannot be null' }]);
      const taken = await r
        .http()
        .patch(`/v1/organizations/${created.id}`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ corporateNumber: '4011001098993' });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe('REGISTRY.DUPLICATE_CORPORATE_NUMBER');
    });

    it('archives instead of deleting, hides archived ones from the default list, and restores', async () => {
      const created = (await create({ name: '株式会社アーカイブ', nameKana: 'アーカイブ' })).body;
      const archived = await r.http().post(`/v1/organizations/${created.id}/archive`).set(auth).set('if-match', '"1"');
      expect(archived.status).toBe(200);
      expect(archived.body).toMatchObject({ archived: true, version: 2 });
      const { envelopes } = await readEvents<OrganizationArchivedV1.Data>(r.nc, r.prefix, OrganizationArchivedV1.subject, 1);
      expect(envelopes.some((e) => e.data.organizationId === created.id)).toBe(true);
      const visible = async (archivedFilter?: string) =>
        (
          await r
            .http()
            .get('/v1/organizations')
            .query({ q: 'アーカイブ', ...(archivedFilter ? { archived: archivedFilter } : {}) })
            .set(auth)
        ).body.total;
      expect([await visible(), await visible('true'), await visible('all')]).toEqual([0, 1, 1]);
      expect((await r.http().delete(`/v1/organizations/${created.id}`).set(auth)).status).toBe(404);
      const restored = await r.http().post(`/v1/organizations/${created.id}/restore`).set(auth).set('if-match', '"2"');
      expect(restored.body).toMatchObject({ archived: false, version: 3 });
    });
  });

  describe('merge', () => {
    it('moves affiliations, memberships, tenancies and consortium memberships, keeps the alias, and publishes the merged event', async () => {
      const survivor = (await create({ name: '株式会社マージ先', nameKana: 'マージサキ' })).body;
      const merged = (await create({ name: '株式会社マージ元', nameKana: 'マージモト', corporateNumber: '2120901007402' })).body;
      const person = (await r.http().post('/v1/people').set(auth).send(personBody())).body;
      const affiliation = await r
        .http()
        .post(`/v1/people/${person.id}/affiliations`)
        .set(auth)
        .send({ organizationId: merged.id, title: '部長' });
      expect(affiliation.status).toBe(201);
      const tenancy = await r.http().post('/v1/tenancies').set(auth).send({ organizationId: merged.id, room: '101', from: '2003-04-01' });
      expect(tenancy.status).toBe(201);

      const stale = await r
        .http()
        .post(`/v1/organizations/${survivor.id}/merge`)
        .set(auth)
        .set('if-match', '"9"')
        .send({ mergedId: merged.id });
      expect(stale.status).toBe(412);
      const res = await r
        .http()
        .post(`/v1/organizations/${survivor.id}/merge`)
        .set(auth)
        .set('if-match', '"1"')
        .send({ mergedId: merged.id });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ mergedId: merged.id, movedAffiliations: 1, movedMemberships: 0, movedTenancies: 1 });
      expect(res.body.survivor).toMatchObject({ id: survivor.id, corporateNumber: '2120901007402' });

      const { envelopes } = await readEvents<OrganizationMergedV1.Data>(r.nc, r.prefix, OrganizationMergedV1.subject, 1);
      expectContract(OrganizationMergedV1.Data, envelopes[0]!.data);
      expect(envelopes[0]!.data).toEqual({ survivorId: survivor.id, mergedId: merged.id, movedAffiliations: 1, movedMemberships: 0 });

      const alias = await r.http().get(`/v1/organizations/${merged.id}`).set(auth);
      expect(alias.body).toMatchObject({ mergedInto: survivor.id, archived: true });
      const moved = await r.http().get(`/v1/people/${person.id}/affiliations`).set(auth);
      expect(moved.body.items[0]).toMatchObject({ organizationId: survivor.id, organizationName: '株式会社マージ先', title: '部長' });
      const aliasChange = await r
        .http()
        .patch(`/v1/organizations/${merged.id}`)
        .set(auth)
        .set('if-match', alias.headers['etag'])
        .send({ employees: 1 });
      expect(aliasChange.status).toBe(409);
      expect(aliasChange.body).toMatchObject({ code: 'REGISTRY.ORGANIZATION_MERGED', survivorId: survivor.id });
      const twice = await r
        .http()
        .post(`/v1/organizations/${survivor.id}/merge`)
        .set(auth)
        .set('if-match', res.headers['etag'])
        .send({ mergedId: merged.id });
      expect(twice.body.code).toBe('REGISTRY.MERGE_NOT_ALLOWED');
      const self = await r
        .http()
        .post(`/v1/organizations/${survivor.id}/merge`)
        .set(auth)
        .set('if-match', res.headers['etag'])
        .send({ mergedId: survivor.id });
      expect(self.status).toBe(400);
      // the alias keeps its number for history; the number now belongs to the survivor
      const dup = await create({ name: 'もう一つ', nameKana: 'モウヒトツ', corporateNumber: '2120901007402' });
      expect(dup.body).toMatchObject({ code: 'REGISTRY.DUPLICATE_CORPORATE_NUMBER', existingId: survivor.id });
    });
  });

  describe('audit', () => {
    it('records who changed what and when', async () => {
      const created = (await create({ name: '株式会社監査', nameKana: 'カンサ' })).body;
      await r.http().patch(`/v1/organizations/${created.id}`).set(auth).set('if-match', '"1"').send({ employees: 3 });
      const res = await r.http().get('/v1/audit').query({ entityType: 'organization', entityId: created.id }).set(auth);
      expect(res.status).toBe(200);
      expect(res.body.items.map((e: { action: string }) => e.action)).toEqual(['updated', 'registered']);
      expect(res.body.items[0]).toMatchObject({ actorId: created.createdBy, changedFields: ['employees'] });
    });
  });

  it('keeps passwords, tokens and personal data out of its logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
