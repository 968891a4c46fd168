import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccountInvitedV2 } from '@collabo/contracts';
import { TestAuthority } from '@collabo/service-kit/testing';
import type request from 'supertest';
import { signUnsubscribe } from '../src/preferences/unsubscribe-token.js';
import { sampleOf } from '../src/templates/sample-data.js';
import { startHarness, TEST_UNSUBSCRIBE_SECRET, type Harness } from './support/harness.js';

/**
 * Limits, as configured by the environment: request rates on the writes and the public unsubscribe link
 * (429 problem+json with Retry-After, nothing done), and page sizes (400 naming the field).
 */
describe('limits', () => {
  let h: Harness;
  let alice = '';
  let bob = '';
  let deliveryId = '';

  beforeAll(async () => {
    h = await startHarness({
      smtp: false,
      env: {
        DELIVERY_WORKER_ENABLED: 'false',
        RESEND_RATE_LIMIT_PER_MINUTE: '2',
        PREFERENCES_RATE_LIMIT_PER_MINUTE: '3',
        PREVIEW_RATE_LIMIT_PER_MINUTE: '2',
        UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE: '2',
      },
    });
    alice = await h.token('coordinator');
    bob = await h.token('coordinator');
    const invited = await h.publishApplied(AccountInvitedV2, sampleOf(AccountInvitedV2));
    [{ id: deliveryId }] = await h.dataSource.query('SELECT id FROM deliveries WHERE event_id = $1', [invited.id]);
  });

  afterAll(() => h?.close());

  function expectRateLimited(res: request.Response): void {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 429, code: 'COMMON.RATE_LIMITED' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  }

  it('limits resends per staff member (RESEND_RATE_LIMIT_PER_MINUTE), and a limited one does nothing', async () => {
    const resend = (token: string) => h.api(token).post(`/v1/deliveries/${deliveryId}/resend`).set('if-match', '"1"');
    // Queued, so not resendable: each allowed try is a 409, which changes nothing either.
    expect((await resend(alice)).status).toBe(409);
    expect((await resend(alice)).status).toBe(409);
    expectRateLimited(await resend(alice));
    // Another coordinator (another token subject) has a bucket of their own.
    expect((await resend(bob)).status).toBe(409);
    const [row] = await h.dataSource.query('SELECT status, version, resends FROM deliveries WHERE id = $1', [deliveryId]);
    expect(row).toEqual({ status: 'queued', version: 1, resends: 0 });
  });

  it('limits preference changes per staff member (PREFERENCES_RATE_LIMIT_PER_MINUTE); reading is not limited', async () => {
    const put = (subscribed: boolean, category = 'event_reminder') =>
      h.api(alice).put('/v1/preferences').send({ email: 'limits.guest@example.jp', category, subscribed });
    expect((await put(false)).status).toBe(200);
    expect((await put(true)).status).toBe(200);
    expect((await put(false)).status).toBe(200);
    const limited = await put(false, 'proposal_progress');
    expectRateLimited(limited);
    for (let i = 0; i < 5; i++) {
      const read = await h.api(alice).get('/v1/preferences?email=limits.guest@example.jp');
      expect(read.status).toBe(200);
      expect(read.body.categories.find((c: { category: string }) => c.category === 'proposal_progress').subscribed).toBe(true);
      expect(read.body.categories.find((c: { category: string }) => c.category === 'event_reminder').subscribed).toBe(false);
    }
  });

  it('limits previews with staff data (PREVIEW_RATE_LIMIT_PER_MINUTE); previews with the built-in samples are not limited', async () => {
    const preview = () =>
      h
        .api(bob)
        .post('/v1/templates/account-invitation/preview')
        .send({ data: sampleOf(AccountInvitedV2) });
    expect((await preview()).status).toBe(200);
    expect((await preview()).status).toBe(200);
    expectRateLimited(await preview());
    for (let i = 0; i < 4; i++) {
      expect((await h.api(bob).get('/v1/templates/account-invitation/preview')).status).toBe(200);
    }
  });

  it("a forged token naming a colleague's sub spends none of the colleague's per-staff budget", async () => {
    // Same issuer, audience and key id as the service's authority, but a key the service does not trust.
    const rogue = await TestAuthority.start();
    try {
      const carolId = '0193c0c0-0000-7000-8000-00000000ca01';
      const carol = await h.token('coordinator', carolId);
      const forged = await rogue.token({ roles: ['admin'], sub: carolId });
      const routes = [
        {
          name: 'resend',
          max: 2,
          ok: 409,
          send: (token: string) => h.api(token).post(`/v1/deliveries/${deliveryId}/resend`).set('if-match', '"1"'),
        },
        {
          name: 'preferences',
          max: 3,
          ok: 200,
          send: (token: string) =>
            h.api(token).put('/v1/preferences').send({ email: 'limits.forged@example.jp', category: 'event_reminder', subscribed: false }),
        },
        {
          name: 'preview',
          max: 2,
          ok: 200,
          send: (token: string) =>
            h
              .api(token)
              .post('/v1/templates/account-invitation/preview')
              .send({ data: sampleOf(AccountInvitedV2) }),
        },
      ];
      for (const route of routes) {
        // More forged requests than the whole budget: each one refused as unauthenticated, none as "too many".
        for (let i = 0; i <= route.max; i++) {
          const res = await route.send(forged);
          expect([route.name, i, res.status]).toEqual([route.name, i, 401]);
        }
      }
      const [row] = await h.dataSource.query('SELECT status, version, resends FROM deliveries WHERE id = $1', [deliveryId]);
      expect(row).toEqual({ status: 'queued', version: 1, resends: 0 });
      const prefs = await h.api(alice).get('/v1/preferences?email=limits.forged@example.jp');
      expect(prefs.body.categories.find((c: { category: string }) => c.category === 'event_reminder').subscribed).toBe(true);
      for (const route of routes) {
        // Carol still has her whole budget on each route, and then is limited as anyone.
        for (let i = 0; i < route.max; i++) {
          const res = await route.send(carol);
          expect([route.name, i, res.status]).toEqual([route.name, i, route.ok]);
        }
        expectRateLimited(await route.send(carol));
      }
    } finally {
      await rogue.close();
    }
  });

  it('limits the public unsubscribe link per client address (UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE), GET and POST each', async () => {
    const token = (category: 'event_reminder' | 'proposal_progress') =>
      signUnsubscribe(TEST_UNSUBSCRIBE_SECRET, { recipientKey: 'email:limits.link@example.jp', category });
    expect((await h.api().get(`/v1/unsubscribe?token=${token('event_reminder')}`)).status).toBe(200);
    expect((await h.api().get(`/v1/unsubscribe?token=${token('event_reminder')}`)).status).toBe(200);
    expectRateLimited(await h.api().get(`/v1/unsubscribe?token=${token('event_reminder')}`));
    expect((await h.api().post(`/v1/unsubscribe?token=${token('event_reminder')}`)).status).toBe(200);
    expect((await h.api().post(`/v1/unsubscribe?token=${token('event_reminder')}`)).status).toBe(200);
    expectRateLimited(await h.api().post(`/v1/unsubscribe?token=${token('proposal_progress')}`));
    const prefs = await h.api(alice).get('/v1/preferences?email=limits.link@example.jp');
    const subscribed = Object.fromEntries(
      prefs.body.categories.map((c: { category: string; subscribed: boolean }) => [c.category, c.subscribed]),
    );
    expect([subscribed['event_reminder'], subscribed['proposal_progress']]).toEqual([false, true]);
  });

  it('caps page sizes and offsets on every paged list with a 400 naming the field', async () => {
    const get = (path: string) => h.api(alice).get(path);
    for (const list of ['/v1/deliveries', '/v1/dead-letters']) {
      expect((await get(`${list}?limit=100`)).status).toBe(200);
      for (const [query, field] of [
        ['limit=101', 'limit'],
        ['limit=1000000', 'limit'],
        ['limit=0', 'limit'],
        ['offset=100001', 'offset'],
        ['limit=1e3', 'limit'],
      ] as const) {
        const res = await get(`${list}?${query}`);
        expect([list, query, res.status, res.headers['content-type']]).toEqual([
          list,
          query,
          400,
          expect.stringMatching(/^application\/problem\+json/),
        ]);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    }
    const page = await get('/v1/deliveries');
    expect([page.body.limit, page.body.offset, page.body.total]).toEqual([20, 0, 1]);
  });

  it('refuses a request body over the size limit with 413 problem+json', async () => {
    const huge = { data: { ...sampleOf(AccountInvitedV2), displayName: 'x'.repeat(1_100_000) } };
    const res = await h.api(alice).post('/v1/templates/account-invitation/preview').send(huge);
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
