import { isCalendarDate, parseInstant, type CalendarDate } from '@collabo/calendar';
import type { Language, LocalizedText } from '@collabo/contracts';

/*
 * How emails show money and text. Dates and times are @collabo/calendar's labels (always Tokyo time):
 * `dateLabel`, `timeLabel`, `dateTimeLabel`, `dateTimeRangeLabel`, `fiscalYearLabel`; this file only reads the
 * event's strings into what those take.
 */

/** A value an email cannot show (a date-time the calendar cannot read, such as an ISO 8601 week date). */
export class UnreadableValueError extends Error {
  constructor(readonly value: string) {
    super(`not a date: ${value}`);
    this.name = 'UnreadableValueError';
  }
}

/** An event's ISO 8601 date-time as an instant (without an offset: Tokyo time), or UnreadableValueError. */
export function instantOf(value: string): Date {
  const instant = parseInstant(value);
  if (!instant) throw new UnreadableValueError(value);
  return instant;
}

/** A bare `YYYY-MM-DD` is a calendar day, as it is; anything else is an instant (shown as its Tokyo day). */
export function dayOrInstantOf(value: string): CalendarDate | Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isCalendarDate(value)) throw new UnreadableValueError(value);
    return value;
  }
  return instantOf(value);
}

/** Yen are integers: `3,000円` / `¥3,000`. */
export function formatYen(amount: number, language: Language): string {
  const digits = Math.trunc(amount).toLocaleString('en-US');
  return language === 'ja' ? `${digits}円` : `¥${digits}`;
}

/** A participation fee: zero is free. */
export function formatFee(amount: number, language: Language): string {
  if (amount === 0) return language === 'ja' ? '無料' : 'free';
  return formatYen(amount, language);
}

/** English when asked for and present, otherwise the Japanese text. */
export function localized(text: LocalizedText | null | undefined, language: Language): string {
  if (!text) return '';
  return language === 'en' && text.en ? text.en : text.ja;
}

/** Labels of codes (event kinds, focus fields, roles) in both languages. */
export type Labels = Record<string, Record<Language, string>>;

/** The label of a code in the language; the code itself when it has none. */
export function labelOf(labels: Labels, code: string, language: Language): string {
  return labels[code]?.[language] ?? code;
}

/** The labels of several codes as one list (`食・バイオ`, `food, bio`). */
export function labelList(labels: Labels, codes: readonly string[], language: Language): string {
  return codes.map((code) => labelOf(labels, code, language)).join(language === 'ja' ? '・' : ', ');
}
