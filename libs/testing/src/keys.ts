import { generateKeyPairSync } from 'node:crypto';

/**
 * A registry signing key set (AUTH_SIGNING_KEYS: a JSON array of private JWKs) with one fresh Ed25519 key,
 * its `kid` starting with `kidPrefix`.
 */
export async function generateSigningKeys(kidPrefix = 'dev'): Promise<string> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return JSON.stringify([{ ...jwk, kid: `${kidPrefix}-${Date.now()}`, alg: 'EdDSA', use: 'sig' }]);
}
