import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { EnvConfigError } from '@collabo/service-kit';
import type { JSONWebKeySet, JWK } from 'jose';

export type SigningAlgorithm = 'EdDSA' | 'RS256';

export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
  /** What /.well-known/jwks.json publishes: the public half only. */
  publicJwk: JWK;
}

export interface SigningKeySet {
  /** The key that signs new tokens (the first one configured). */
  active: SigningKey;
  /** Every key whose tokens are accepted, the active one first. */
  keys: SigningKey[];
  jwks: JSONWebKeySet;
  /** True when no key was configured and one was made up at start (development only). */
  ephemeral: boolean;
}

/** RFC 7638 thumbprint of a public JWK, used as its `kid` when the configuration gives none. */
export function jwkThumbprint(jwk: JWK): string {
  const members =
    jwk.kty === 'OKP' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : null;
  if (!members) throw new Error(`unsupported key type ${String(jwk.kty)}`);
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function signingKeyFrom(privateKey: KeyObject, kid?: string): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const exported = publicKey.export({ format: 'jwk' }) as JWK;
  let alg: SigningAlgorithm;
  if (privateKey.asymmetricKeyType === 'ed25519') alg = 'EdDSA';
  else if (privateKey.asymmetricKeyType === 'rsa' && (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048) alg = 'RS256';
  else throw new Error('a signing key must be Ed25519, or RSA of at least 2048 bits');
  const id = kid ?? jwkThumbprint(exported);
  return { kid: id, alg, privateKey, publicJwk: { ...exported, kid: id, alg, use: 'sig' } };
}

/** Parses `AUTH_SIGNING_KEYS`: a JSON array of private JWKs. */
export function parseSigningKeys(json: string): SigningKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new EnvConfigError('invalid environment: AUTH_SIGNING_KEYS is not JSON');
  }
  if (!Array.isArray(parsed) || parsed.length === 0)
    throw new EnvConfigError('invalid environment: AUTH_SIGNING_KEYS must be a non-empty JSON array of private JWKs');
  const keys = parsed.map((jwk: unknown, i) => {
    if (typeof jwk !== 'object' || jwk === null || typeof (jwk as JWK).d !== 'string') {
      throw new EnvConfigError(`invalid environment: AUTH_SIGNING_KEYS[${i}] is not a private JWK`);
    }
    try {
      const { kid, alg: _alg, use: _use, key_ops: _ops, ...material } = jwk as JWK;
      return signingKeyFrom(createPrivateKey({ key: material as never, format: 'jwk' }), typeof kid === 'string' && kid ? kid : undefined);
    } catch (err) {
      throw new EnvConfigError(`invalid environment: AUTH_SIGNING_KEYS[${i}]: ${(err as Error).message}`);
    }
  });
  const kids = new Set(keys.map((k) => k.kid));
  if (kids.size !== keys.length) throw new EnvConfigError('invalid environment: AUTH_SIGNING_KEYS has two keys with the same kid');
  return keys;
}

/** A new Ed25519 key as a private JWK (what AUTH_SIGNING_KEYS holds); `scripts` and tests use it. */
export function generateSigningJwk(kid?: string): JWK {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  return { ...jwk, kid: kid ?? jwkThumbprint(createPublicKey(privateKey).export({ format: 'jwk' }) as JWK), alg: 'EdDSA', use: 'sig' };
}

export function signingKeySetOf(keys: SigningKey[], ephemeral: boolean): SigningKeySet {
  return { active: keys[0]!, keys, jwks: { keys: keys.map((k) => k.publicJwk) }, ephemeral };
}

const cache = new WeakMap<object, SigningKeySet>();

/**
 * The signing keys of one running registry, read once from its environment. Without `AUTH_SIGNING_KEYS`
 * a development process makes up a key (tokens die with the process); production refuses to start.
 */
export function signingKeysOf(env: { AUTH_SIGNING_KEYS?: string; NODE_ENV: string }): SigningKeySet {
  const cached = cache.get(env);
  if (cached) return cached;
  let set: SigningKeySet;
  if (env.AUTH_SIGNING_KEYS) set = signingKeySetOf(parseSigningKeys(env.AUTH_SIGNING_KEYS), false);
  else if (env.NODE_ENV === 'production') throw new EnvConfigError('invalid environment: AUTH_SIGNING_KEYS is required in production');
  else set = signingKeySetOf([signingKeyFrom(generateKeyPairSync('ed25519').privateKey)], true);
  cache.set(env, set);
  return set;
}
