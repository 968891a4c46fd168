import 'reflect-metadata';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier.js';

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'EdDSA' };
  const verifier = TokenVerifier.fromKeySet({ keys: [jwk] }, 'collabo-registry', 'collabo');
  const sign = (expiresInSeconds: number) =>
    new SignJWT({ roles: ['viewer'] })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'k1' })
      .setSubject('0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f')
      .setIssuer('collabo-registry')
      .setAudience('collabo')
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + expiresInSeconds)
      .sign(privateKey);
  return { verifier, sign };
}

describe('TokenVerifier', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers a token it verified before from memory, and never past the token’s expiry', async () => {
    const { verifier, sign } = await setup();
    const token = await sign(30);
    await expect(verifier.verify(token)).resolves.toEqual({ personId: '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f', roles: ['viewer'] });
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['viewer'] });
    expect(verifier.remembered(token)).toEqual({ personId: '0190f3c6-7b7a-7c1e-9a6e-1f0b8b2d3e4f', roles: ['viewer'] });
    jest.useFakeTimers({ now: Date.now() + 31_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    expect(verifier.remembered(token)).toBeUndefined();
    await expect(verifier.verify(token)).rejects.toMatchObject({ code: 'AUTH.TOKEN_EXPIRED', status: 401 });
  });

  it('remembers a token for a minute at most, even when it expires later', async () => {
    const { verifier, sign } = await setup();
    const token = await sign(3600);
    expect(verifier.remembered(token)).toBeUndefined();
    await verifier.verify(token);
    jest.useFakeTimers({ now: Date.now() + 59_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    expect(verifier.remembered(token)).toMatchObject({ roles: ['viewer'] });
    jest.setSystemTime(Date.now() + 2_000);
    expect(verifier.remembered(token)).toBeUndefined();
  });

  it('never remembers a token that failed', async () => {
    const { verifier, sign } = await setup();
    const token = await sign(30);
    const tampered = `${token.slice(0, -4)}AAAA`;
    await expect(verifier.verify(tampered)).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(tampered)).rejects.toMatchObject({ status: 401 });
    expect(verifier.remembered(tampered)).toBeUndefined();
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['viewer'] });
  });
});
