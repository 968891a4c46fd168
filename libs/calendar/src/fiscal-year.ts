/**
 * Japanese fiscal years (年度): 1 April to 31 March in Tokyo, named by the year they start in
 * (FY2002 = 2002-04-01 .. 2003-03-31). An instant counts in the fiscal year of its Tokyo calendar day.
 */
import { calendarDate, parseCalendarDate, startOfTokyoDay, type CalendarDate } from './calendar-date.js';
import { tokyoParts } from './instant.js';

/** The fiscal years the module names: 1 to 9998 (the next 1 April must still have four year digits). */
export const FIRST_FISCAL_YEAR = 1;
export const LAST_FISCAL_YEAR = 9998;

/** A fiscal year and its bounds, as days and as instants. */
export interface FiscalYearRange {
  fiscalYear: number;
  /** 1 April, `YYYY-04-01`. */
  firstDay: CalendarDate;
  /** 31 March of the next year (inclusive last day). */
  lastDay: CalendarDate;
  /** 1 April of the next year: the exclusive end as a date (`date >= firstDay && date < nextFirstDay`). */
  nextFirstDay: CalendarDate;
  /** 1 April 00:00 Tokyo (inclusive). */
  start: Date;
  /** The next 1 April 00:00 Tokyo (exclusive): the range is `[start, end)`. */
  end: Date;
}

/** Throws a RangeError unless `fiscalYear` is a whole year from 1 to 9998. */
export function assertFiscalYear(fiscalYear: number): void {
  if (!Number.isInteger(fiscalYear) || fiscalYear < FIRST_FISCAL_YEAR || fiscalYear > LAST_FISCAL_YEAR)
    throw new RangeError(`a fiscal year is a year between ${FIRST_FISCAL_YEAR} and ${LAST_FISCAL_YEAR}: ${fiscalYear}`);
}

const ofYearMonth = (year: number, month: number): number => (month >= 4 ? year : year - 1);

/** The fiscal year of a calendar date `YYYY-MM-DD` (a RangeError when it is not one): `2003-03-31` is 2002. */
export function fiscalYearOfDate(date: CalendarDate): number {
  const { year, month } = parseCalendarDate(date);
  return ofYearMonth(year, month);
}

/** The fiscal year of an instant, by its Tokyo calendar day: 2003-03-31T15:00:00Z (1 April 00:00 JST) is 2003. */
export function fiscalYearOfInstant(instant: Date): number {
  const { year, month } = tokyoParts(instant);
  return ofYearMonth(year, month);
}

/** First instant of a fiscal year: 1 April 00:00 Tokyo. */
export function fiscalYearStart(fiscalYear: number): Date {
  assertFiscalYear(fiscalYear);
  return startOfTokyoDay(calendarDate(fiscalYear, 4, 1));
}

/** First instant after a fiscal year (exclusive end): the next 1 April 00:00 Tokyo. */
export function fiscalYearEnd(fiscalYear: number): Date {
  assertFiscalYear(fiscalYear);
  return startOfTokyoDay(calendarDate(fiscalYear + 1, 4, 1));
}

/** A fiscal year's first and last days, the first day after it, and its half-open `[start, end)` instants. */
export function fiscalYearRange(fiscalYear: number): FiscalYearRange {
  assertFiscalYear(fiscalYear);
  return {
    fiscalYear,
    firstDay: calendarDate(fiscalYear, 4, 1),
    lastDay: calendarDate(fiscalYear + 1, 3, 31),
    nextFirstDay: calendarDate(fiscalYear + 1, 4, 1),
    start: fiscalYearStart(fiscalYear),
    end: fiscalYearEnd(fiscalYear),
  };
}

/** True when an instant is in a fiscal year (`start <= instant < end`). */
export function isInFiscalYear(instant: Date, fiscalYear: number): boolean {
  const { start, end } = fiscalYearRange(fiscalYear);
  return instant.getTime() >= start.getTime() && instant.getTime() < end.getTime();
}

/** The fiscal years from `from` to `to`, both included, in order (empty when `to < from`). */
export function fiscalYearsFromTo(from: number, to: number): number[] {
  assertFiscalYear(from);
  assertFiscalYear(to);
  const out: number[] = [];
  for (let fy = from; fy <= to; fy++) out.push(fy);
  return out;
}

/** The fiscal years a span of calendar dates touches, both ends included: `2003-03-31`..`2003-04-01` is [2002, 2003]. */
export function fiscalYearsBetween(firstDay: CalendarDate, lastDay: CalendarDate): number[] {
  const from = fiscalYearOfDate(firstDay);
  const to = fiscalYearOfDate(lastDay);
  if (to < from) return [];
  const out: number[] = [];
  for (let fy = from; fy <= to; fy++) out.push(fy);
  return out;
}

/** How a fiscal year is named to people: `2002年度` in Japanese, `FY2002` in English. */
export function fiscalYearLabel(fiscalYear: number, language: 'ja' | 'en'): string {
  return language === 'ja' ? `${fiscalYear}年度` : `FY${fiscalYear}`;
}
