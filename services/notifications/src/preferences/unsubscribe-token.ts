import { createHmac, timingSafeEqual } from 'node:crypto';
import { isCategory, type Category } from '../rules/categories.js';

/**
 * The signed part of an unsubscribe link: who (recipient key) and what (category), with an
 * HMAC-SHA256 over both. No expiry: an unsubscribe link in an old email must keep working.
 * Format: `base64url(recipientKey + "\n" + category) + "." + base64url(hmac)`.
 */
export interface UnsubscribeClaim {
  recipientKey: string;
  category: Category;
}

const PURPOSE = 'collabo.notifications.unsubscribe.v1';
export const UNSUBSCRIBE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,700}\.[A-Za-z0-9_-]{43}$/;

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(`${PURPOSE}\n${payload}`).digest();
}

export function signUnsubscribe(secret: string, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(`${claim.recipientKey}\n${claim.category}`, 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claim of a genuine token, or null for anything forged, altered or malformed. */
export function verifyUnsubscribe(secret: string, token: string): UnsubscribeClaim | null {
  if (!UNSUBSCRIBE_TOKEN_PATTERN.test(token)) return null;
  const [payload, signature] = token.split('.') as [string, string];
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [recipientKey, category, ...rest] = Buffer.from(payload, 'base64url').toString('utf8').split('\n');
  if (rest.length || !recipientKey || !category || !isCategory(category)) return null;
  if (!/^(person:[0-9a-f-]{36}|email:\S+@\S+)$/.test(recipientKey)) return null;
  return { recipientKey, category };
}

export function unsubscribeUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/unsubscribe?token=${encodeURIComponent(token)}`;
}
