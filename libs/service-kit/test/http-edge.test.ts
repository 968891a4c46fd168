import 'reflect-metadata';
import { beforeAll, describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { BaseEnv, EnvConfigError, loadEnv, trustProxySetting, WriteRateLimitGuard, type AppError } from '../src/index.js';
import type { TestService } from '../src/testing/index.js';
import { edgeTestBed } from './fixtures/edge-service.js';

/** A token that names `sub` and looks right but is signed by a key the registry never had. */
async function forgedToken(sub: string): Promise<string> {
  const { privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ roles: ['admin'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'test-key' })
    .setSubject(sub)
    .setIssuer('collabo-registry')
    .setAudience('collabo')
    .setIssuedAt(now - 5)
    .setExpirationTime(now + 600)
    .sign(privateKey);
}

describe('the HTTP edge of a service built with the kit', () => {
  const bed = edgeTestBed();
  const start = (env: Record<string, string>) => bed.start(env);

  describe('TRUST_PROXY', () => {
    let direct: TestService;
    let behindIngress: TestService;

    beforeAll(async () => {
      direct = await start({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
      behindIngress = await start({ WRITE_RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1' });
    });

    it('by default a client’s X-Forwarded-For does not change request.ip', async () => {
      const res = await request(direct.http).get('/v1/edge/whoami').set('x-forwarded-for', '203.0.113.7');
      expect(res.status).toBe(200);
      expect(res.body.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    });

    it('by default a client cannot pick or dodge a per-address rate-limit bucket with X-Forwarded-For', async () => {
      const statuses: number[] = [];
      for (let i = 1; i <= 4; i++) {
        const res = await request(direct.http).post('/v1/edge/public-ping').set('x-forwarded-for', `198.51.100.${i}`);
        statuses.push(res.status);
      }
      // Four "different clients" are one: the peer address. The fourth write is over the limit of 3.
      expect(statuses).toEqual([200, 200, 200, 429]);
    });

    it('with TRUST_PROXY=127.0.0.1 (the ingress hop) the forwarded client address is request.ip and keys the limit', async () => {
      const who = await request(behindIngress.http).get('/v1/edge/whoami').set('x-forwarded-for', '203.0.113.7');
      expect(who.body.ip).toBe('203.0.113.7');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await request(behindIngress.http).post('/v1/edge/public-ping').set('x-forwarded-for', '203.0.113.7')).status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      // Another client behind the same ingress has a budget of its own.
      const other = await request(behindIngress.http).post('/v1/edge/public-ping').set('x-forwarded-for', '203.0.113.8');
      expect(other.status).toBe(200);
      expect(other.body.ip).toBe('203.0.113.8');
    });

    it('accepts a hop count or addresses/CIDRs, and refuses anything else at start', () => {
      const load = (value: string) => loadEnv(BaseEnv, 'events', { TRUST_PROXY: value });
      expect(trustProxySetting(load(''))).toBe(false);
      expect(trustProxySetting(load('0'))).toBe(false);
      expect(trustProxySetting(load('1'))).toBe(1);
      expect(trustProxySetting(load('10.0.0.0/8, 127.0.0.1,::1'))).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
      for (const bad of ['true', '*', '10.0.0.0/33', '999.1.1.1', 'ingress.local', 'abc', '10.0.0.1/8/2']) {
        expect(() => load(bad)).toThrow(EnvConfigError);
      }
    });
  });

  describe('per-staff limits count the verified subject', () => {
    let svc: TestService;

    beforeAll(async () => {
      svc = await start({ WRITE_RATE_LIMIT_PER_MINUTE: '3' });
    });

    it('a forged token naming a colleague’s sub gets 401 and spends none of the colleague’s write budget', async () => {
      const victim = uuidv7();
      const forged = await forgedToken(victim);
      for (let i = 0; i < 5; i++) {
        const res = await request(svc.http).post('/v1/edge/ping').set('authorization', `Bearer ${forged}`);
        expect(res.status).toBe(401);
      }
      const token = await bed.auth.token({ sub: victim, roles: ['coordinator'] });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await request(svc.http).post('/v1/edge/ping').set('authorization', `Bearer ${token}`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
    });

    it('a route’s own per-staff limit (@StaffRateLimit) counts after the guard: a forged token naming a colleague spends nothing', async () => {
      const victim = uuidv7();
      const forged = await forgedToken(victim);
      for (let i = 0; i < 3; i++) {
        expect((await request(svc.http).get('/v1/edge/report').set('authorization', `Bearer ${forged}`)).status).toBe(401);
      }
      const token = await bed.auth.token({ sub: victim, roles: ['viewer'] });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await request(svc.http).get('/v1/edge/report').set('authorization', `Bearer ${token}`)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await request(svc.http).get('/v1/edge/report').set('authorization', `Bearer ${token}`);
      expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(limited.body).toMatchObject({ status: 429, code: 'COMMON.RATE_LIMITED' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // Someone else has a budget of their own.
      const colleague = await bed.auth.token({ roles: ['viewer'] });
      expect((await request(svc.http).get('/v1/edge/report').set('authorization', `Bearer ${colleague}`)).status).toBe(200);
    });

    it('the write limit fails closed if it ever runs before the auth guard: no verified actor, 401, nothing counted', async () => {
      const env = loadEnv(BaseEnv, 'events', { WRITE_RATE_LIMIT_PER_MINUTE: '1' });
      const guard = new WriteRateLimitGuard(svc.app.get(HttpAdapterHost), new Reflector(), env);
      guard.onModuleInit();
      const victim = uuidv7();
      // What a request looks like to the limit when AuthGuard has not verified it: a token is there, unverified.
      const unverified = {
        method: 'POST',
        ip: '127.0.0.1',
        headers: { authorization: `Bearer ${await forgedToken(victim)}` },
        routeOptions: { url: '/v1/edge/ping', config: {} },
        actor: { personId: victim, roles: ['admin'] },
      };
      class Handler {
        ping(): void {}
      }
      const context = {
        getType: () => 'http',
        getHandler: () => Handler.prototype.ping,
        getClass: () => Handler,
        switchToHttp: () => ({ getRequest: () => unverified }),
      } as unknown as ExecutionContext;
      for (let i = 0; i < 3; i++) {
        let refused: AppError | undefined;
        try {
          await guard.canActivate(context);
        } catch (err) {
          refused = err as AppError;
        }
        expect(refused).toMatchObject({ status: 401 });
      }
    });
  });

  describe('MANAGEMENT_PORT', () => {
    let single: TestService;
    let split: TestService;

    beforeAll(async () => {
      single = await start({});
      split = await start({ MANAGEMENT_PORT: '9464' });
    });

    it('unset: metrics, API documents and health all answer on PORT (as before)', async () => {
      expect(single.managementServer).toBeUndefined();
      for (const path of ['/metrics', '/docs-json', '/docs', '/health/live', '/health/ready']) {
        expect({ path, status: (await request(single.http).get(path)).status }).toEqual({ path, status: 200 });
      }
    });

    it('set: the public port does not serve metrics or the API documents (404 problem+json), health stays', async () => {
      for (const path of ['/metrics', '/metrics/', '/%6detrics', '/docs', '/docs/', '/docs-json', '/docs-yaml', '/docs-json?x=1']) {
        const res = await request(split.http).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 404 });
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.text).not.toContain('http_request_duration_seconds');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
      }
      expect((await request(split.http).get('/health/live')).status).toBe(200);
      expect((await request(split.http).get('/health/ready')).status).toBe(200);
      expect((await request(split.http).get('/v1/edge/whoami')).status).toBe(200);
    });

    it('set: the management port serves metrics, the API documents and health, and not the API', async () => {
      const management = split.managementServer!;
      const metrics = await request(management).get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('http_request_duration_seconds');
      const docs = await request(management).get('/docs-json');
      expect(docs.status).toBe(200);
      expect(Object.keys(docs.body.paths)).toContain('/v1/edge/ping');
      expect((await request(management).get('/docs')).status).toBe(200);
      expect((await request(management).get('/health/ready')).status).toBe(200);
      const api = await request(management).get('/v1/edge/whoami');
      expect(api.status).toBe(404);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    });

    it('refuses a MANAGEMENT_PORT equal to PORT', () => {
      expect(() => loadEnv(BaseEnv, 'events', { PORT: '3003', MANAGEMENT_PORT: '3003' })).toThrow(/MANAGEMENT_PORT/);
    });
  });
});
