import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AccountsByRoleV1,
  AffiliationsOfPersonV1,
  allSubjects,
  GetConsentWithdrawalLinkV1,
  GetOrganizationsV1,
  GetOrganizationV1,
  GetPeopleV1,
  GetPersonV1,
  StudyGroupMembersV1,
} from '@collabo/contracts';
import { AppError, validatePayload } from '@collabo/service-kit';
import { databaseFingerprint, fuzzHttpApi, nastyValue, type OpenApiDocument } from '@collabo/service-kit/testing';
import { headers as natsHeaders } from '@nats-io/transport-node';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { bearer, expectNoSecretsLogged, orgBody, personBody, startRegistry, type Registry } from './support.js';

/**
 * Hostile input: every operation of the OpenAPI document is fuzzed by the kit's `fuzzHttpApi` (schema-shaped
 * requests spoilt with wrong types, huge strings and arrays, deep nesting, NUL bytes, mixed scripts, SQL and
 * HTML fragments, extreme numbers, invalid dates, unknown fields, odd If-Match headers): never a 5xx, every
 * 4xx is problem+json and leaves the database as it was. Every RPC subject gets raw NATS payloads (not JSON,
 * wrong shapes, deep nesting): an error reply each time, and the service keeps serving. Plus what the generic
 * fuzzer does not send: CSV bodies, and LIKE wildcards in searches. The size and rate limits (JSON body, CSV
 * bytes and rows, page size, token and write rates) are reached on purpose in limits.test.ts.
 */

/** Requests per operation; FUZZ_RUNS=200 for a longer hunt, FUZZ_SEED to replay a failure the fuzzer reported. */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 20);
const SEED = process.env['FUZZ_SEED'] ? Number(process.env['FUZZ_SEED']) : undefined;

/** A valid request per registry RPC subject: the fuzz spoils these, and the last check sends them as they are. */
type RpcExamples = Record<string, { contract: { Response: new () => object }; valid: () => Record<string, unknown>; optional?: string[] }>;

/** What is wrong with an RPC answer against its contract's response (no unknown property either): none when valid. */
function responseProblems(
  subject: string,
  contract: { Response: new () => object },
  response: unknown,
): { subject: string; problems: unknown[] } {
  try {
    validatePayload(contract.Response, response, { forbidUnknown: true });
    return { subject, problems: [] };
  } catch (err) {
    return { subject, problems: err instanceof AppError ? [...err.errors, { response }] : [String(err)] };
  }
}

describe('no input a client can send yields a 500 or a stray write', () => {
  let r: Registry;
  let db: DataSource;
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    r = await startRegistry();
    db = r.svc.app.get(DataSource);
    const post = async (url: string, body: object) => {
      const res = await r.http().post(url).set(bearer(r.admin)).send(body);
      if (res.status >= 300) throw new Error(`${url}: ${res.text}`);
      return res.body as { id: string };
    };
    fixtures['organization'] = (await post('/v1/organizations', orgBody({ corporateNumber: '7010705000725' }))).id;
    fixtures['other'] = (await post('/v1/organizations', orgBody({ name: '別会社', nameKana: 'ベツガイシャ' }))).id;
    fixtures['group'] = (await post('/v1/organizations', orgBody({ name: '研究会', nameKana: 'ケンキュウカイ', kind: 'study_group' }))).id;
    fixtures['person'] = (await post('/v1/people', personBody({ phone: '011-222-3333' }))).id;
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
  });

  afterAll(async () => r?.close());

  it(
    'answers every fuzzed request to every operation of its OpenAPI document below 500, and writes nothing on a 4xx',
    async () => {
      const document = (await r.http().get('/docs-json')).body as OpenApiDocument;
      const operations = Object.values(document.paths).flatMap((ops) => Object.keys(ops)).length;
      const contentOf = databaseFingerprint(db, ['accounts']);
      // POST /v1/auth/token answers a wrong password for a real account with 401 and, on purpose, counts the
      // failure on that account (failed_logins, locked_until; last_login_at on success): those three columns
      // are left out of the fingerprint; the rest of the accounts table is in it.
      const fingerprint = async () => {
        const [accounts] = await db.query(
          `SELECT coalesce(md5(string_agg(md5((id, person_id, roles, password_hash, disabled, activated_at, invitation_token_hash,
                invitation_expires_at, invited_by, version, created_at, created_by, updated_at, updated_by)::text), '' ORDER BY id)), '') AS h
           FROM accounts`,
        );
        return `${await contentOf()}|accounts:${accounts.h}`;
      };
      const report = await fuzzHttpApi({
        http: r.svc.http,
        document,
        token: r.admin,
        runs: RUNS,
        seed: SEED,
        knownIds: Object.values(fixtures),
        fingerprint,
      });
      // every operation was fuzzed (none skipped), and the fuzz got past validation as well as being refused by it
      expect(report.operations).toBe(operations);
      expect(report.operations).toBeGreaterThan(50);
      const statuses = Object.keys(report.byStatus).map(Number);
      expect(statuses.some((s) => s >= 200 && s < 300)).toBe(true);
      expect(statuses).toContain(400);
    },
    Math.max(240_000, RUNS * 5_000),
  );

  it('a malformed id in any path of any controller answers the one 400 of the house, never a lookup', async () => {
    const document = (await r.http().get('/docs-json')).body as OpenApiDocument;
    const withId = Object.entries(document.paths).filter(([path]) => path.includes('{id}'));
    // accounts, people, affiliations, organisations, study groups and memberships, tenancies, consortium memberships
    expect(withId.length).toBeGreaterThanOrEqual(15);
    const answers: string[] = [];
    for (const [path, operations] of withId) {
      for (const method of Object.keys(operations) as ('get' | 'post' | 'patch' | 'delete')[]) {
        const operation = (operations as Record<string, { parameters?: { name: string; in: string; schema?: { format?: string } }[] }>)[
          method
        ];
        const parameter = operation!.parameters?.find((p) => p.in === 'path' && p.name === 'id');
        expect([`${method} ${path}`, parameter?.schema?.format]).toEqual([`${method} ${path}`, 'uuid']);
        const http = r.http();
        const res = await http[method](path.replace('{id}', 'not-a-uuid'))
          .set(bearer(r.admin))
          .set('if-match', '"1"')
          .send(method === 'get' || method === 'delete' ? undefined : {});
        expect([`${method} ${path}`, res.status, res.headers['content-type'], res.body]).toEqual([
          `${method} ${path}`,
          400,
          expect.stringMatching(/^application\/problem\+json/),
          expect.objectContaining({ status: 400, code: 'COMMON.VALIDATION_FAILED', errors: [{ field: 'id', message: 'must be a UUID' }] }),
        ]);
        answers.push(`${method} ${path}`);
      }
    }
    expect(answers).toEqual(
      expect.arrayContaining(['get /v1/accounts/{id}', 'patch /v1/affiliations/{id}', 'delete /v1/affiliations/{id}']),
    );
  });

  it('escapes LIKE wildcards in searches, with every sort and past the last page, and refuses a blank term', async () => {
    const answers: string[] = [];
    const search = async (url: string) => {
      const res = await r.http().get(url).set(bearer(r.admin));
      answers.push(`${url} -> ${res.status}`);
      return res;
    };
    for (const sort of ['relevance', 'name', '-name', 'nameKana', '-nameKana', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt']) {
      for (const path of ['/v1/organizations', '/v1/people'])
        await search(`${path}?q=${encodeURIComponent('北')}&sort=${sort}&offset=1000`);
    }
    for (const path of ['/v1/organizations', '/v1/people', '/v1/organizations/export', '/v1/people/export']) {
      await search(`${path}?q=${encodeURIComponent('ー')}`); // the long-vowel mark alone, in kana or half-width
      await search(`${path}?q=${encodeURIComponent('ｰ')}`);
      for (const q of ['%', '%%', '_', '\\', '\\%']) {
        const res = await search(`${path}?q=${encodeURIComponent(q)}`);
        // a wildcard is a character to look for, not a pattern: no name here has a % or _ in it
        if (res.body.items) expect(res.body.items).toEqual([]);
        else expect(res.text.split('\r\n').filter(Boolean)).toHaveLength(1); // the CSV header alone
      }
      for (const q of ['   ', '\u3000']) {
        const res = await r
          .http()
          .get(`${path}?q=${encodeURIComponent(q)}`)
          .set(bearer(r.admin));
        expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'q']);
      }
    }
    expect(answers.filter((a) => !a.endsWith(' 200'))).toEqual([]);
  });

  it('survives bytes that are not CSV at all, and CSV cells that are hostile', async () => {
    const header =
      'kind,sector,name,name_kana,corporate_number,focus_fields,municipality_code,capital_yen,employees,founded_on,jsic_code,jsic_revision,website';
    const hostile = [
      null,
      '',
      ' ',
      'x'.repeat(300),
      -1,
      1.5,
      1e308,
      '\u0000',
      'a\u0000b',
      "'; DROP TABLE people; --",
      '2003-02-30',
      '=1+2',
      '@SUM(A1)',
    ];
    const bodies: (Buffer | string)[] = [
      Buffer.from([0x00, 0xff, 0xfe, 0x81, 0x40, 0x82]),
      Buffer.alloc(3000, 0x82),
      `${header}\n${'x,'.repeat(5000)}\n`,
      `${header}\n${hostile.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(',')}\n`,
      `${header}\ncompany,industry,a,ア,,,,99999999999999999999999,1.5,9999-99-99,Z9,x,javascript:alert(1)\n`,
      `${header}\ncompany,industry,a,ア,,,,-5,-5,0001-01-01,A,-1,http://\n`,
      'family_name,given_name,family_name_kana,given_name_kana,email,organization_id,department\na,b,ア,イ,a@b.jp,not-a-uuid,x\na,b,ア,イ,a@b.jp,00000000-0000-0000-0000-000000000000,' +
        'x'.repeat(300) +
        '\n',
    ];
    const fingerprint = databaseFingerprint(db);
    const failures: string[] = [];
    for (const path of ['/v1/organizations/import', '/v1/people/import']) {
      for (const body of bodies) {
        for (const dryRun of ['true', 'false']) {
          for (const encoding of ['auto', 'utf-8', 'shift_jis']) {
            const before = await fingerprint();
            const res = await r
              .http()
              .post(`${path}?dryRun=${dryRun}&encoding=${encoding}`)
              .set({ ...bearer(r.admin), 'content-type': 'text/csv' })
              .send(Buffer.isBuffer(body) ? body : Buffer.from(body));
            const what = `${path} dryRun=${dryRun} ${encoding} -> ${res.status} ${res.text.slice(0, 300)}`;
            if (res.status >= 500) failures.push(what);
            if (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json')) failures.push(what);
            if (res.status >= 400 && (await fingerprint()) !== before) failures.push(`wrote on a 4xx: ${what}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });

  describe('over NATS', () => {
    const examples = (): RpcExamples => ({
      [GetOrganizationV1.subject]: { contract: GetOrganizationV1, valid: () => ({ organizationId: fixtures['organization'] }) },
      [GetOrganizationsV1.subject]: { contract: GetOrganizationsV1, valid: () => ({ ids: [fixtures['organization'], fixtures['other']] }) },
      [GetPersonV1.subject]: { contract: GetPersonV1, valid: () => ({ personId: fixtures['person'] }) },
      [GetPeopleV1.subject]: { contract: GetPeopleV1, valid: () => ({ ids: [fixtures['person']] }) },
      [StudyGroupMembersV1.subject]: {
        contract: StudyGroupMembersV1,
        valid: () => ({ studyGroupId: fixtures['group'], activeOn: '2004-01-01' }),
        optional: ['activeOn'],
      },
      [AffiliationsOfPersonV1.subject]: { contract: AffiliationsOfPersonV1, valid: () => ({ personId: fixtures['person'] }) },
      [AccountsByRoleV1.subject]: { contract: AccountsByRoleV1, valid: () => ({ role: 'viewer' }) },
      [GetConsentWithdrawalLinkV1.subject]: {
        contract: GetConsentWithdrawalLinkV1,
        valid: () => ({ personId: fixtures['person'], purpose: 'news' }),
      },
    });
    const deep = (depth: number): unknown => {
      let value: unknown = 'bottom';
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
      return value;
    };
    /** Payloads no registry subject accepts. */
    const garbage = (valid: Record<string, unknown>, optional: string[] = []): (string | Uint8Array)[] => [
      '',
      '{not json',
      '\u0000',
      new Uint8Array([0xff, 0xfe, 0x00, 0x81]),
      'null',
      '[]',
      '"text"',
      '42',
      'true',
      '{}',
      '{"__proto__":{"polluted":true}}',
      JSON.stringify(deep(300)),
      `[${'['.repeat(5000)}${']'.repeat(5000)}]`,
      JSON.stringify({ pattern: 'x', id: '1', data: deep(300) }),
      JSON.stringify({ pattern: 'x', id: '1', data: null }),
      ...Object.keys(valid).flatMap((key) => [
        JSON.stringify({ ...valid, [key]: { $gt: '' } }),
        JSON.stringify({ ...valid, [key]: 'x'.repeat(100_000) }),
        JSON.stringify({ ...valid, [key]: Array.from({ length: 5000 }, () => 'not-a-uuid') }),
        JSON.stringify({ ...valid, [key]: 1e308 }),
        // an optional field may be null or absent
        ...(optional.includes(key)
          ? []
          : [
              JSON.stringify({ ...valid, [key]: null }),
              JSON.stringify(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
            ]),
      ]),
      JSON.stringify({ ...valid, unknownField: 1 }),
    ];

    async function ask(
      subject: string,
      payload: string | Uint8Array,
      correlationId?: string,
    ): Promise<{ err?: { code: string; status: number }; response?: unknown }> {
      const h = natsHeaders();
      if (correlationId) h.set('x-correlation-id', correlationId);
      const reply = await r.nc.request(`${r.prefix}.${subject}`, payload, { timeout: 5000, headers: h });
      return JSON.parse(reply.string());
    }

    it('serves exactly the registry’s query subjects of the catalogue', () => {
      expect(Object.keys(examples()).sort()).toEqual(
        allSubjects()
          .filter((s) => s.startsWith('registry.qry.'))
          .sort(),
      );
    });

    it('answers payloads that are not JSON or not the contract with a 400 error reply, on every subject', async () => {
      const wrong: string[] = [];
      for (const [subject, { valid, optional }] of Object.entries(examples())) {
        for (const payload of garbage(valid(), optional)) {
          const answer = await ask(subject, payload);
          if (answer.err?.status !== 400 || answer.err.code !== 'COMMON.VALIDATION_FAILED')
            wrong.push(`${subject} ${String(payload).slice(0, 80)} -> ${JSON.stringify(answer).slice(0, 200)}`);
        }
      }
      expect(wrong).toEqual([]);
    });

    it(
      'answers fuzzed payloads with a 4xx error reply or a contract-valid answer, never a 5xx',
      async () => {
        for (const [subject, { contract, valid }] of Object.entries(examples())) {
          const base = valid();
          const spoilt = fc
            .tuple(fc.constantFrom(...Object.keys(base)), nastyValue, fc.option(nastyValue))
            .map(([key, value, extra]) => JSON.stringify({ ...base, [key]: value, ...(extra === null ? {} : { extra }) }));
          const payload = fc.oneof(
            spoilt,
            fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
            fc.string({ unit: 'binary' }),
          );
          await fc.assert(
            fc.asyncProperty(payload, fc.constantFrom(undefined, 'corr-ok', '<script>', 'x'.repeat(300)), async (data, correlationId) => {
              const answer = await ask(subject, data, correlationId);
              if (answer.err) {
                expect(answer.err.status).toBeGreaterThanOrEqual(400);
                expect(answer.err.status).toBeLessThan(500);
              } else {
                expect(responseProblems(subject, contract, answer.response)).toEqual({ subject, problems: [] });
              }
            }),
            { numRuns: RUNS * 2, seed: SEED },
          );
        }
      },
      Math.max(120_000, RUNS * 3_000),
    );

    it('keeps serving every subject afterwards', async () => {
      for (const [subject, { contract, valid }] of Object.entries(examples())) {
        const answer = await ask(subject, JSON.stringify(valid()));
        expect(answer.err).toBeUndefined();
        expect(responseProblems(subject, contract, answer.response)).toEqual({ subject, problems: [] });
      }
    });
  });

  it('keeps passwords, tokens and personal data out of the logs of all this', async () => {
    await expectNoSecretsLogged(r);
  });
});
