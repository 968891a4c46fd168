/**
 * Calendar dates: a day in Tokyo written `YYYY-MM-DD` (as Postgres `date` columns and the APIs carry them).
 * Such strings compare correctly as text (`'2003-03-31' < '2003-04-01'`).
 */
import { TOKYO_OFFSET_MS, tokyoParts, wallClockUtc } from './instant.js';

/** A calendar date `YYYY-MM-DD` (Tokyo). A plain string, named for the reader. */
export type CalendarDate = string;

export interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Days in a month of a (proleptic Gregorian) year; `month` is 1–12. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The parts of a `YYYY-MM-DD` that exists, or null (`2003-02-29`, `2003-13-01`, `2003-4-1` are not dates). */
export function dateParts(value: string): DateParts | null {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** True when `value` is a real calendar date written `YYYY-MM-DD` (`2004-02-29` is, `2003-02-29` is not). */
export function isCalendarDate(value: string): value is CalendarDate {
  return dateParts(value) !== null;
}

/** The parts of a calendar date; throws a RangeError when it is not one. */
export function parseCalendarDate(value: string): DateParts {
  const parts = dateParts(value);
  if (!parts) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${value}`);
  return parts;
}

/** `YYYY-MM-DD` of a year, month (1–12) and day; throws a RangeError when that day does not exist or the year has not 4 digits. */
export function calendarDate(year: number, month: number, day: number): CalendarDate {
  if (!Number.isInteger(year) || year < 0 || year > 9999) throw new RangeError(`a calendar year has four digits: ${year}`);
  const value = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  parseCalendarDate(value);
  return value;
}

/** The Tokyo calendar day on which an instant falls: 2003-03-31T15:30Z is `2003-04-01`. */
export function tokyoDateOf(instant: Date): CalendarDate {
  const { year, month, day } = tokyoParts(instant);
  return calendarDate(year, month, day);
}

/** Today in Tokyo, for the `now` a clock gave (never read the system time here). */
export function todayInTokyo(now: Date): CalendarDate {
  return tokyoDateOf(now);
}

/** Midnight in Tokyo at the start of a calendar date (`2003-04-01` is 2003-03-31T15:00:00.000Z). */
export function startOfTokyoDay(date: CalendarDate): Date {
  const { year, month, day } = parseCalendarDate(date);
  return new Date(wallClockUtc(year, month, day) - TOKYO_OFFSET_MS);
}

/**
 * The instant of a Tokyo wall-clock time on a calendar date: `atTokyoTime('2026-11-30', 9)` is 09:00 JST.
 * Hours 0–23, minutes and seconds 0–59 (a RangeError otherwise).
 */
export function atTokyoTime(date: CalendarDate, hour: number, minute = 0, second = 0): Date {
  const ok = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;
  if (!ok(hour, 23) || !ok(minute, 59) || !ok(second, 59)) throw new RangeError(`not a time of day: ${hour}:${minute}:${second}`);
  return new Date(startOfTokyoDay(date).getTime() + ((hour * 60 + minute) * 60 + second) * 1000);
}

/** The calendar date `days` days after `date` (negative: before). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  if (!Number.isInteger(days)) throw new RangeError(`a whole number of days: ${days}`);
  const { year, month, day } = parseCalendarDate(date);
  const t = new Date(wallClockUtc(year, month, day) + days * DAY_MS);
  return calendarDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** Whole days from `from` to `to` (negative when `to` is earlier): `daysBetween('2004-02-28', '2004-03-01')` is 2. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(to);
  return Math.round((wallClockUtc(b.year, b.month, b.day) - wallClockUtc(a.year, a.month, a.day)) / DAY_MS);
}

/** The same day `years` years later (negative: earlier); 29 February falls back to 28 February in a common year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  if (!Number.isInteger(years)) throw new RangeError(`a whole number of years: ${years}`);
  const { year, month, day } = parseCalendarDate(date);
  const target = year + years;
  return calendarDate(target, month, Math.min(day, daysInMonth(target, month)));
}

/** The calendar date `years` years before `date` (29 February falls back to 28 February). */
export function yearsBefore(date: CalendarDate, years: number): CalendarDate {
  return addYears(date, -years);
}

/** The weekday of a calendar date: 0 (Sunday) to 6 (Saturday). */
export function weekdayOf(date: CalendarDate): number {
  const { year, month, day } = parseCalendarDate(date);
  return new Date(wallClockUtc(year, month, day)).getUTCDay();
}
