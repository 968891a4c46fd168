/**
 * @collabo/calendar: Tokyo time, calendar dates, fiscal years (年度) and the one wire format of instants.
 * Pure TypeScript, no dependencies, no clock of its own: pass the `now` a Clock gave.
 */
export {
  TOKYO_OFFSET,
  TOKYO_OFFSET_MS,
  TOKYO_TIME_ZONE,
  WIRE_INSTANT_PATTERN,
  assertValidInstant,
  formatInstant,
  formatInstantOrNull,
  parseInstant,
  tokyoParts,
  wallClockUtc,
  type ParseInstantOptions,
  type TokyoParts,
} from './instant.js';
export {
  addDays,
  addYears,
  atTokyoTime,
  calendarDate,
  dateParts,
  daysBetween,
  daysInMonth,
  isCalendarDate,
  isLeapYear,
  parseCalendarDate,
  startOfTokyoDay,
  todayInTokyo,
  tokyoDateOf,
  weekdayOf,
  yearsBefore,
  type CalendarDate,
  type DateParts,
} from './calendar-date.js';
export {
  FIRST_FISCAL_YEAR,
  LAST_FISCAL_YEAR,
  assertFiscalYear,
  fiscalYearEnd,
  fiscalYearLabel,
  fiscalYearOfDate,
  fiscalYearOfInstant,
  fiscalYearRange,
  fiscalYearStart,
  fiscalYearsBetween,
  fiscalYearsFromTo,
  isInFiscalYear,
  type FiscalYearRange,
} from './fiscal-year.js';
export { dateLabel, dateTimeLabel, dateTimeRangeLabel, timeLabel, type LabelLanguage } from './labels.js';
export {
  buildIcs,
  escapeIcsText,
  foldIcsLine,
  icsProperty,
  icsUtc,
  parseIcs,
  parseIcsUtc,
  unescapeIcsText,
  type IcsComponent,
  type IcsEvent,
  type IcsMailbox,
  type IcsMethod,
  type IcsOptions,
  type IcsProperty,
} from './ics.js';
