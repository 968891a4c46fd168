import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { isHokkaidoCode, isValidMunicipalityCode, municipalityCheckDigit } from './municipality-code.js';

describe('local government code', () => {
  it('computes the check digit of Sapporo, Hakodate and Otaru', () => {
    expect(municipalityCheckDigit('01100')).toBe(2);
    expect(isValidMunicipalityCode('011002')).toBe(true);
    expect(isValidMunicipalityCode('012025')).toBe(true);
    expect(isValidMunicipalityCode('012033')).toBe(true);
    expect(isHokkaidoCode('011002')).toBe(true);
    expect(isHokkaidoCode('131016')).toBe(false);
  });

  it('maps a remainder of 0 or 1 to a check digit of 1 or 0 (mod 10)', () => {
    // s mod 11 == 0 -> 11 mod 10 = 1; s mod 11 == 1 -> 10 mod 10 = 0
    expect(municipalityCheckDigit('00000')).toBe(1);
    expect(municipalityCheckDigit('00006')).toBe(0); // s = 12, 12 mod 11 = 1
  });

  it('refuses a wrong check digit and wrong formats', () => {
    expect(isValidMunicipalityCode('011003')).toBe(false);
    expect(isValidMunicipalityCode('01100')).toBe(false);
    expect(isValidMunicipalityCode('0110021')).toBe(false);
    expect(isValidMunicipalityCode('01100a')).toBe(false);
  });

  it('holds for every one of the 179 municipalities in the reference data', () => {
    const lines = readFileSync(new URL('../../data/hokkaido-municipalities.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(lines).toHaveLength(179);
    for (const line of lines) expect(isValidMunicipalityCode(line.split(',')[0]!)).toBe(true);
  });
});
