import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { TokenVerifier, type BaseEnv } from '../src/index.js';
import type { TestService } from '../src/testing/index.js';
import { edgeService, edgeTestBed } from './fixtures/edge-service.js';

/**
 * The registry's JWKS goes away and comes back (a real HTTP server stopped and restarted on the same
 * address). No cooldown between fetches here, so the test needs no clock: the kit's default waits 30 s
 * after a successful fetch before an unknown kid may trigger another (a 401 meanwhile), and 5 s after a
 * failed one (a 503 meanwhile).
 */
const definition = edgeService({
  tokenVerifier: (env: BaseEnv) =>
    TokenVerifier.fromJwksUrl(env.AUTH_JWKS_URL, env.AUTH_ISSUER, env.AUTH_AUDIENCE, { cooldownMs: 0, retryAfterFailureMs: 0 }),
});

describe('token verification while the registry’s JWKS is unreachable', () => {
  const bed = edgeTestBed(definition);
  const start = () => bed.start();

  const me = (svc: TestService, token: string) => request(svc.http).get('/v1/edge/me').set('authorization', `Bearer ${token}`);

  it('keeps verifying with the keys it has, answers 503 (not 401, not 500) for an unknown kid, and takes the new key once the JWKS is back', async () => {
    const svc = await start();
    expect((await me(svc, await bed.auth.token({ roles: ['viewer'] }))).status).toBe(200);

    await bed.auth.addKey('next-key');
    await bed.auth.stop();

    // A token the service never saw, signed by the key it already has: still verified.
    const known = await me(svc, await bed.auth.token({ roles: ['viewer'] }));
    expect(known.status).toBe(200);

    // A key the registry added meanwhile: the service cannot know whether the token is good.
    const unknown = await me(svc, await bed.auth.token({ roles: ['viewer'], kid: 'next-key' }));
    expect(unknown.status).toBe(503);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ status: 503, code: 'AUTH.KEYS_UNAVAILABLE' });
    expect(Number(unknown.headers['retry-after'])).toBeGreaterThan(0);

    await bed.auth.restart();
    const rotated = await me(svc, await bed.auth.token({ roles: ['viewer'], kid: 'next-key' }));
    expect(rotated.status).toBe(200);
    // And a kid the registry does not publish is a bad token again, now that the JWKS answers.
    await bed.auth.addKey('never-published', { publish: false });
    const forged = await me(svc, await bed.auth.token({ roles: ['viewer'], kid: 'never-published' }));
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ code: 'AUTH.INVALID_TOKEN' });
  });

  it('a replica that has never reached the JWKS answers 503 problem+json, not 500, and verifies once it is back', async () => {
    await bed.auth.stop();
    const svc = await start();
    const token = await bed.auth.token({ roles: ['viewer'] });
    const res = await me(svc, token);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'AUTH.KEYS_UNAVAILABLE' });
    await bed.auth.restart();
    expect((await me(svc, token)).status).toBe(200);
  });
});
