import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TestAuthority, type OpenApiDocument } from '@collabo/service-kit/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { eventBody, guest, startHarness, type Harness } from './support/harness.js';

const STAFF_WRITES = 3;
const PUBLIC_WRITES = 2;
const PUBLIC_READS = 4;

describe('limits', () => {
  let h: Harness;
  let document: OpenApiDocument;
  let operations: { method: string; path: string }[];
  let eventId: string;
  let clients = 0;
  /**
   * Another client: requests from another loopback address (127.0.0.2, 127.0.0.3, …), so the service sees
   * another peer address, with its own rate-limit buckets. (A header cannot do that: no proxy is trusted
   * unless TRUST_PROXY says so, so X-Forwarded-For names no client.)
   */
  const otherClient = () => new Agent({ localAddress: `127.0.${Math.floor(clients / 250)}.${(clients++ % 250) + 2}` });
  const admin = (sub = uuidv7()) => h.auth.token({ roles: ['admin'], sub });

  beforeAll(async () => {
    h = await startHarness({
      WRITE_RATE_LIMIT_PER_MINUTE: String(STAFF_WRITES),
      PUBLIC_WRITE_RATE_LIMIT_PER_MINUTE: String(PUBLIC_WRITES),
      PUBLIC_READ_RATE_LIMIT_PER_MINUTE: String(PUBLIC_READS),
    });
    document = (await request(h.svc.http).get('/docs-json')).body;
    operations = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => ({ method: m, path })));
    const created = await request(h.svc.http)
      .post('/v1/events')
      .set('authorization', `Bearer ${await admin()}`)
      .send(eventBody(h));
    expect(created.status).toBe(201);
    eventId = created.body.id;
  });
  afterAll(async () => h?.close());

  const url = (path: string, id: string) => path.replace(/\{year\}/, '2026').replace(/\{\w+\}/g, id);
  const expectRateLimited = (res: request.Response, what: string) => {
    expect([what, res.status, res.body.code]).toEqual([what, 429, 'COMMON.RATE_LIMITED']);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ status: 429, retryAfterSeconds: Number(res.headers['retry-after']) });
  };

  /** Every staff write route of the events service (the kit's dead-letter routes are the kit's). */
  const staffWrites = () =>
    operations.filter((o) => o.method !== 'get' && !o.path.startsWith('/v1/public/') && !o.path.startsWith('/v1/dead-letters'));
  /** A request that changes nothing (an unknown id, an empty body); it counts like any other. */
  const write = ({ method, path }: { method: string; path: string }, bearer: string) =>
    request(h.svc.http)[method as 'post'](url(path, uuidv7())).set('authorization', `Bearer ${bearer}`).send({});

  it('limits every staff write route per staff member (WRITE_RATE_LIMIT_PER_MINUTE), with 429 problem+json and Retry-After', async () => {
    const writes = staffWrites();
    expect(writes.length).toBe(20);
    for (const op of writes) {
      const what = `${op.method.toUpperCase()} ${op.path}`;
      // Fresh staff members per route: the kit's write limit also counts a staff member's writes on all routes together.
      const token = await admin();
      const someoneElse = await admin();
      for (let k = 0; k < STAFF_WRITES; k++) expect([what, (await write(op, token)).status]).not.toEqual([what, 429]);
      expectRateLimited(await write(op, token), what);
      // Another staff member (from the same address) is not held up.
      expect([what, (await write(op, someoneElse)).status]).not.toEqual([what, 429]);
    }
    // Staff reads are not limited.
    const token = await admin();
    for (let k = 0; k < STAFF_WRITES + 3; k++) {
      expect((await request(h.svc.http).get('/v1/events').set('authorization', `Bearer ${token}`)).status).toBe(200);
    }
  });

  it('a new token for the same staff member buys no fresh per-staff write budget', async () => {
    const [op, other] = staffWrites();
    const sub = uuidv7();
    // Each token is another string (another expiry), for the same verified subject.
    let tokens = 0;
    const newToken = () => h.auth.token({ roles: ['admin'], sub, expiresIn: 600 + tokens++ });
    for (let k = 0; k < STAFF_WRITES; k++) expect([k, (await write(op!, await newToken())).status]).not.toEqual([k, 429]);
    expectRateLimited(await write(op!, await newToken()), 'a new token');
    // The staff member's writes on the other routes count too (the kit's write limit, across routes).
    expectRateLimited(await write(other!, await newToken()), 'another route');
  });

  it("a forged token naming a colleague's sub spends none of the colleague's per-staff write budget", async () => {
    // Same issuer, audience and key id as the service's authority, but a key the service does not trust.
    const rogue = await TestAuthority.start();
    try {
      const colleagueId = uuidv7();
      const colleague = await admin(colleagueId);
      const forged = await rogue.token({ roles: ['admin'], sub: colleagueId });
      const [op] = staffWrites();
      const what = `${op!.method.toUpperCase()} ${op!.path}`;
      // More forged requests than the whole budget: each one refused as unauthenticated, none as "too many".
      for (let k = 0; k <= STAFF_WRITES + 1; k++) {
        const res = await write(op!, forged);
        expect([k, res.status, res.body.code]).toEqual([k, 401, 'AUTH.INVALID_TOKEN']);
      }
      // The colleague still has the whole budget, and then is limited as anyone.
      for (let k = 0; k < STAFF_WRITES; k++) expect([what, k, (await write(op!, colleague)).status]).not.toEqual([what, k, 429]);
      expectRateLimited(await write(op!, colleague), what);
    } finally {
      await rogue.close();
    }
  });

  /** Every public route, named, with how many requests a client may send to it a minute. */
  const publicRoutes = () => {
    const ops = operations.filter((o) => o.path.startsWith('/v1/public/'));
    expect(ops.length).toBe(13);
    return ops.map(({ method, path }) => ({
      method,
      path,
      what: `${method.toUpperCase()} ${path}`,
      max: method === 'get' ? PUBLIC_READS : PUBLIC_WRITES,
    }));
  };
  /** A public request (an unknown id, a wrong token) from the client `from`, optionally claiming another address. */
  const sendPublic = ({ method, path }: { method: string; path: string }, from: Agent, claimed?: string) => {
    const target = `${url(path, uuidv7())}?token=${'0'.repeat(26)}`;
    let call = request(h.svc.http)[method as 'get'](target).agent(from);
    if (claimed) call = call.set('x-forwarded-for', claimed);
    return method === 'get' ? call : call.send({});
  };

  it('limits every public route per client address (PUBLIC_WRITE_ and PUBLIC_READ_RATE_LIMIT_PER_MINUTE)', async () => {
    for (const route of publicRoutes()) {
      const client = otherClient();
      for (let k = 0; k < route.max; k++) expect([route.what, (await sendPublic(route, client)).status]).not.toEqual([route.what, 429]);
      expectRateLimited(await sendPublic(route, client), route.what);
      expect([route.what, (await sendPublic(route, otherClient())).status]).not.toEqual([route.what, 429]);
    }
  });

  it('a client-sent X-Forwarded-For does not give a fresh per-address budget on the public routes', async () => {
    for (const route of publicRoutes()) {
      const { what } = route;
      const client = otherClient();
      // Each request claims to come from somewhere else: the service counts them all for the one peer.
      for (let k = 0; k < route.max; k++)
        expect([what, (await sendPublic(route, client, `203.0.113.${k + 1}`)).status]).not.toEqual([what, 429]);
      expectRateLimited(await sendPublic(route, client, '203.0.113.99'), what);
      expectRateLimited(await sendPublic(route, client, '198.51.100.7, 203.0.113.100'), what);
      expectRateLimited(await sendPublic(route, client), what);
      // A client that really is another one still has its own budget.
      expect([what, (await sendPublic(route, otherClient(), '203.0.113.99')).status]).not.toEqual([what, 429]);
    }
  });

  it('caps page sizes at 100 on every paged route (400 naming limit)', async () => {
    const paged = operations.filter(
      (o) =>
        o.method === 'get' &&
        (document.paths[o.path]![o.method] as { parameters?: { name: string }[] }).parameters?.some((p) => p.name === 'limit'),
    );
    expect(paged.map((o) => o.path).sort()).toEqual(
      [
        '/v1/dead-letters',
        '/v1/events',
        '/v1/events/{id}/attendance',
        '/v1/events/{id}/connections',
        '/v1/events/{id}/follow-ups',
        '/v1/events/{id}/proposals',
        '/v1/events/{id}/questionnaire',
        '/v1/events/{id}/registrations',
        '/v1/public/events',
      ].sort(),
    );
    const token = await admin();
    for (const { path } of paged) {
      const get = (limit: string) =>
        request(h.svc.http)
          .get(`${url(path, eventId)}?limit=${limit}`)
          .set('authorization', `Bearer ${token}`)
          .agent(otherClient());
      const over = await get('101');
      expect([path, over.status, over.body.errors?.map((e: { field: string }) => e.field)]).toEqual([path, 400, ['limit']]);
      expect([path, (await get('0')).status]).toEqual([path, 400]);
      const full = await get('100');
      expect([path, full.status, full.body.limit]).toEqual([path, 200, 100]);
    }
  });

  it('refuses a body over HTTP_BODY_LIMIT_BYTES with 413 problem+json, and takes the largest legitimate one', async () => {
    const huge = { ...eventBody(h), description: { ja: 'あ'.repeat(100_000) } }; // about 300 kB
    const staff = await request(h.svc.http)
      .post('/v1/events')
      .set('authorization', `Bearer ${await admin()}`)
      .send(huge);
    expect(staff.status).toBe(413);
    expect(staff.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(staff.body.status).toBe(413);
    const guestBody = { ...guest(), nameKana: 'x'.repeat(300_000) };
    const pub = await request(h.svc.http).post(`/v1/public/events/${eventId}/registrations`).agent(otherClient()).send(guestBody);
    expect([pub.status, pub.body.status]).toEqual([413, 413]);
    // An event with the longest descriptions in both languages (10,000 characters each) fits.
    const largest = {
      ...eventBody(h),
      title: { ja: '北'.repeat(200), en: 'N'.repeat(200) },
      description: { ja: '道'.repeat(10_000), en: '"\\'.repeat(5_000) },
    };
    const fits = await request(h.svc.http)
      .post('/v1/events')
      .set('authorization', `Bearer ${await admin()}`)
      .send(largest);
    expect(fits.status).toBe(201);
    expect(fits.headers['x-content-type-options']).toBe('nosniff');
  });
});
