import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestService, testPrefix } from '@collabo/service-kit/testing';
import request from 'supertest';
import { proposalsService } from '../src/proposals.definition.js';
import { GOOD_SCORES, api, bringIn, move, review, startHarness, type Harness } from './support/harness.js';

/** Writes per minute per staff member in this suite. */
const WRITE_LIMIT = 3;

describe('limits', () => {
  let h: Harness;
  const count = async () => (await h.dataSource.query('SELECT count(*)::int AS n FROM proposals'))[0].n as number;
  const newProposal = () => ({
    title: { ja: '題' },
    summary: { ja: '概要' },
    proposingOrganizationId: h.registry.organization('company').id,
    contactPersonId: h.registry.person().id,
  });

  describe('the write rate limit (the kit’s: WRITE_RATE_LIMIT_PER_MINUTE per staff member across all writes)', () => {
    beforeAll(async () => {
      h = await startHarness({ WRITE_RATE_LIMIT_PER_MINUTE: String(WRITE_LIMIT) });
    });
    afterAll(async () => h?.close());

    it('answers the write past the limit with 429 problem+json and Retry-After, writing nothing; other people and reads go on', async () => {
      const coordinator = await h.token(['coordinator'], h.registry.person().id);
      const first = await api(h, coordinator).post('/v1/proposals', newProposal());
      expect(first.status).toBe(201);
      // The limit counts every write of the person, whatever the route.
      expect(
        (await api(h, coordinator).patch(`/v1/proposals/${first.body.id}`, { supportRequested: '助言' }).set('if-match', '"1"')).status,
      ).toBe(200);
      expect((await api(h, coordinator).post('/v1/proposals', newProposal())).status).toBe(201);
      const before = await count();
      const limited = await api(h, coordinator).post('/v1/proposals', newProposal());
      expect(limited.status).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429, code: 'COMMON.RATE_LIMITED' });
      const retryAfter = Number(limited.headers['retry-after']);
      expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
      expect(limited.body.retryAfterSeconds).toBe(retryAfter);
      expect(await count()).toBe(before);
      const transition = await api(h, coordinator)
        .post(`/v1/proposals/${first.body.id}/transitions`, { to: 'pre_screening', reason: 'x' })
        .set('if-match', '"2"');
      expect(transition.status).toBe(429);
      expect((await api(h, h.tokens.viewer).get(`/v1/proposals/${first.body.id}`)).body.stage.code).toBe('received');

      // Someone else is not slowed down by it; reading goes on.
      expect((await api(h, h.tokens.admin).post('/v1/proposals', newProposal())).status).toBe(201);
      for (let i = 0; i < WRITE_LIMIT * 3; i++) expect((await api(h, coordinator).get(`/v1/proposals/${first.body.id}`)).status).toBe(200);
    });

    it('covers every write route of the OpenAPI document', async () => {
      const document = (await request(h.svc.http).get('/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
      const writes = Object.entries(document.paths)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => [m, path] as const))
        .filter(([m]) => m !== 'get');
      const limitedRoutes: string[] = [];
      for (const [method, path] of writes) {
        // A fresh admin per route: past the limit, whatever the request, the answer is 429 (it counts before validation).
        const token = await h.token(['admin'], h.registry.person().id);
        const url = path.replace(/\{code\}/g, 'support-track').replace(/\{[^}]+\}/g, '0193e6a0-0000-7000-8000-00000000abcd');
        const statuses: number[] = [];
        for (let i = 0; i <= WRITE_LIMIT; i++) {
          const call = (request(h.svc.http) as unknown as Record<string, (u: string) => request.Test>)[method]!(url);
          statuses.push((await call.set('authorization', `Bearer ${token}`).send({})).status);
        }
        if (statuses.at(-1) === 429 && statuses.slice(0, -1).every((s) => s !== 429)) limitedRoutes.push(`${method.toUpperCase()} ${path}`);
      }
      expect(limitedRoutes).toEqual(writes.map(([m, p]) => `${m.toUpperCase()} ${p}`));
    });

    it('refuses to start with a limit that is not a positive whole number', async () => {
      for (const value of ['0', '-5', 'many']) {
        await expect(
          startTestService(proposalsService, { databaseUrl: h.db.url, prefix: testPrefix(), env: { WRITE_RATE_LIMIT_PER_MINUTE: value } }),
        ).rejects.toThrow(/WRITE_RATE_LIMIT_PER_MINUTE/);
      }
    });
  });

  describe('sizes (with the default write limit)', () => {
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => h?.close());

    describe('page sizes', () => {
      it('caps every list of the OpenAPI document at its declared maximum: 400 above, 400 below 1, the page at the maximum', async () => {
        const p = await bringIn(h);
        await move(h, p, 'pre_screening');
        await move(h, p, 'screening');
        const [advisor] = await review(h, p, 1, GOOD_SCORES);
        const written = (await api(h, await h.token(['advisor'], advisor))).get(`/v1/proposals/${p.id}/reviews`);
        const reviewId = (await written).body.items[0].id as string;
        const document = (await request(h.svc.http).get('/docs-json')).body as {
          paths: Record<string, { get?: { parameters?: { name: string; in: string; schema?: { maximum?: number } }[] } }>;
        };
        const lists = Object.entries(document.paths).flatMap(([path, ops]) => {
          const limit = ops.get?.parameters?.find((q) => q.name === 'limit' && q.in === 'query');
          return limit ? [{ path, max: limit.schema?.maximum }] : [];
        });
        expect(lists.length).toBeGreaterThanOrEqual(10);
        for (const { path, max } of lists) {
          expect([path, typeof max]).toEqual([path, 'number']);
          const url = path.replace('{id}', p.id).replace('{code}', 'support-track').replace('{reviewId}', reviewId);
          const get = (query: string) => api(h, h.tokens.admin).get(`${url}?${query}`);
          const over = await get(`limit=${max! + 1}`);
          expect([path, over.status, over.body.errors?.[0]?.field]).toEqual([path, 400, 'limit']);
          expect([path, (await get('limit=0')).status]).toEqual([path, 400]);
          expect([path, (await get('limit=1e9')).status]).toEqual([path, 400]);
          const atMax = await get(`limit=${max}`);
          expect([path, atMax.status]).toEqual([path, 200]);
          if ('offset' in (atMax.body as object)) {
            expect([path, atMax.body.limit]).toEqual([path, max]);
            expect([path, (await get('offset=-1')).status]).toEqual([path, 400]);
            expect([path, (await get('offset=100001')).status]).toEqual([path, 400]);
          }
        }
      });

      it('caps a KPI report at 50 fiscal years', async () => {
        expect((await api(h, h.tokens.viewer).get('/v1/reports/kpi?fromFiscalYear=1990&toFiscalYear=2039')).status).toBe(200);
        const over = await api(h, h.tokens.viewer).get('/v1/reports/kpi?fromFiscalYear=1990&toFiscalYear=2040');
        expect([over.status, over.body.errors[0].field]).toEqual([400, 'toFiscalYear']);
      });
    });

    describe('body size', () => {
      /** The largest programme the API takes: 50 stages, 500 transitions, a 50-criterion rubric, every text at its maximum. */
      const largestProgramme = (code: string) => {
        const text = (n: number) => '昆'.repeat(200) + String(n);
        const stages = Array.from({ length: 50 }, (_, i) => ({
          code: `s${String(i).padStart(2, '0')}_${'x'.repeat(55)}`,
          label: { ja: text(i).slice(0, 200), en: 'e'.repeat(200) },
          kind: i === 0 ? 'intake' : 'step',
          position: i,
        }));
        const transitions = [];
        for (let i = 0; i < 50 && transitions.length < 500; i++)
          for (let j = 0; j < 50 && transitions.length < 500; j++)
            if (i !== j) transitions.push({ from: stages[i]!.code, to: stages[j]!.code });
        return {
          code,
          name: { ja: '北'.repeat(200), en: 'n'.repeat(200) },
          initialStage: stages[0]!.code,
          minCompletedReviews: 20,
          stages,
          transitions,
          rubric: {
            fiscalYear: 2030,
            minTotal: 100,
            minCriterionRatio: 0.3,
            note: '注'.repeat(1000),
            criteria: Array.from({ length: 50 }, (_, i) => ({
              code: `c${String(i).padStart(2, '0')}_${'y'.repeat(55)}`,
              label: { ja: '評'.repeat(200), en: 'c'.repeat(200) },
              maxPoints: 1000,
            })),
          },
        };
      };

      it('takes the largest body the API has a use for, even with every character escaped', async () => {
        const body = largestProgramme('largest-programme');
        const escaped = JSON.stringify(body).replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        expect(Buffer.byteLength(escaped)).toBeLessThan(h.svc.env.HTTP_BODY_LIMIT_BYTES);
        const res = await request(h.svc.http)
          .post('/v1/programmes')
          .set('authorization', `Bearer ${h.tokens.admin}`)
          .set('content-type', 'application/json')
          .send(escaped);
        expect([res.status, res.body.stages?.length, res.body.transitions?.length]).toEqual([201, 50, 500]);
      });

      it('refuses a body over HTTP_BODY_LIMIT_BYTES (512 KiB by default) with 413 problem+json, writing nothing', async () => {
        expect(h.svc.env.HTTP_BODY_LIMIT_BYTES).toBe(512 * 1024);
        const before = await count();
        const huge = await api(h, h.tokens.admin).post('/v1/proposals', { ...newProposal(), supportRequested: 'x'.repeat(600 * 1024) });
        expect([huge.status, huge.headers['content-type']]).toEqual([413, expect.stringMatching(/^application\/problem\+json/)]);
        expect(huge.body.status).toBe(413);
        // Just over the limit, declared honestly or not.
        const justOver = await request(h.svc.http)
          .post('/v1/programmes')
          .set('authorization', `Bearer ${h.tokens.admin}`)
          .set('content-type', 'application/json')
          .send(`{"code":"x","pad":"${'y'.repeat(512 * 1024)}"}`);
        expect(justOver.status).toBe(413);
        expect(await count()).toBe(before);
      });
    });
  });
});
