import { describe, expect, it } from '@jest/globals';
import {
  fiscalYearEnd,
  fiscalYearOfDate,
  fiscalYearOfInstant,
  fiscalYearStart,
  formatTokyo,
  isCalendarDate,
  startOfTokyoDay,
  tokyoDate,
  yearsBefore,
} from './fiscal-year.js';

describe('fiscal years in Asia/Tokyo', () => {
  it('puts 2003-03-31 23:30 JST in FY2002 and 2003-04-01 00:30 JST in FY2003', () => {
    expect(fiscalYearOfInstant(new Date('2003-03-31T23:30:00+09:00'))).toBe(2002);
    expect(fiscalYearOfInstant(new Date('2003-04-01T00:30:00+09:00'))).toBe(2003);
  });

  it('uses the Tokyo day, not the UTC day: 2003-03-31T15:30Z is already 1 April in Tokyo', () => {
    expect(fiscalYearOfInstant(new Date('2003-03-31T15:30:00Z'))).toBe(2003);
    expect(fiscalYearOfInstant(new Date('2003-03-31T14:59:59.999Z'))).toBe(2002);
    expect(tokyoDate(new Date('2003-03-31T15:30:00Z'))).toBe('2003-04-01');
  });

  it('names the fiscal year of a calendar date by the year it starts in', () => {
    expect(fiscalYearOfDate('2002-04-01')).toBe(2002);
    expect(fiscalYearOfDate('2003-03-31')).toBe(2002);
    expect(fiscalYearOfDate('2003-01-15')).toBe(2002);
    expect(fiscalYearOfDate('2002-12-31')).toBe(2002);
    expect(() => fiscalYearOfDate('2002/04/01')).toThrow();
  });

  it('bounds a fiscal year from 1 April 00:00 JST (inclusive) to the next 1 April (exclusive)', () => {
    expect(fiscalYearStart(2002).toISOString()).toBe('2002-03-31T15:00:00.000Z');
    expect(fiscalYearEnd(2002).toISOString()).toBe('2003-03-31T15:00:00.000Z');
    expect(startOfTokyoDay('2003-04-01').getTime()).toBe(fiscalYearEnd(2002).getTime());
  });

  it('writes instants in Tokyo time with the +09:00 offset', () => {
    expect(formatTokyo(new Date('2003-03-31T14:30:00Z'))).toBe('2003-03-31T23:30:00.000+09:00');
  });

  it('checks calendar dates and counts years back', () => {
    expect(isCalendarDate('2004-02-29')).toBe(true);
    expect(isCalendarDate('2003-02-29')).toBe(false);
    expect(isCalendarDate('2003-13-01')).toBe(false);
    expect(yearsBefore('2026-11-28', 3)).toBe('2023-11-28');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
  });
});
