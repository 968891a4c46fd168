/**
 * Time as the foundation counts it: instants are shown and grouped in Asia/Tokyo (UTC+9 all year, no
 * daylight saving time), and the fiscal year (年度) runs from 1 April to 31 March, named by the year it
 * starts in: FY2002 = 2002-04-01 .. 2003-03-31.
 */
const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface TokyoParts {
  year: number;
  month: number;
  day: number;
}

/** The calendar day in Tokyo on which an instant falls. */
export function tokyoParts(instant: Date): TokyoParts {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** `YYYY-MM-DD` of the Tokyo calendar day of an instant. */
export function tokyoDate(instant: Date): string {
  const { year, month, day } = tokyoParts(instant);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** An instant written in Tokyo time with its offset, e.g. `2003-03-31T23:30:00.000+09:00`. */
export function formatTokyo(instant: Date): string {
  const shifted = new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString();
  return `${shifted.slice(0, -1)}+09:00`;
}

/** The fiscal year of a Tokyo calendar date (`YYYY-MM-DD`). */
export function fiscalYearOfDate(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new Error(`not a calendar date: ${isoDate}`);
  const year = Number(m[1]);
  return Number(m[2]) >= 4 ? year : year - 1;
}

/** The fiscal year an instant counts in (by its Tokyo calendar day). */
export function fiscalYearOfInstant(instant: Date): number {
  const { year, month } = tokyoParts(instant);
  return month >= 4 ? year : year - 1;
}

/** Midnight in Tokyo at the start of a calendar date. */
export function startOfTokyoDay(isoDate: string): Date {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new Error(`not a calendar date: ${isoDate}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - TOKYO_OFFSET_MS);
}

/** First instant of a fiscal year: 1 April, 00:00 in Tokyo. */
export function fiscalYearStart(fiscalYear: number): Date {
  return startOfTokyoDay(`${String(fiscalYear).padStart(4, '0')}-04-01`);
}

/** First instant after a fiscal year (exclusive end): the next 1 April, 00:00 in Tokyo. */
export function fiscalYearEnd(fiscalYear: number): Date {
  return fiscalYearStart(fiscalYear + 1);
}

/** First calendar date of a fiscal year and the first one after it, as `YYYY-MM-DD`. */
export function fiscalYearDates(fiscalYear: number): { first: string; next: string } {
  return { first: `${fiscalYear}-04-01`, next: `${fiscalYear + 1}-04-01` };
}

/** True when `isoDate` is a real calendar date (`2003-02-30` is not). */
export function isCalendarDate(isoDate: string): boolean {
  const m = ISO_DATE.exec(isoDate);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** The calendar date `years` years before `isoDate` (29 February falls back to 28 February). */
export function yearsBefore(isoDate: string, years: number): string {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new Error(`not a calendar date: ${isoDate}`);
  const year = Number(m[1]) - years;
  let day = m[3]!;
  if (m[2] === '02' && day === '29' && !isCalendarDate(`${year}-02-29`)) day = '28';
  return `${String(year).padStart(4, '0')}-${m[2]}-${day}`;
}
