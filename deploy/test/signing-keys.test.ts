/** The rotation steps of scripts/signing-keys.mjs (the kubectl side needs a cluster and is not run here). */
import { describe, expect, it } from '@jest/globals';
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { applyStep, newSigningKey } from '../scripts/signing-keys.mjs';

describe('signing key rotation', () => {
  it('makes Ed25519 private JWKs the registry accepts (kid, alg EdDSA, use sig) that sign and verify', () => {
    const jwk = newSigningKey();
    expect(jwk).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      alg: 'EdDSA',
      use: 'sig',
      kid: expect.stringMatching(/^collabo-\d{14}-[0-9a-f]{1,6}$/),
    });
    const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    const signature = sign(null, Buffer.from('token'), privateKey);
    expect(verify(null, Buffer.from('token'), createPublicKey(privateKey), signature)).toBe(true);
  });

  it('adds a key after the signing one, promotes it to sign, then retires the old one', () => {
    const first = newSigningKey();
    let keys = [first];
    keys = applyStep(keys, 'add');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(first); // still signing with the old key while the new one is published
    const second = keys[1]!;
    keys = applyStep(keys, 'promote', second.kid);
    expect(keys.map((k) => k.kid)).toEqual([second.kid, first.kid]); // the new key signs, the old still verifies
    keys = applyStep(keys, 'retire', first.kid);
    expect(keys.map((k) => k.kid)).toEqual([second.kid]);
  });

  it('refuses steps that would break sign-in or name no key', () => {
    const only = newSigningKey();
    expect(() => applyStep([only], 'retire', only.kid)).toThrow(/signs the tokens/);
    expect(() => applyStep([only], 'promote', 'nope')).toThrow(/no key nope/);
    expect(() => applyStep([], 'add')).toThrow(/holds no key/);
    expect(() => applyStep([only], 'shuffle', only.kid)).toThrow(/unknown step/);
  });
});
