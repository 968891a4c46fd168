import { describe, expect, it } from '@jest/globals';
import { corporateNumberCheckDigit, corporateNumberProblem, isValidCorporateNumber } from './corporate-number.js';

describe('corporate number', () => {
  it.each(['7010705000725', '4011001098993', '2120901007402'])('accepts the published example %s', (n) => {
    expect(isValidCorporateNumber(n)).toBe(true);
    expect(corporateNumberCheckDigit(n.slice(1))).toBe(Number(n[0]));
  });

  it('refuses each of the examples with any other first digit', () => {
    for (const n of ['7010705000725', '4011001098993', '2120901007402']) {
      for (let d = 0; d <= 9; d++) {
        if (d === Number(n[0])) continue;
        expect(corporateNumberProblem(`${d}${n.slice(1)}`)).toBe('check-digit');
      }
    }
  });

  it('refuses a swapped pair of neighbouring digits of different weight', () => {
    expect(isValidCorporateNumber('7010705000752')).toBe(false);
  });

  it.each(['', '701070500072', '70107050007250', '70107050007a5', ' 7010705000725', '７０１０７０５０００７２５'])(
    'refuses the format of %j',
    (n) => {
      expect(corporateNumberProblem(n)).toBe('format');
    },
  );

  it('weighs odd positions from the right by 1 and even ones by 2', () => {
    // only n = 1 (rightmost) is 1: sum 1, check 8; only n = 2 is 1: sum 2, check 7
    expect(corporateNumberCheckDigit('000000000001')).toBe(8);
    expect(corporateNumberCheckDigit('000000000010')).toBe(7);
    // a sum divisible by 9 gives 9
    expect(corporateNumberCheckDigit('000000000000')).toBe(9);
  });

  it('refuses a base that is not 12 digits', () => {
    expect(() => corporateNumberCheckDigit('123')).toThrow();
  });
});
