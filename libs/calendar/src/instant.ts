/**
 * Instants in Tokyo time. Japan keeps no daylight saving time, so Asia/Tokyo is UTC+09:00 all year and needs
 * no time-zone database: every conversion here is plain arithmetic on the offset.
 */

/** The IANA name of the platform's time zone (for `Intl` and for documentation). */
export const TOKYO_TIME_ZONE = 'Asia/Tokyo';
/** Asia/Tokyo's offset from UTC, in milliseconds (constant: no daylight saving time). */
export const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
/** The offset as the wire format writes it. */
export const TOKYO_OFFSET = '+09:00';

/**
 * The ONE wire format of instants on the platform (HTTP bodies, problem details, NATS payloads):
 * Tokyo wall-clock time with milliseconds and the `+09:00` offset, e.g. `2003-03-31T23:30:00.000+09:00`.
 * Fixed width, lossless (a Date's milliseconds survive a round trip), and it sorts as text.
 */
export const WIRE_INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+09:00$/;

/** The Tokyo wall clock of an instant. `month` is 1–12; `weekday` is 0 (Sunday) to 6 (Saturday). */
export interface TokyoParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
}

/** A Date that holds a time (not `new Date('nonsense')`); the message names what was wrong. */
export function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant (Invalid Date)');
}

/** The Tokyo wall clock (calendar day, time of day and weekday) of an instant. */
export function tokyoParts(instant: Date): TokyoParts {
  assertValidInstant(instant);
  const t = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    second: t.getUTCSeconds(),
    millisecond: t.getUTCMilliseconds(),
    weekday: t.getUTCDay(),
  };
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * An instant in the platform's wire format: `2003-03-31T23:30:00.000+09:00`.
 * Throws a RangeError for an Invalid Date and for an instant whose Tokyo year is outside 0000–9999 (the
 * format has four year digits; services accept far narrower ranges on the way in).
 */
export function formatInstant(instant: Date): string {
  const p = tokyoParts(instant);
  if (p.year < 0 || p.year > 9999) throw new RangeError(`instant outside the years 0000-9999 in Tokyo: ${instant.toISOString()}`);
  return (
    `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}` +
    `T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}.${pad(p.millisecond, 3)}${TOKYO_OFFSET}`
  );
}

/** `formatInstant` for a value that may be missing: null stays null. */
export function formatInstantOrNull(instant: Date | null | undefined): string | null {
  return instant ? formatInstant(instant) : null;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export interface ParseInstantOptions {
  /**
   * `optional` (default): a date-time without an offset is Tokyo wall-clock time (`2026-12-01T18:30` is
   * 18:30 in Sapporo). `required`: a date-time without `Z` or `±HH:MM` is refused (null).
   */
  offset?: 'optional' | 'required';
}

/**
 * Reads an ISO 8601 date-time: `YYYY-MM-DDTHH:MM`, optional `:SS`, optional fraction (digits after the
 * third are dropped: JavaScript keeps milliseconds), optional offset `Z`, `±HH:MM` or `±HHMM`. With an
 * offset it is that instant; without one it is Tokyo time (unless `offset: 'required'`). Leading and
 * trailing white space is ignored. Returns null when malformed or out of range (`2026-02-30T10:00`,
 * hour 24, minute or second 60, an offset beyond ±14:00). Reads every output of `formatInstant` back to
 * the same instant.
 */
export function parseInstant(value: string, options: ParseInstantOptions = {}): Date | null {
  if (typeof value !== 'string') return null;
  const m = INSTANT.exec(value.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, mss, zone] = m;
  if (!zone && options.offset === 'required') return null;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = ss ? Number(ss) : 0;
  const ms = mss ? Number(mss.padEnd(3, '0')) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const wall = wallClockUtc(y, mo, d, h, mi, s, ms);
  const check = new Date(wall);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  let offsetMs = TOKYO_OFFSET_MS;
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const hours = Number(zm[2]);
    const minutes = Number(zm[3]);
    if (hours > 14 || minutes > 59) return null;
    offsetMs = (zm[1] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60 * 1000;
  }
  return new Date(wall - offsetMs);
}

/**
 * `Date.UTC` for a wall clock, without its trap: `Date.UTC` reads years 0–99 as 1900–1999.
 * Month is 1–12; out-of-range fields roll over as in `Date.UTC`.
 */
export function wallClockUtc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}
