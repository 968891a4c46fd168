import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetOrganizationV1, OrganizationArchivedV1 } from '@collabo/contracts';
import type { NatsConnection } from '@nats-io/transport-node';
import { SignJWT, base64url } from 'jose';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { RpcClient, NatsNaming, runWithContext, type AppError } from '../src/index.js';
import { securityHeaders } from '../src/http/security-headers.js';
import {
  LogCapture,
  TestAuthority,
  databaseFingerprint,
  fuzzHttpApi,
  readEvents,
  testPrefix,
  TEST_NATS_URL,
  type TestService,
} from '../src/testing/index.js';
import { SAMPLE_STREAM_SUBJECT } from './fixtures/sample-service.js';
import { kitTestBed } from './fixtures/test-bed.js';

describe('a service built with the kit', () => {
  const bed = kitTestBed();
  const { prefix } = bed;
  let auth: TestAuthority;
  let svc: TestService;
  let nc: NatsConnection;
  let admin: string;
  let viewer: string;
  const logs = new LogCapture();

  beforeAll(async () => {
    auth = bed.auth;
    nc = bed.nc;
    svc = await bed.start({
      logDestination: logs,
      env: { LOG_LEVEL: 'info' },
    });
    admin = await auth.token({ roles: ['admin'] });
    viewer = await auth.token({ roles: ['viewer'] });
  });

  describe('authentication and roles', () => {
    it('refuses a request without a token with 401 problem+json', async () => {
      const res = await request(svc.http).get(`/v1/notes/${uuidv7()}`);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 401, code: 'AUTH.UNAUTHENTICATED', type: 'urn:collabo:problem:auth.unauthenticated' });
    });

    it('refuses an expired token, a tampered token, another issuer and alg none', async () => {
      const expired = await auth.token({ expiresIn: -60 });
      const [h, p, s] = admin.split('.');
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p!)));
      const tampered = `${h}.${base64url.encode(JSON.stringify({ ...claims, roles: ['admin', 'coordinator'] }))}.${s}`;
      const otherIssuer = await auth.token({ issuer: 'someone-else' });
      const none = `${base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`;
      const foreignKey = await new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(uuidv7())
        .setIssuer('collabo-registry')
        .setAudience('collabo')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode('a-shared-secret-that-nobody-should-use'));
      const cases: [string, string][] = [
        [expired, 'AUTH.TOKEN_EXPIRED'],
        [tampered, 'AUTH.INVALID_TOKEN'],
        [otherIssuer, 'AUTH.INVALID_TOKEN'],
        [none, 'AUTH.INVALID_TOKEN'],
        [foreignKey, 'AUTH.INVALID_TOKEN'],
      ];
      for (const [token, code] of cases) {
        const res = await request(svc.http).get(`/v1/notes/${uuidv7()}`).set('authorization', `Bearer ${token}`);
        expect([res.status, res.body.code]).toEqual([401, code]);
      }
    });

    it('lets a viewer read but not write (403)', async () => {
      const read = await request(svc.http).get(`/v1/notes/${uuidv7()}`).set('authorization', `Bearer ${viewer}`);
      expect(read.status).toBe(404);
      const write = await request(svc.http).post('/v1/notes').set('authorization', `Bearer ${viewer}`).send({ text: 'x', priority: 1 });
      expect(write.status).toBe(403);
      expect(write.body.code).toBe('AUTH.FORBIDDEN');
    });
  });

  describe('input and errors', () => {
    it('answers bad input with 400 and one error per field, writing nothing', async () => {
      const res = await request(svc.http)
        .post('/v1/notes')
        .set('authorization', `Bearer ${admin}`)
        .send({ text: '', priority: 9, extra: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('COMMON.VALIDATION_FAILED');
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(['extra', 'priority', 'text']);
      const [{ count }] = await svc.app.get((await import('typeorm')).DataSource).query('SELECT count(*)::int AS count FROM notes');
      expect(count).toBe(0);
    });

    it('answers malformed JSON, a wrong content type and an oversized body with 4xx problem+json', async () => {
      const bad = await request(svc.http)
        .post('/v1/notes')
        .set('authorization', `Bearer ${admin}`)
        .set('content-type', 'application/json')
        .send('{"text":');
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/problem\+json/);
      const huge = await request(svc.http)
        .post('/v1/notes')
        .set('authorization', `Bearer ${admin}`)
        .send({ text: 'x'.repeat(2 * 1024 * 1024), priority: 1 });
      expect(huge.status).toBe(413);
      const type = await request(svc.http)
        .post('/v1/notes')
        .set('authorization', `Bearer ${admin}`)
        .set('content-type', 'text/csv')
        .send('a,b');
      expect(type.status).toBe(415);
    });

    it('hides an unexpected failure behind a 500 without internals, with the correlation id', async () => {
      const res = await request(svc.http)
        .post('/v1/notes/boom')
        .set('authorization', `Bearer ${admin}`)
        .set('x-correlation-id', 'corr-boom-1');
      expect(res.status).toBe(500);
      expect(JSON.stringify(res.body)).not.toContain('internal detail');
      expect(res.body.correlationId).toBe('corr-boom-1');
    });

    it('answers a malformed path id with the one 400 of the house: COMMON.VALIDATION_FAILED naming the parameter', async () => {
      for (const [method, path] of [
        ['get', '/v1/notes/not-a-uuid'],
        ['post', '/v1/notes/01a22222-0000-7000-8000-0000000000a/archive'],
        ['get', '/v1/dead-letters/42'],
        ['post', '/v1/dead-letters/x/retry'],
      ] as const) {
        const res = await request(svc.http)[method](path).set('authorization', `Bearer ${admin}`);
        expect([path, res.status]).toEqual([path, 400]);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body).toMatchObject({
          status: 400,
          code: 'COMMON.VALIDATION_FAILED',
          type: 'urn:collabo:problem:common.validation_failed',
          errors: [{ field: 'id', message: 'must be a UUID' }],
        });
      }
      // A well-formed id of any version goes through to the handler (404: no such note).
      const missing = await request(svc.http).get('/v1/notes/6ba7b810-9dad-11d1-80b4-00c04fd430c8').set('authorization', `Bearer ${admin}`);
      expect([missing.status, missing.body.code]).toEqual([404, 'SAMPLE.NOTE_NOT_FOUND']);
      const docs = await request(svc.http).get('/docs-json');
      expect(docs.body.paths['/v1/notes/{id}'].get.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', schema: { type: 'string', format: 'uuid' } })]),
      );
    });

    it('answers an unknown route with 404 problem+json', async () => {
      const res = await request(svc.http).get('/v1/nowhere').set('authorization', `Bearer ${admin}`);
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    });
  });

  describe('correlation id, outbox and If-Match', () => {
    it('echoes the caller’s correlation id and carries it into the published event', async () => {
      const created = await request(svc.http)
        .post('/v1/notes')
        .set('authorization', `Bearer ${admin}`)
        .set('x-correlation-id', 'corr-note-1')
        .send({ text: '昆布', priority: 2 });
      expect(created.status).toBe(201);
      expect(created.headers['x-correlation-id']).toBe('corr-note-1');
      expect(created.body.correlationId).toBe('corr-note-1');
      const id = created.body.id as string;

      const missing = await request(svc.http).post(`/v1/notes/${id}/archive`).set('authorization', `Bearer ${admin}`);
      expect(missing.status).toBe(428);
      const stale = await request(svc.http).post(`/v1/notes/${id}/archive`).set('authorization', `Bearer ${admin}`).set('if-match', '"7"');
      expect(stale.status).toBe(412);
      expect(stale.body.currentEtag).toBe('"1"');

      const archived = await request(svc.http)
        .post(`/v1/notes/${id}/archive`)
        .set('authorization', `Bearer ${admin}`)
        .set('if-match', '"1"')
        .set('x-correlation-id', 'corr-archive-1');
      expect(archived.status).toBe(201);
      const { envelopes } = await readEvents<OrganizationArchivedV1.Data>(nc, prefix, OrganizationArchivedV1.subject, 1);
      expect(envelopes[0]).toMatchObject({
        id: archived.body.eventId,
        type: 'registry.evt.organization.archived',
        version: 1,
        source: 'registry',
        aggregateId: id,
        correlationId: 'corr-archive-1',
        data: { organizationId: id },
      });
      await svc.waitForProcessed((n) => n.messageId === archived.body.eventId);
      const log = await svc.app
        .get((await import('typeorm')).DataSource)
        .query('SELECT * FROM archive_log WHERE event_id = $1', [archived.body.eventId]);
      expect(log).toHaveLength(1);
      expect(log[0].correlation_id).toBe('corr-archive-1');
    });
  });

  describe('RPC over NATS', () => {
    let client: RpcClient;
    beforeAll(async () => {
      client = new RpcClient({ url: TEST_NATS_URL, service: 'kit-test', naming: new NatsNaming(prefix), timeoutMs: 2000 });
      await client.connect();
    });
    afterAll(async () => client.close());

    it('answers a valid request and carries the correlation id in a header', async () => {
      const created = await request(svc.http).post('/v1/notes').set('authorization', `Bearer ${admin}`).send({ text: 'rpc', priority: 1 });
      const answer = await runWithContext({ correlationId: 'corr-rpc-1' }, () =>
        client.request(GetOrganizationV1, { organizationId: created.body.id }),
      );
      expect(answer).toMatchObject({ id: created.body.id, text: 'rpc', correlationId: 'corr-rpc-1' });
    });

    it("answers in Nest's packet format, also for a handler that answers with an observable", async () => {
      const created = await request(svc.http).post('/v1/notes').set('authorization', `Bearer ${admin}`).send({ text: 'wire', priority: 1 });
      const packet = { pattern: GetOrganizationV1.subject, data: { organizationId: created.body.id }, id: 'req-1' };
      const answer = await nc.request(`${prefix}.${GetOrganizationV1.subject}`, JSON.stringify(packet), { timeout: 2000 });
      expect(JSON.parse(answer.string())).toEqual({
        response: { id: created.body.id, text: 'wire', correlationId: expect.any(String) },
        isDisposed: true,
        id: 'req-1',
      });
      // Nest's `send`: each value of the stream is a packet; the last one carries isDisposed.
      const inbox = nc.subscribe(`_INBOX.stream-${prefix}`, { max: 3 });
      nc.publish(`${prefix}.${SAMPLE_STREAM_SUBJECT}`, JSON.stringify({ ...packet, pattern: SAMPLE_STREAM_SUBJECT, id: 'req-2' }), {
        reply: `_INBOX.stream-${prefix}`,
      });
      const replies: unknown[] = [];
      for await (const msg of inbox) replies.push(JSON.parse(msg.string()));
      expect(replies).toEqual([
        { response: { step: 1, id: created.body.id }, id: 'req-2' },
        { response: { step: 2, id: created.body.id }, id: 'req-2' },
        { response: { step: 3, id: created.body.id }, isDisposed: true, id: 'req-2' },
      ]);
    });

    it('maps a domain error to its stable code and status', async () => {
      const err = (await client.request(GetOrganizationV1, { organizationId: uuidv7() }).catch((e) => e)) as AppError;
      expect([err.code, err.status]).toEqual(['SAMPLE.NOTE_NOT_FOUND', 404]);
    });

    it('refuses an invalid payload with a validation error naming the field, and keeps serving', async () => {
      const err = (await client.request(GetOrganizationV1, { organizationId: 'not-a-uuid' }).catch((e) => e)) as AppError;
      expect([err.code, err.status]).toEqual(['COMMON.VALIDATION_FAILED', 400]);
      expect(err.errors.map((e) => e.field)).toEqual(['organizationId']);
      const raw = await nc.request(`${prefix}.${GetOrganizationV1.subject}`, '{not json', { timeout: 2000 });
      expect(JSON.parse(raw.string()).err).toMatchObject({ code: 'COMMON.VALIDATION_FAILED', status: 400 });
      let deep: unknown = 'x';
      for (let i = 0; i < 200; i++) deep = { organizationId: deep };
      const tooDeep = await nc.request(`${prefix}.${GetOrganizationV1.subject}`, JSON.stringify({ pattern: 'p', id: '1', data: deep }), {
        timeout: 2000,
      });
      expect(JSON.parse(tooDeep.string()).err).toMatchObject({ code: 'COMMON.VALIDATION_FAILED', status: 400 });
      const plain = await nc.request(`${prefix}.${GetOrganizationV1.subject}`, JSON.stringify({ organizationId: 42 }), { timeout: 2000 });
      expect(JSON.parse(plain.string()).err).toMatchObject({ code: 'COMMON.VALIDATION_FAILED' });
      const created = await request(svc.http)
        .post('/v1/notes')
        .set('authorization', `Bearer ${admin}`)
        .send({ text: 'still', priority: 1 });
      await expect(client.request(GetOrganizationV1, { organizationId: created.body.id })).resolves.toMatchObject({ text: 'still' });
    });

    it('fails fast on a subject nobody serves, with COMMON.RPC_UNAVAILABLE', async () => {
      const other = new RpcClient({ url: TEST_NATS_URL, service: 'kit-test', naming: new NatsNaming(testPrefix()), timeoutMs: 300 });
      await other.connect();
      const err = (await other.request(GetOrganizationV1, { organizationId: uuidv7() }).catch((e) => e)) as AppError;
      await other.close();
      // NATS answers "no responders" at once (the client sends headers), so this is not a 300 ms timeout.
      expect([err.code, err.status]).toEqual(['COMMON.RPC_UNAVAILABLE', 503]);
    });

    it('times out with COMMON.RPC_TIMEOUT when a responder takes the request and never answers, and serves the next', async () => {
      const silentPrefix = testPrefix();
      const silent = nc.subscribe(`${silentPrefix}.${GetOrganizationV1.subject}`, { callback: () => undefined });
      await nc.flush();
      const other = new RpcClient({ url: TEST_NATS_URL, service: 'kit-test', naming: new NatsNaming(silentPrefix), timeoutMs: 200 });
      await other.connect();
      try {
        const err = (await other.request(GetOrganizationV1, { organizationId: uuidv7() }).catch((e) => e)) as AppError;
        expect([err.code, err.status]).toEqual(['COMMON.RPC_TIMEOUT', 503]);
        // The per-call timeout overrides the client's.
        const quick = (await other.request(GetOrganizationV1, { organizationId: uuidv7() }, { timeoutMs: 50 }).catch((e) => e)) as AppError;
        expect(quick.message).toContain('within 50 ms');
      } finally {
        silent.unsubscribe();
        await other.close();
      }
      // Answers on the shared reply subscription still reach the right caller, also concurrently.
      const notes = await Promise.all(
        ['a', 'b', 'c'].map((text) =>
          request(svc.http).post('/v1/notes').set('authorization', `Bearer ${admin}`).send({ text, priority: 1 }),
        ),
      );
      const answers = await Promise.all(notes.map((n) => client.request(GetOrganizationV1, { organizationId: n.body.id })));
      expect(answers).toEqual(['a', 'b', 'c'].map((text) => expect.objectContaining({ text })));
    });
  });

  describe('operations endpoints', () => {
    it('reports live and ready, serves Prometheus metrics and the OpenAPI document without a token', async () => {
      expect((await request(svc.http).get('/health/live')).status).toBe(200);
      const ready = await request(svc.http).get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body.info).toMatchObject({ database: { status: 'up' }, nats: { status: 'up' } });
      const metrics = await request(svc.http).get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('http_request_duration_seconds');
      expect(metrics.text).toContain('outbox_published_total');
      expect(metrics.text).toMatch(/rpc_handled_seconds_count\{[^}]*subject="registry\.qry\.organization\.get\.v1"[^}]*\} [1-9]/);
      const docs = await request(svc.http).get('/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/v1/notes', '/v1/dead-letters']));
    });

    it('sets security headers and keeps CORS closed by default', async () => {
      const res = await request(svc.http).get('/health/live').set('origin', 'https://evil.example');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it("sets every one of helmet's headers on answers, refusals, validation errors and 404s alike", async () => {
      const { set } = securityHeaders();
      const answers = [
        await request(svc.http).get('/health/live'),
        await request(svc.http).get(`/v1/notes/${uuidv7()}`).set('authorization', `Bearer ${viewer}`),
        await request(svc.http).get('/v1/notes/not-a-uuid').set('authorization', `Bearer ${viewer}`),
        await request(svc.http).get(`/v1/notes/${uuidv7()}`),
        await request(svc.http).post('/v1/notes').set('authorization', `Bearer ${viewer}`).send({ text: 'x', priority: 1 }),
        await request(svc.http).get('/no/such/route'),
      ];
      expect(answers.map((res) => res.status)).toEqual([200, 404, 400, 401, 403, 404]);
      for (const res of answers) {
        expect(res.headers).toMatchObject(set);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });
  });

  describe('hostile input', () => {
    it('never answers 5xx to fuzzed requests on any route, and a 4xx writes nothing', async () => {
      const document = (await request(svc.http).get('/docs-json')).body;
      const report = await fuzzHttpApi({
        http: svc.http,
        document,
        token: admin,
        runs: 20,
        // POST /v1/notes/boom is the fixture's deliberate 500.
        skip: ['POST /v1/notes/boom'],
        fingerprint: databaseFingerprint(svc.app.get((await import('typeorm')).DataSource)),
      });
      expect(report.operations).toBeGreaterThanOrEqual(6);
      expect(Object.keys(report.byStatus).some((s) => s.startsWith('4'))).toBe(true);
    });

    it('keeps tokens and personal data out of the logs', async () => {
      await request(svc.http).post('/v1/notes').set('authorization', `Bearer ${admin}`).send({ text: 'secret-note-text', priority: 1 });
      expect(logs.lines.length).toBeGreaterThan(0);
      expect(logs.leaks([admin, viewer, admin.split('.')[1]!, 'secret-note-text'])).toEqual([]);
    });
  });
});
