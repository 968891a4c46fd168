import { describe, expect, it } from '@jest/globals';
import { newToken, normalizeToken, sameToken } from './tokens.js';

describe('registration tokens', () => {
  it('are 26 QR-alphanumeric characters and do not repeat', () => {
    const tokens = new Set(Array.from({ length: 2000 }, () => newToken()));
    expect(tokens.size).toBe(2000);
    for (const t of tokens) expect(t).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('normalise what people type and refuse what cannot be a token', () => {
    const token = newToken();
    const typed = `${token.slice(0, 5).toLowerCase()}-${token.slice(5, 13)} ${token.slice(13)}`;
    expect(normalizeToken(typed)).toBe(token);
    expect(normalizeToken('oIL' + token.slice(3))).toBe('011' + token.slice(3));
    expect(normalizeToken('short')).toBeNull();
    expect(normalizeToken(token + 'X')).toBeNull();
    expect(normalizeToken('U'.repeat(26))).toBeNull();
  });

  it('compare what was sent with what is expected', () => {
    const token = newToken();
    expect(sameToken(token, token.toLowerCase())).toBe(true);
    expect(sameToken(token, newToken())).toBe(false);
    expect(sameToken(token, 'nonsense')).toBe(false);
  });
});
