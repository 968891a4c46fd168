import { describe, expect, it } from '@jest/globals';
import { BUREAU_CODES, isHokkaidoMunicipalityCode, referenceNumber } from './codes.js';

describe('codes', () => {
  it('accepts Hokkaido municipality codes with a correct check digit', () => {
    for (const code of ['011002', '012025', '012033', '012041']) expect(isHokkaidoMunicipalityCode(code)).toBe(true);
  });

  it('refuses a wrong check digit, another prefecture and malformed codes', () => {
    expect(isHokkaidoMunicipalityCode('011003')).toBe(false);
    expect(isHokkaidoMunicipalityCode('131016')).toBe(false); // Chiyoda, Tokyo: valid, but not Hokkaido
    expect(isHokkaidoMunicipalityCode('01100')).toBe(false);
    expect(isHokkaidoMunicipalityCode('01100a')).toBe(false);
  });

  it('knows the 14 bureaus', () => {
    expect(BUREAU_CODES).toHaveLength(14);
    expect(BUREAU_CODES).toContain('ishikari');
  });

  it('numbers proposals within their fiscal year', () => {
    expect(referenceNumber(2002, 42)).toBe('P2002-0042');
    expect(referenceNumber(2026, 12345)).toBe('P2026-12345');
  });
});
