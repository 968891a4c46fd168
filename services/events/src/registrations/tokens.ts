import { randomBytes, timingSafeEqual } from 'node:crypto';

/** Crockford's base-32 alphabet: upper-case letters and digits (no I, L, O, U), compact in a QR code's alphanumeric mode. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random token of 26 base-32 characters (130 bits, 128 of them random). */
export function newToken(): string {
  const bytes = randomBytes(17);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * What staff type or a scanner reads, normalised: upper case, without spaces or hyphens, and with the
 * letters people confuse with digits (O, I, L) read as Crockford does. Null when it cannot be a token.
 */
export function normalizeToken(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(cleaned) ? cleaned : null;
}

/** Whether a token someone sent is the expected one (normalised first; compared in constant time). */
export function sameToken(expected: string, given: string): boolean {
  const normalized = normalizeToken(given);
  if (!normalized || normalized.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(normalized));
}
