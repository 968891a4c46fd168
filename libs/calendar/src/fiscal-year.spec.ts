import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, calendarDate, daysBetween, isLeapYear, startOfTokyoDay, tokyoDateOf } from './calendar-date.js';
import {
  fiscalYearEnd,
  fiscalYearLabel,
  fiscalYearOfDate,
  fiscalYearOfInstant,
  fiscalYearRange,
  fiscalYearStart,
  fiscalYearsBetween,
  fiscalYearsFromTo,
  isInFiscalYear,
} from './fiscal-year.js';
import { formatInstant } from './instant.js';

const fiscalYear = fc.integer({ min: 1000, max: 9000 });
const HOUR = 3600_000;

describe('fiscal years (年度)', () => {
  it('runs from 1 April to 31 March and is named by its first year (the registry cases)', () => {
    const fy = fiscalYearRange(2002);
    expect({ fiscalYear: fy.fiscalYear, start: fy.firstDay, end: fy.lastDay }).toEqual({
      fiscalYear: 2002,
      start: '2002-04-01',
      end: '2003-03-31',
    });
    expect(fiscalYearOfDate('2003-03-31')).toBe(2002);
    expect(fiscalYearOfDate('2003-04-01')).toBe(2003);
    expect(fiscalYearOfDate('1998-12-01')).toBe(1998);
  });

  it('refuses what is not a year or a date (the registry cases)', () => {
    expect(() => fiscalYearRange(1998.5)).toThrow(RangeError);
    expect(() => fiscalYearRange(0)).toThrow(RangeError);
    expect(() => fiscalYearRange(9999)).toThrow(RangeError);
    expect(() => fiscalYearOfDate('1998')).toThrow(RangeError);
    expect(() => fiscalYearOfDate('2002/04/01')).toThrow(RangeError);
    expect(() => fiscalYearStart(Number.NaN)).toThrow(RangeError);
  });

  it('names the fiscal year of a calendar date by the year it starts in (the proposals cases)', () => {
    expect(fiscalYearOfDate('2002-04-01')).toBe(2002);
    expect(fiscalYearOfDate('2003-03-31')).toBe(2002);
    expect(fiscalYearOfDate('2003-01-15')).toBe(2002);
    expect(fiscalYearOfDate('2002-12-31')).toBe(2002);
  });

  it('puts 2003-03-31 23:30 JST in FY2002 and 2003-04-01 00:30 JST in FY2003 (the proposals cases)', () => {
    expect(fiscalYearOfInstant(new Date('2003-03-31T23:30:00+09:00'))).toBe(2002);
    expect(fiscalYearOfInstant(new Date('2003-04-01T00:30:00+09:00'))).toBe(2003);
  });

  it('uses the Tokyo day, not the UTC day: 2003-03-31T15:30Z is already 1 April in Tokyo (the proposals cases)', () => {
    expect(fiscalYearOfInstant(new Date('2003-03-31T15:30:00Z'))).toBe(2003);
    expect(fiscalYearOfInstant(new Date('2003-03-31T14:59:59.999Z'))).toBe(2002);
  });

  it('switches on 1 April Tokyo time (the events cases)', () => {
    expect(fiscalYearOfInstant(new Date('2026-03-31T14:59:59Z'))).toBe(2025); // 23:59:59 on 31 March in Tokyo
    expect(fiscalYearOfInstant(new Date('2026-03-31T15:00:00Z'))).toBe(2026); // 00:00 on 1 April in Tokyo
    expect(fiscalYearOfInstant(new Date('2027-01-15T03:00:00Z'))).toBe(2026);
    const { start, end } = fiscalYearRange(2002);
    expect(formatInstant(start)).toBe('2002-04-01T00:00:00.000+09:00');
    expect(formatInstant(end)).toBe('2003-04-01T00:00:00.000+09:00');
  });

  it('bounds a fiscal year from 1 April 00:00 JST (inclusive) to the next 1 April (exclusive) (the proposals cases)', () => {
    expect(fiscalYearStart(2002).toISOString()).toBe('2002-03-31T15:00:00.000Z');
    expect(fiscalYearEnd(2002).toISOString()).toBe('2003-03-31T15:00:00.000Z');
    expect(startOfTokyoDay('2003-04-01').getTime()).toBe(fiscalYearEnd(2002).getTime());
    expect(fiscalYearRange(2002).nextFirstDay).toBe('2003-04-01');
  });

  it('names a fiscal year for people as 2002年度 / FY2002 (the notifications labels)', () => {
    expect(fiscalYearLabel(2026, 'ja')).toBe('2026年度');
    expect(fiscalYearLabel(2026, 'en')).toBe('FY2026');
    expect(fiscalYearLabel(2002, 'en')).toBe('FY2002');
  });

  it('lists fiscal years between two years and two dates', () => {
    expect(fiscalYearsFromTo(2001, 2003)).toEqual([2001, 2002, 2003]);
    expect(fiscalYearsFromTo(2003, 2001)).toEqual([]);
    expect(fiscalYearsBetween('2003-03-31', '2003-04-01')).toEqual([2002, 2003]);
    expect(fiscalYearsBetween('2002-04-01', '2003-03-31')).toEqual([2002]);
    expect(fiscalYearsBetween('2004-01-01', '2003-01-01')).toEqual([]);
  });
});

describe('the 31 March / 1 April boundary, as properties', () => {
  it('maps every instant in [FY start, next FY start) to that fiscal year, and none outside it', () => {
    fc.assert(
      fc.property(fiscalYear, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (fy, at) => {
        const { start, end } = fiscalYearRange(fy);
        const instant = new Date(start.getTime() + Math.floor(at * (end.getTime() - start.getTime())));
        return (
          fiscalYearOfInstant(instant) === fy &&
          isInFiscalYear(instant, fy) &&
          !isInFiscalYear(instant, fy - 1) &&
          !isInFiscalYear(instant, fy + 1)
        );
      }),
    );
  });

  it('puts 23:59:59.999 JST on 31 March in the old year and 00:00 JST on 1 April in the new one', () => {
    fc.assert(
      fc.property(fiscalYear, (fy) => {
        const lastMs = new Date(`${fy + 1}-03-31T23:59:59.999+09:00`);
        const first = new Date(`${fy + 1}-04-01T00:00:00.000+09:00`);
        return (
          fiscalYearOfInstant(lastMs) === fy &&
          fiscalYearOfInstant(first) === fy + 1 &&
          first.getTime() - lastMs.getTime() === 1 &&
          fiscalYearEnd(fy).getTime() === first.getTime() &&
          fiscalYearStart(fy + 1).getTime() === first.getTime()
        );
      }),
    );
  });

  it('reads 15:00Z on 31 March as 1 April 00:00 JST: the UTC date still says March, the fiscal year has turned', () => {
    fc.assert(
      fc.property(fiscalYear, fc.integer({ min: 0, max: 9 * HOUR - 1 }), (fy, ms) => {
        // Between 15:00Z on 31 March and midnight UTC: 31 March in UTC, 1 April in Tokyo.
        const instant = new Date(Date.parse(`${fy + 1}-03-31T15:00:00.000Z`) + ms);
        const justBefore = new Date(Date.parse(`${fy + 1}-03-31T15:00:00.000Z`) - 1 - ms);
        return (
          instant.toISOString().slice(0, 10) === `${fy + 1}-03-31` &&
          tokyoDateOf(instant) === `${fy + 1}-04-01` &&
          fiscalYearOfInstant(instant) === fy + 1 &&
          fiscalYearOfInstant(justBefore) === fy
        );
      }),
    );
  });

  it('agrees on dates and instants: an instant counts in the fiscal year of its Tokyo day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1001-01-01T00:00:00Z'), max: new Date('9000-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        return fiscalYearOfInstant(d) === fiscalYearOfDate(tokyoDateOf(d));
      }),
    );
  });

  it('gives every day from 1 April to 31 March the same fiscal year, and the days either side the neighbours', () => {
    fc.assert(
      fc.property(fiscalYear, fc.integer({ min: 0, max: 365 }), (fy, offset) => {
        const { firstDay, lastDay, nextFirstDay } = fiscalYearRange(fy);
        const length = daysBetween(firstDay, nextFirstDay);
        const day = addDays(firstDay, offset % length);
        return (
          fiscalYearOfDate(day) === fy &&
          fiscalYearOfDate(addDays(firstDay, -1)) === fy - 1 &&
          fiscalYearOfDate(addDays(lastDay, 1)) === fy + 1 &&
          addDays(lastDay, 1) === nextFirstDay
        );
      }),
    );
  });

  it('leaves no gap and no overlap between consecutive fiscal years', () => {
    fc.assert(
      fc.property(fiscalYear, (fy) => {
        const a = fiscalYearRange(fy);
        const b = fiscalYearRange(fy + 1);
        return a.end.getTime() === b.start.getTime() && a.nextFirstDay === b.firstDay;
      }),
    );
  });
});

describe('leap years', () => {
  it('counts 29 February in the fiscal year that started the April before', () => {
    expect(fiscalYearOfDate('2004-02-29')).toBe(2003);
    expect(fiscalYearOfInstant(new Date('2004-02-29T23:59:59.999+09:00'))).toBe(2003);
    expect(fiscalYearOfInstant(new Date('2004-02-29T15:00:00Z'))).toBe(2003); // 1 March 00:00 JST
  });

  it('makes a fiscal year 366 days long exactly when it contains 29 February', () => {
    expect(daysBetween(fiscalYearRange(2003).firstDay, fiscalYearRange(2003).nextFirstDay)).toBe(366);
    expect(daysBetween(fiscalYearRange(2004).firstDay, fiscalYearRange(2004).nextFirstDay)).toBe(365);
    expect(daysBetween(fiscalYearRange(1899).firstDay, fiscalYearRange(1899).nextFirstDay)).toBe(365); // 1900 is no leap year
    expect(daysBetween(fiscalYearRange(1999).firstDay, fiscalYearRange(1999).nextFirstDay)).toBe(366); // 2000 is
    fc.assert(
      fc.property(fiscalYear, (fy) => {
        const { firstDay, nextFirstDay, start, end } = fiscalYearRange(fy);
        const days = daysBetween(firstDay, nextFirstDay);
        const expected = isLeapYear(fy + 1) ? 366 : 365;
        return days === expected && end.getTime() - start.getTime() === expected * 24 * HOUR;
      }),
    );
  });

  it('places 29 February (when it exists) inside the fiscal year it belongs to', () => {
    fc.assert(
      fc.property(
        fiscalYear.filter((fy) => isLeapYear(fy + 1)),
        (fy) => {
          const leapDay = calendarDate(fy + 1, 2, 29);
          const { start, end, firstDay, lastDay } = fiscalYearRange(fy);
          const midnight = startOfTokyoDay(leapDay);
          return (
            fiscalYearOfDate(leapDay) === fy &&
            leapDay > firstDay &&
            leapDay < lastDay &&
            midnight.getTime() > start.getTime() &&
            midnight.getTime() < end.getTime()
          );
        },
      ),
    );
  });
});
