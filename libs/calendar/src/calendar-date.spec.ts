import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  addYears,
  atTokyoTime,
  calendarDate,
  daysBetween,
  isCalendarDate,
  isLeapYear,
  parseCalendarDate,
  startOfTokyoDay,
  todayInTokyo,
  tokyoDateOf,
  weekdayOf,
  yearsBefore,
} from './calendar-date.js';
import { formatInstant } from './instant.js';

const anyDay = fc
  .date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9990-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const leapYear = fc
  .integer({ min: 250, max: 2000 })
  .map((n) => n * 4)
  .filter(isLeapYear);

describe('the Tokyo calendar day of an instant', () => {
  it('uses the Tokyo day, not the UTC day (the proposals and events cases)', () => {
    expect(tokyoDateOf(new Date('2003-03-31T15:30:00Z'))).toBe('2003-04-01');
    expect(tokyoDateOf(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
    expect(tokyoDateOf(new Date('2026-03-31T14:59:59.999Z'))).toBe('2026-03-31');
  });

  it('gives today from the now it is handed, not from the system clock', () => {
    expect(todayInTokyo(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
    expect(todayInTokyo(new Date('2026-12-31T14:59:59.999Z'))).toBe('2026-12-31');
  });

  it('is the day that starts at or before the instant and ends after it', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-02T00:00:00Z'), max: new Date('9990-01-01T00:00:00Z'), noInvalidDate: true }), (d) => {
        const day = tokyoDateOf(d);
        return startOfTokyoDay(day).getTime() <= d.getTime() && d.getTime() < startOfTokyoDay(addDays(day, 1)).getTime();
      }),
    );
  });
});

describe('midnight in Tokyo', () => {
  it('is 15:00Z on the day before (the proposals and events cases)', () => {
    expect(startOfTokyoDay('2003-04-01').toISOString()).toBe('2003-03-31T15:00:00.000Z');
    expect(formatInstant(startOfTokyoDay('2002-04-01'))).toBe('2002-04-01T00:00:00.000+09:00');
  });

  it('refuses what is not a calendar date', () => {
    expect(() => startOfTokyoDay('2003-02-29')).toThrow(RangeError);
    expect(() => startOfTokyoDay('2003/04/01')).toThrow(RangeError);
  });

  it('round-trips every day: the Tokyo day of its midnight is the day', () => {
    fc.assert(fc.property(anyDay, (day) => tokyoDateOf(startOfTokyoDay(day)) === day));
  });
});

describe('calendar dates', () => {
  it('checks calendar dates (the proposals cases)', () => {
    expect(isCalendarDate('2004-02-29')).toBe(true);
    expect(isCalendarDate('2003-02-29')).toBe(false);
    expect(isCalendarDate('2003-13-01')).toBe(false);
    expect(isCalendarDate('2003-04-31')).toBe(false);
    expect(isCalendarDate('2003-4-1')).toBe(false);
    expect(isCalendarDate('2003-04-01T00:00')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2000-02-29')).toBe(true);
  });

  it('agrees with Date on which days exist', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const date = new Date(`${text}T00:00:00Z`);
        const exists = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
        return isCalendarDate(text) === exists;
      }),
    );
  });

  it('counts years back, 29 February falling back to 28 February (the proposals cases)', () => {
    expect(yearsBefore('2026-11-28', 3)).toBe('2023-11-28');
    expect(yearsBefore('2024-02-29', 1)).toBe('2023-02-28');
    expect(yearsBefore('2024-02-29', 4)).toBe('2020-02-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
    expect(addYears('2023-03-01', 1)).toBe('2024-03-01');
  });

  it('keeps 29 February when the year moved to is a leap year, and falls back to 28 otherwise', () => {
    fc.assert(
      fc.property(leapYear, fc.integer({ min: -400, max: 400 }), (year, years) => {
        const from = calendarDate(year, 2, 29);
        const to = addYears(from, years);
        return to === calendarDate(year + years, 2, isLeapYear(year + years) ? 29 : 28);
      }),
    );
  });

  it('adds days across month ends, year ends and 29 February', () => {
    expect(addDays('2004-02-28', 1)).toBe('2004-02-29');
    expect(addDays('2003-02-28', 1)).toBe('2003-03-01');
    expect(addDays('2003-03-31', 1)).toBe('2003-04-01');
    expect(addDays('2003-04-01', -1)).toBe('2003-03-31');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2004-02-28', '2004-03-01')).toBe(2);
    expect(daysBetween('2003-02-28', '2003-03-01')).toBe(1);
    expect(daysBetween('2004-04-01', '2005-04-01')).toBe(365);
    expect(daysBetween('2003-04-01', '2004-04-01')).toBe(366);
  });

  it('adds and counts days consistently: daysBetween(d, addDays(d, n)) is n', () => {
    fc.assert(fc.property(anyDay, fc.integer({ min: -3000, max: 3000 }), (day, n) => daysBetween(day, addDays(day, n)) === n));
  });

  it('knows the weekday', () => {
    expect(weekdayOf('2026-12-03')).toBe(4); // Thursday
    expect(weekdayOf('2026-11-20')).toBe(5); // Friday
    expect(weekdayOf('0050-04-01')).toBe(new Date('0050-04-01T00:00:00Z').getUTCDay());
  });

  it('refuses a date that does not exist', () => {
    expect(() => parseCalendarDate('2003-02-29')).toThrow(RangeError);
    expect(() => calendarDate(2003, 2, 29)).toThrow(RangeError);
    expect(() => calendarDate(10000, 1, 1)).toThrow(RangeError);
  });
});

describe('a Tokyo time on a day', () => {
  /** The events reminder rule, as the events service will write it with this module. */
  const reminderDueAt = (startsAt: Date, hourJst: number) => atTokyoTime(addDays(tokyoDateOf(startsAt), -1), hourJst);

  it('makes the reminder due the Tokyo day before, at the given hour (the events cases)', () => {
    // Starts 1 December 08:00 Tokyo: reminder 30 November 09:00 Tokyo.
    expect(formatInstant(reminderDueAt(new Date('2026-11-30T23:00:00Z'), 9))).toBe('2026-11-30T09:00:00.000+09:00');
    // Starts 1 April 00:30 Tokyo (still 31 March in UTC): reminder 31 March 09:00 Tokyo.
    expect(formatInstant(reminderDueAt(new Date('2026-03-31T15:30:00Z'), 9))).toBe('2026-03-31T09:00:00.000+09:00');
    // Starts 1 March (a leap year): reminder 29 February.
    expect(formatInstant(reminderDueAt(new Date('2028-03-01T09:00:00+09:00'), 9))).toBe('2028-02-29T09:00:00.000+09:00');
  });

  it('refuses a time that is not a time of day', () => {
    expect(() => atTokyoTime('2026-11-30', 24)).toThrow(RangeError);
    expect(() => atTokyoTime('2026-11-30', 9.5)).toThrow(RangeError);
    expect(() => atTokyoTime('2026-11-30', 9, 60)).toThrow(RangeError);
    expect(atTokyoTime('2026-11-30', 23, 59, 59).toISOString()).toBe('2026-11-30T14:59:59.000Z');
  });
});
