import { createHmac, timingSafeEqual } from 'node:crypto';
import { isConsentPurpose, type ConsentPurpose } from './consent-purposes.js';

/**
 * The signed part of a consent-withdrawal link (the design of notifications' unsubscribe links): who (person id)
 * and what (purpose), with an HMAC-SHA256 over both under CONSENT_LINK_SECRET. No expiry: a link in an old email
 * must keep working. Format: `base64url(personId + "\n" + purpose) + "." + base64url(hmac)`.
 */
export interface ConsentWithdrawalClaim {
  personId: string;
  purpose: ConsentPurpose;
}

const PURPOSE = 'collabo.registry.consent-withdrawal.v1';
export const CONSENT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,200}\.[A-Za-z0-9_-]{43}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${payload}`).digest();
}

export function signConsentWithdrawal(secret: string, claim: ConsentWithdrawalClaim): string {
  const payload = Buffer.from(`${claim.personId}\n${claim.purpose}`, 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claim of a genuine token, or null for anything forged, altered or malformed. */
export function verifyConsentWithdrawal(secret: string, token: string): ConsentWithdrawalClaim | null {
  if (!CONSENT_TOKEN_PATTERN.test(token)) return null;
  const [payload, signature] = token.split('.') as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [personId, purpose, ...rest] = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
  if (rest.length || !personId || !UUID.test(personId) || !purpose || !isConsentPurpose(purpose)) return null;
  return { personId, purpose };
}

export function consentWithdrawalUrl(pageUrl: string, token: string): string {
  return `${pageUrl}${pageUrl.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}
