import { describe, expect, it } from '@jest/globals';
import { fiscalYearOf, fiscalYearRange } from './fiscal-year.js';

describe('fiscal year', () => {
  it('runs from 1 April to 31 March and is named by its first year', () => {
    expect(fiscalYearRange(2002)).toEqual({ fiscalYear: 2002, start: '2002-04-01', end: '2003-03-31' });
    expect(fiscalYearOf('2003-03-31')).toBe(2002);
    expect(fiscalYearOf('2003-04-01')).toBe(2003);
    expect(fiscalYearOf('1998-12-01')).toBe(1998);
  });

  it('refuses what is not a year or a date', () => {
    expect(() => fiscalYearRange(1998.5)).toThrow(RangeError);
    expect(() => fiscalYearRange(0)).toThrow(RangeError);
    expect(() => fiscalYearOf('1998')).toThrow();
  });
});
