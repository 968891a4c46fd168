import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { consentWithdrawalUrl, signConsentWithdrawal, verifyConsentWithdrawal } from './consent-token.js';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const claim = { personId: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', purpose: 'news' as const };

describe('consent-withdrawal tokens', () => {
  it('verifies what it signed', () => {
    expect(verifyConsentWithdrawal(SECRET, signConsentWithdrawal(SECRET, claim))).toEqual(claim);
  });

  it('refuses another secret, an altered claim or signature, and garbage', () => {
    const token = signConsentWithdrawal(SECRET, claim);
    expect(verifyConsentWithdrawal(`${SECRET}x`, token)).toBeNull();
    const [payload, signature] = token.split('.') as [string, string];
    const other = Buffer.from(`${claim.personId}\ndirectory_listing`).toString('base64url');
    expect(verifyConsentWithdrawal(SECRET, `${other}.${signature}`)).toBeNull();
    expect(verifyConsentWithdrawal(SECRET, `${payload}.${signature.slice(0, -1)}A`)).toBeNull();
    for (const bad of ['', 'x', 'a.b', `${payload}`, `${payload}.${signature}.x`]) expect(verifyConsentWithdrawal(SECRET, bad)).toBeNull();
  });

  it('refuses a genuine signature over a claim that is not a person and purpose', () => {
    const payload = Buffer.from('not-a-uuid\nnews').toString('base64url');
    const forged = signConsentWithdrawal(SECRET, { personId: 'not-a-uuid', purpose: 'news' });
    expect(forged.startsWith(payload)).toBe(true);
    expect(verifyConsentWithdrawal(SECRET, forged)).toBeNull();
  });

  it('appends the token to the page URL', () => {
    expect(consentWithdrawalUrl('https://x.test/v1/consent-withdrawal', 'a.b')).toBe('https://x.test/v1/consent-withdrawal?token=a.b');
    expect(consentWithdrawalUrl('https://x.test/p?lang=ja', 'a.b')).toBe('https://x.test/p?lang=ja&token=a.b');
  });
});
