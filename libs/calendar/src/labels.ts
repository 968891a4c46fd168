/**
 * How people read dates and times (emails, reports): always Tokyo time, in Japanese or English.
 * Computed from the offset, not with Intl, so the output does not depend on the ICU data Node was built with
 * (the tests check it against Intl's Asia/Tokyo all the same).
 */
import { parseCalendarDate, tokyoDateOf, weekdayOf, type CalendarDate } from './calendar-date.js';
import { tokyoParts } from './instant.js';

export type LabelLanguage = 'ja' | 'en';

const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const pad = (n: number): string => String(n).padStart(2, '0');

/** A calendar date as it is, an instant as its Tokyo calendar day. */
function dayOf(value: Date | CalendarDate): CalendarDate {
  return value instanceof Date ? tokyoDateOf(value) : value;
}

/** `2026年12月3日（木）` / `Thursday 3 December 2026`: a calendar date, or the Tokyo day of an instant. */
export function dateLabel(value: Date | CalendarDate, language: LabelLanguage): string {
  const date = dayOf(value);
  const { year, month, day } = parseCalendarDate(date);
  const weekday = weekdayOf(date);
  return language === 'ja'
    ? `${year}年${month}月${day}日（${WEEKDAYS_JA[weekday]}）`
    : `${WEEKDAYS_EN[weekday]} ${day} ${MONTHS_EN[month - 1]} ${year}`;
}

/** `18:30`: the Tokyo time of day of an instant (24-hour clock, the same in both languages). */
export function timeLabel(instant: Date): string {
  const { hour, minute } = tokyoParts(instant);
  return `${pad(hour)}:${pad(minute)}`;
}

/** `2026年12月3日（木）18:30` / `Thursday 3 December 2026, 18:30 (JST)`. */
export function dateTimeLabel(instant: Date, language: LabelLanguage): string {
  return language === 'ja'
    ? `${dateLabel(instant, 'ja')}${timeLabel(instant)}`
    : `${dateLabel(instant, 'en')}, ${timeLabel(instant)} (JST)`;
}

/**
 * A span of time such as an event's: on one Tokyo day `2026年12月3日（木）18:00〜20:30` /
 * `Thursday 3 December 2026, 18:00–20:30 (JST)`; across days both dates.
 */
export function dateTimeRangeLabel(start: Date, end: Date, language: LabelLanguage): string {
  const sameDay = tokyoDateOf(start) === tokyoDateOf(end);
  if (language === 'ja') {
    return sameDay
      ? `${dateLabel(start, 'ja')}${timeLabel(start)}〜${timeLabel(end)}`
      : `${dateTimeLabel(start, 'ja')}〜${dateTimeLabel(end, 'ja')}`;
  }
  return sameDay
    ? `${dateLabel(start, 'en')}, ${timeLabel(start)}–${timeLabel(end)} (JST)`
    : `${dateLabel(start, 'en')}, ${timeLabel(start)} – ${dateLabel(end, 'en')}, ${timeLabel(end)} (JST)`;
}
