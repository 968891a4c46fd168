import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { bearer, orgBody, personBody, startRegistry, type Registry } from './support.js';

/**
 * No input a client can send yields a 500: every route of the OpenAPI document gets hostile path ids,
 * query values, bodies, body fields and If-Match headers, and must answer each with less than 500.
 */

const NASTY_VALUES: unknown[] = [
  null,
  '',
  ' ',
  'x'.repeat(20_000),
  -1,
  0,
  1.5,
  1e308,
  -1e308,
  2 ** 63,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  [],
  {},
  ['x'],
  [null],
  [{}],
  { $gt: '' },
  '\u0000',
  'a\u0000b',
  '\uD800',
  '%',
  '_',
  '\\',
  "'; DROP TABLE people; --",
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2003-02-30',
  '2003-13-01',
  '20030401',
  '-infinity',
  'NaN',
  '01890a5d-ac96-774b-bcce-b302099a8057',
  '00000000-0000-0000-0000-000000000000',
  '__proto__',
  '日本語',
];

const NASTY_QUERY = [
  '',
  'x'.repeat(5000),
  '-1',
  '0',
  '1e400',
  '1.5',
  'NaN',
  '%00',
  '\u0000',
  'true',
  '[]',
  '9999-99-99',
  '2003-02-30',
  '0000-01-01',
  "'",
  '%',
  '_',
  '\\',
  '01890a5d-ac96-774b-bcce-b302099a8057',
];
const NASTY_IDS = [
  'x',
  '1',
  'a'.repeat(300),
  '%00',
  '%2e%2e',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '01890a5d-ac96-774b-bcce-b302099a8057',
];
const NASTY_IF_MATCH = ['', '"', '"abc"', 'W/"1"', '"1", "2"', '"99999999999999999999"', '*'];
const NASTY_RAW_BODIES = [
  '{',
  '[]',
  '"x"',
  'null',
  '1',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
  `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
];

interface Operation {
  method: string;
  path: string;
  query: string[];
  bodyProps: string[];
}

describe('no input a client can send yields a 500', () => {
  let r: Registry;
  let operations: Operation[];
  const fixtures: Record<string, string> = {};
  const failures: string[] = [];
  let requests = 0;

  /** One request through real HTTP; anything of 500 or more is collected with what caused it. */
  const send = async (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}, raw = false) => {
    requests++;
    const agent = r.http();
    const req = agent[method.toLowerCase() as 'post'](url).set({ ...bearer(r.admin), ...headers });
    const res =
      payload === undefined
        ? await req
        : await req.set('content-type', 'application/json').send(raw ? (payload as string) : JSON.stringify(payload));
    if (res.status >= 500)
      failures.push(`${method} ${url.slice(0, 200)} ${JSON.stringify(payload)?.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 200)}`);
    return res;
  };

  beforeAll(async () => {
    r = await startRegistry();
    const post = async (url: string, body: unknown) => {
      const res = await r
        .http()
        .post(url)
        .set(bearer(r.admin))
        .send(body as object);
      if (res.status >= 300) throw new Error(`${url}: ${res.text}`);
      return res.body as { id: string };
    };
    fixtures['organization'] = (await post('/v1/organizations', orgBody({ corporateNumber: '7010705000725' }))).id;
    fixtures['other'] = (await post('/v1/organizations', orgBody({ name: '別会社', nameKana: 'ベツガイシャ' }))).id;
    fixtures['group'] = (await post('/v1/organizations', orgBody({ name: '研究会', nameKana: 'ケンキュウカイ', kind: 'study_group' }))).id;
    fixtures['person'] = (await post('/v1/people', personBody())).id;
    fixtures['staff'] = (await post('/v1/people', personBody())).id;
    fixtures['affiliation'] = (
      await post(`/v1/people/${fixtures['person']}/affiliations`, { organizationId: fixtures['organization'] })
    ).id;
    fixtures['membership'] = (
      await post(`/v1/study-groups/${fixtures['group']}/members`, { personId: fixtures['person'], role: 'member', joinedOn: '2003-04-01' })
    ).id;
    fixtures['tenancy'] = (await post('/v1/tenancies', { organizationId: fixtures['organization'], room: '1', from: '2003-04-01' })).id;
    fixtures['consortium'] = (
      await post('/v1/consortium-memberships', {
        consortiumId: fixtures['other'],
        organizationId: fixtures['organization'],
        fiscalYear: 2003,
      })
    ).id;
    fixtures['account'] = (await post('/v1/accounts', { personId: fixtures['staff'], roles: ['viewer'] })).id;

    const docs = (await r.http().get('/docs-json')).body;
    const resolve = (schema: { $ref?: string; properties?: Record<string, unknown> } | undefined) =>
      schema?.$ref ? docs.components.schemas[schema.$ref.split('/').pop()!] : schema;
    operations = [];
    for (const [path, methods] of Object.entries<
      Record<string, { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: never }> } }>
    >(docs.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const body = op.requestBody?.content['application/json'] ? resolve(op.requestBody.content['application/json'].schema) : undefined;
        operations.push({
          method: method.toUpperCase(),
          path,
          query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          bodyProps: Object.keys(body?.properties ?? {}),
        });
      }
    }
  });

  afterAll(async () => r?.close());

  /** A path with real ids of the right kind, so that requests get past the lookup. */
  function realPath(path: string): string {
    const kind = path.startsWith('/v1/affiliations')
      ? 'affiliation'
      : path.startsWith('/v1/memberships')
        ? 'membership'
        : path.startsWith('/v1/tenancies')
          ? 'tenancy'
          : path.startsWith('/v1/consortium-memberships')
            ? 'consortium'
            : path.startsWith('/v1/accounts')
              ? 'account'
              : path.startsWith('/v1/study-groups')
                ? 'group'
                : path.startsWith('/v1/people')
                  ? 'person'
                  : 'organization';
    return path.replace('{id}', fixtures[kind]!);
  }

  const BASE_BODIES: Record<string, () => Record<string, unknown>> = {
    'POST /v1/organizations': () => orgBody(),
    'POST /v1/people': () => personBody(),
    'POST /v1/people/{id}/affiliations': () => ({ organizationId: fixtures['other'] }),
    'POST /v1/study-groups/{id}/members': () => ({ personId: fixtures['person'], role: 'member', joinedOn: '2004-04-01' }),
    'POST /v1/tenancies': () => ({ organizationId: fixtures['other'], room: '2', from: '2004-04-01' }),
    'POST /v1/consortium-memberships': () => ({ consortiumId: fixtures['other'], organizationId: fixtures['group'], fiscalYear: 2004 }),
    'POST /v1/accounts': () => ({ personId: fixtures['person'], roles: ['viewer'] }),
    'POST /v1/auth/token': () => ({ email: 'nobody@example.jp', password: 'x' }),
    'POST /v1/auth/set-password': () => ({ token: 'A'.repeat(43), password: 'long enough password' }),
  };

  it('has routes to try', () => {
    expect(operations.length).toBeGreaterThan(35);
  });

  it('survives hostile path ids and query values on every route', async () => {
    for (const op of operations) {
      if (op.path.includes('{id}')) {
        for (const id of NASTY_IDS)
          await send(op.method, op.path.replace('{id}', id), op.method === 'GET' ? undefined : {}, { 'if-match': '*' });
      }
      if (op.method !== 'GET') continue;
      for (const name of op.query) {
        for (const value of NASTY_QUERY) await send('GET', `${realPath(op.path)}?${name}=${encodeURIComponent(value)}`);
        await send('GET', `${realPath(op.path)}?${name}=a&${name}=b`);
      }
    }
    // every sort together with a search term, and search terms that are all wildcard or all space
    for (const sort of ['relevance', 'name', '-name', 'nameKana', '-nameKana', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt']) {
      for (const path of ['/v1/organizations', '/v1/people'])
        await send('GET', `${path}?q=${encodeURIComponent('北')}&sort=${sort}&offset=1000`);
    }
    for (const path of ['/v1/organizations', '/v1/people', '/v1/organizations/export', '/v1/people/export']) {
      for (const q of ['%', '%25%25', '   ', '\u3000', 'ー', 'a'.repeat(100)]) await send('GET', `${path}?q=${encodeURIComponent(q)}`);
    }
    expect({ requests, failures }).toEqual({ requests, failures: [] });
  });

  it('survives hostile bodies, body fields and If-Match headers on every write', async () => {
    for (const op of operations) {
      if (op.method === 'GET') continue;
      const path = realPath(op.path);
      const base = BASE_BODIES[`${op.method} ${op.path}`]?.() ?? {};
      for (const raw of NASTY_RAW_BODIES) await send(op.method, path, raw, { 'if-match': '*' }, true);
      for (const ifMatch of NASTY_IF_MATCH) await send(op.method, path, base, ifMatch ? { 'if-match': ifMatch } : {});
      for (const prop of op.bodyProps) {
        for (const value of NASTY_VALUES) {
          // with the other fields valid, so that a bad value gets as deep as it can
          await send(op.method, path, { ...base, [prop]: value }, { 'if-match': '*' });
        }
      }
    }
    expect({ requests, failures }).toEqual({ requests, failures: [] });
  });

  it('survives bytes that are not CSV at all, and CSV cells that are hostile', async () => {
    const header =
      'kind,sector,name,name_kana,corporate_number,focus_fields,municipality_code,capital_yen,employees,founded_on,jsic_code,jsic_revision,website';
    const bodies: (Buffer | string)[] = [
      Buffer.from([0x00, 0xff, 0xfe, 0x81, 0x40, 0x82]),
      Buffer.alloc(3000, 0x82),
      `${header}\n${'x,'.repeat(5000)}\n`,
      `${header}\n${NASTY_VALUES.filter((v) => typeof v === 'string' || typeof v === 'number')
        .map((v) => `"${String(v).slice(0, 300).replaceAll('"', '""')}"`)
        .join(',')}\n`,
      `${header}\ncompany,industry,a,ア,,,,99999999999999999999999,1.5,9999-99-99,Z9,x,javascript:alert(1)\n`,
      `${header}\ncompany,industry,a,ア,,,,-5,-5,0001-01-01,A,-1,http://\n`,
      'family_name,given_name,family_name_kana,given_name_kana,email,organization_id,department\na,b,ア,イ,a@b.jp,not-a-uuid,x\na,b,ア,イ,a@b.jp,00000000-0000-0000-0000-000000000000,' +
        'x'.repeat(300) +
        '\n',
    ];
    for (const path of ['/v1/organizations/import', '/v1/people/import']) {
      for (const body of bodies) {
        for (const dryRun of ['true', 'false']) {
          for (const encoding of ['auto', 'utf-8', 'shift_jis']) {
            requests++;
            const res = await r
              .http()
              .post(`${path}?dryRun=${dryRun}&encoding=${encoding}`)
              .set({ ...bearer(r.admin), 'content-type': 'text/csv' })
              .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
            if (res.status >= 500) failures.push(`${path} ${dryRun} ${encoding} -> ${res.status} ${res.text.slice(0, 300)}`);
          }
        }
      }
    }
    expect({ requests, failures }).toEqual({ requests, failures: [] });
  });
});
