import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { databaseFingerprint } from '@collabo/service-kit/testing';
import { DataSource } from 'typeorm';
import { ADMIN_EMAIL, bearer, expectNoSecretsLogged, orgBody, personBody, startRegistry, type Registry } from './support.js';

/**
 * The limits, each configured small here so that it can be reached: JSON body size (the kit's
 * HTTP_BODY_LIMIT_BYTES), CSV size and rows (CSV_IMPORT_MAX_BYTES, CSV_IMPORT_MAX_ROWS), page size (100, the
 * kit's PageQuery), the request rate on the token and set-password routes per client address
 * (LOGIN_RATE_LIMIT_PER_MINUTE) and on writes per user (WRITE_RATE_LIMIT_PER_MINUTE). Each answers a 4xx
 * problem+json that says what the limit is, and writes nothing.
 */

const LIMITS = {
  HTTP_BODY_LIMIT_BYTES: '4096',
  CSV_IMPORT_MAX_BYTES: '16384',
  CSV_IMPORT_MAX_ROWS: '5',
  LOGIN_RATE_LIMIT_PER_MINUTE: '3',
  WRITE_RATE_LIMIT_PER_MINUTE: '5',
};

const ORG_HEADER = 'kind,sector,name,name_kana,municipality_code';
const orgRows = (n: number, pad = 0) =>
  Array.from({ length: n }, (_, i) => `company,industry,株式会社リミット${i}${'あ'.repeat(pad)},リミット${i},011002`).join('\n');

/** GET routes that answer one record, a file or a bounded set, and so take no `limit`. */
const NOT_PAGED: Record<string, string> = {
  'GET /v1/municipalities': "Hokkaido's 179 municipalities: reference data, fixed",
  'GET /v1/bureaus': "Hokkaido's 14 bureaus: reference data, fixed",
  'GET /v1/organizations/{id}/duplicates': 'at most 10 (see possibleDuplicates)',
  'GET /v1/reports/study-groups': 'one row per fiscal year, at most 101 (to - from <= 100)',
  'GET /v1/organizations/export': 'a CSV file of the whole filtered set, by design',
  'GET /v1/people/export': 'a CSV file of the whole filtered set, by design',
  'GET /v1/auth/me': 'one record',
  'GET /.well-known/jwks.json': 'the configured signing keys',
  'GET /v1/people/{id}/merge-preview': 'two records side by side',
  'GET /v1/people/{id}/consents': "one person's consent records: one in force per purpose at most, and their history",
  'GET /v1/privacy-requests/{id}/disclosure': 'one document about one person',
  'GET /v1/privacy/retention-report': 'the retention policy (one rule per kind) and one row per fiscal year, kind and action',
  'GET /v1/consent-withdrawal': 'the public page of one withdrawal link',
  'GET /v1/reports/centre': "one fiscal year's tenants of the centre, with their patents and awards",
};

describe('limits', () => {
  let r: Registry;
  let ids: Record<string, string>;
  let fingerprint: () => Promise<string>;
  /** An import by a user of its own (every user has five writes a minute here). */
  const csv = (token: string, path: string, body: string, query = 'dryRun=true') =>
    r
      .http()
      .post(`${path}?${query}`)
      .set({ ...bearer(token), 'content-type': 'text/csv' })
      .send(Buffer.from(body));

  beforeAll(async () => {
    // startRegistry logs the first admin in: one of the three token requests this minute
    r = await startRegistry(LIMITS);
    fingerprint = databaseFingerprint(r.svc.app.get(DataSource));
    const post = async (url: string, body: object) => {
      const res = await r.http().post(url).set(bearer(r.admin)).send(body);
      if (res.status !== 201) throw new Error(`${url}: ${res.status} ${res.text}`);
      return res.body.id as string;
    };
    // the first admin's own budget of five writes a minute: four go here
    ids = { org: await post('/v1/organizations', orgBody()), person: await post('/v1/people', personBody()) };
    ids['group'] = await post(
      '/v1/organizations',
      orgBody({ name: '限界研究会', nameKana: 'ゲンカイケンキュウカイ', kind: 'study_group' }),
    );
    ids['affiliation'] = await post(`/v1/people/${ids['person']}/affiliations`, { organizationId: ids['org'] });
  });

  afterAll(async () => r?.close());

  it('refuses a JSON body over HTTP_BODY_LIMIT_BYTES with 413, and takes one under it', async () => {
    const coordinator = await r.token(['coordinator']);
    const before = await fingerprint();
    const big = await r
      .http()
      .post('/v1/organizations')
      .set(bearer(coordinator))
      .send(orgBody({ address: 'あ'.repeat(2000) })); // 6 kB of UTF-8
    expect(big.status).toBe(413);
    expect(big.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(big.body).toMatchObject({ status: 413 });
    expect(await fingerprint()).toBe(before);
    const small = await r
      .http()
      .post('/v1/organizations')
      .set(bearer(coordinator))
      .send(orgBody({ name: '株式会社スモール', nameKana: 'スモール', address: '北海道札幌市中央区北1条西2丁目' }));
    expect(small.status).toBe(201);
  });

  it('takes a CSV file larger than the JSON limit, refuses one over CSV_IMPORT_MAX_BYTES with 413, writing nothing', async () => {
    const importer = await r.token(['coordinator']);
    const under = `${ORG_HEADER}\n${orgRows(5, 500)}\n`; // about 8 kB: over the JSON limit, under the CSV one
    expect(Buffer.byteLength(under)).toBeGreaterThan(Number(LIMITS.HTTP_BODY_LIMIT_BYTES));
    expect((await csv(importer, '/v1/organizations/import', under)).status).toBe(200);
    const before = await fingerprint();
    const over = await csv(importer, '/v1/organizations/import', `${ORG_HEADER}\n${orgRows(5, 1200)}\n`, 'dryRun=false');
    expect(over.status).toBe(413);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await fingerprint()).toBe(before);
  });

  it('refuses more rows than CSV_IMPORT_MAX_ROWS with 413 naming the limit, in a dry run and a commit, writing nothing', async () => {
    const importer = await r.token(['coordinator']);
    expect((await csv(importer, '/v1/organizations/import', `${ORG_HEADER}\n${orgRows(5)}\n`)).body).toMatchObject({ rows: 5, valid: 5 });
    const before = await fingerprint();
    for (const query of ['dryRun=true', 'dryRun=false']) {
      for (const [path, body] of [
        ['/v1/organizations/import', `${ORG_HEADER}\n${orgRows(6)}\n`],
        [
          '/v1/people/import',
          `family_name,given_name,family_name_kana,given_name_kana,email\n${Array.from({ length: 6 }, (_, i) => `山田,太郎,ヤマダ,タロウ,limit.${i}@example.jp`).join('\n')}\n`,
        ],
      ] as const) {
        const res = await csv(importer, path, body, query);
        expect([res.status, res.body.code, res.body.detail]).toEqual([
          413,
          'REGISTRY.CSV_TOO_MANY_ROWS',
          expect.stringMatching(/at most 5/),
        ]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    expect(await fingerprint()).toBe(before);
  });

  it('pages every list at most 100 at a time: limit 101 or 0 is a 400 naming limit; a list without limit is one of the bounded ones', async () => {
    const document = (await r.http().get('/docs-json').set(bearer(r.admin))).body as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const paged: string[] = [];
    const unpaged: string[] = [];
    for (const [path, ops] of Object.entries(document.paths)) {
      const op = ops['get'];
      if (!op || path.endsWith('/{id}')) continue; // one record
      if (!(op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'limit')) {
        unpaged.push(`GET ${path}`);
        continue;
      }
      paged.push(path);
      const id = path.startsWith('/v1/study-groups') ? ids['group'] : path.startsWith('/v1/people') ? ids['person'] : ids['org'];
      const extra = path === '/v1/audit' ? `&entityType=organization&entityId=${ids['org']}` : '';
      const url = (limit: number) => `${path.replace('{id}', id!)}?limit=${limit}${extra}`;
      for (const limit of [101, 0, 1000000]) {
        const res = await r.http().get(url(limit)).set(bearer(r.admin));
        expect([path, res.status, res.body.errors?.map((e: { field: string }) => e.field)]).toEqual([path, 400, ['limit']]);
      }
      const max = await r.http().get(url(100)).set(bearer(r.admin));
      expect([path, max.status, max.body.limit, Array.isArray(max.body.items), typeof max.body.total]).toEqual([
        path,
        200,
        100,
        true,
        'number',
      ]);
    }
    expect(paged.length).toBeGreaterThanOrEqual(12);
    expect(unpaged.sort()).toEqual(Object.keys(NOT_PAGED).sort());
  });

  it('limits the token and set-password routes per client address with 429 and Retry-After', async () => {
    // one login happened at start-up; two more pass, the fourth is refused
    for (let i = 0; i < 2; i++) {
      expect((await r.http().post('/v1/auth/token').send({ email: ADMIN_EMAIL, password: 'not the password' })).status).toBe(401);
    }
    r.secrets.push('not the password');
    const limited = await r.http().post('/v1/auth/token').send({ email: ADMIN_EMAIL, password: 'not the password' });
    expect([limited.status, limited.body.code]).toEqual([429, 'COMMON.RATE_LIMITED']);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const body = { token: 'A'.repeat(43), password: 'a long enough password' };
    r.secrets.push(body.password);
    for (let i = 0; i < 3; i++) expect((await r.http().post('/v1/auth/set-password').send(body)).status).toBe(400);
    const again = await r.http().post('/v1/auth/set-password').send(body);
    expect([again.status, again.body.code]).toEqual([429, 'COMMON.RATE_LIMITED']);
  });

  it('limits writes per user across all write routes with 429 and Retry-After; reads and other users go on', async () => {
    const busy = await r.token(['coordinator']);
    const other = await r.token(['coordinator']);
    const writes = [
      () => r.http().post('/v1/organizations').set(bearer(busy)).send({}),
      () => r.http().patch(`/v1/organizations/${ids['org']}`).set(bearer(busy)).send({}),
      () => r.http().post('/v1/people').set(bearer(busy)).send({}),
      () => r.http().delete(`/v1/affiliations/${ids['affiliation']}`).set(bearer(busy)),
      () => r.http().post('/v1/tenancies').set(bearer(busy)).send({}),
    ];
    // five writes a minute, whatever they answer (these are all refused further on: nothing is written)
    for (const write of writes) expect((await write()).status).not.toBe(429);
    const before = await fingerprint();
    const refused = await r
      .http()
      .post('/v1/people')
      .set(bearer(busy))
      .send(personBody({ email: 'too.fast@example.jp' }));
    expect([refused.status, refused.body.code]).toEqual([429, 'COMMON.RATE_LIMITED']);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/At most 5 changes a minute/);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await fingerprint()).toBe(before);
    expect((await r.http().get(`/v1/organizations/${ids['org']}`).set(bearer(busy))).status).toBe(200);
    expect(
      (
        await r
          .http()
          .post('/v1/people')
          .set(bearer(other))
          .send(personBody({ email: 'in.time@example.jp' }))
      ).status,
    ).toBe(201);
    // no token: refused as unauthenticated before anything is counted
    expect((await r.http().post('/v1/people').send({})).status).toBe(401);
  });

  it('sets security headers on answers and errors alike, and keeps CORS closed', async () => {
    for (const res of [
      await r.http().get('/v1/bureaus').set(bearer(r.admin)).set('origin', 'https://evil.example'),
      await r.http().get('/v1/bureaus').set('origin', 'https://evil.example'),
    ]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBeDefined();
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('keeps passwords, tokens and personal data out of the logs', async () => {
    await expectNoSecretsLogged(r);
  });
});
