import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { createLocalJWKSet, jwtVerify, SignJWT } from 'jose';
import { generateSigningJwk, parseSigningKeys, signingKeysOf } from './signing-keys.js';

describe('signing keys', () => {
  it('signs with the first key and publishes only the public halves of all of them', async () => {
    const first = generateSigningJwk('k-new');
    const second = generateSigningJwk('k-old');
    const set = signingKeysOf({ AUTH_SIGNING_KEYS: JSON.stringify([first, second]), NODE_ENV: 'production' });
    expect(set.active.kid).toBe('k-new');
    expect(set.jwks.keys.map((k) => k.kid)).toEqual(['k-new', 'k-old']);
    for (const k of set.jwks.keys) expect(k).not.toHaveProperty('d');
    // a token of the old key still verifies against the published set (rotation without logging anyone out)
    const old = set.keys[1]!;
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: old.alg, kid: old.kid })
      .setSubject('x')
      .setExpirationTime('1m')
      .sign(old.privateKey);
    await expect(jwtVerify(token, createLocalJWKSet(set.jwks))).resolves.toBeDefined();
  });

  it('accepts an RSA key of 2048 bits for RS256 and names a key without kid by its thumbprint', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = privateKey.export({ format: 'jwk' });
    const [key] = parseSigningKeys(JSON.stringify([jwk]));
    expect(key!.alg).toBe('RS256');
    expect(key!.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses what is not a usable private key, with a reason', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const publicOnly = { ...generateSigningJwk(), d: undefined };
    const dup = generateSigningJwk('same');
    expect(() => parseSigningKeys('nope')).toThrow(/not JSON/);
    expect(() => parseSigningKeys('[]')).toThrow(/non-empty/);
    expect(() => parseSigningKeys(JSON.stringify([publicOnly]))).toThrow(/not a private JWK/);
    expect(() => parseSigningKeys(JSON.stringify([privateKey.export({ format: 'jwk' })]))).toThrow(/2048/);
    expect(() => parseSigningKeys(JSON.stringify([dup, generateSigningJwk('same')]))).toThrow(/same kid/);
  });

  it('makes up a key in development, refuses to in production, and keeps one set per environment', () => {
    const dev = { NODE_ENV: 'development' };
    const set = signingKeysOf(dev);
    expect(set.ephemeral).toBe(true);
    expect(signingKeysOf(dev)).toBe(set);
    expect(() => signingKeysOf({ NODE_ENV: 'production' })).toThrow(/required in production/);
  });
});
