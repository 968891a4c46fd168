/**
 * Time in the events service: instants are stored as `timestamptz`, shown and grouped in Asia/Tokyo.
 * Japan keeps no daylight saving time, so Tokyo is always UTC+09:00 and needs no time-zone database.
 */
export const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2026-12-01T18:30:00+09:00`: an instant as Tokyo wall-clock time. */
export function toTokyoIso(instant: Date): string {
  const t = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  return (
    `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+09:00`
  );
}

/** The Tokyo calendar day of an instant, `YYYY-MM-DD`. */
export function tokyoDateOf(instant: Date): string {
  return toTokyoIso(instant).slice(0, 10);
}

/** Midnight (Tokyo) at the start of a `YYYY-MM-DD` day. */
export function tokyoMidnight(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) - TOKYO_OFFSET_MS);
}

/** The fiscal year (年度) of an instant: it starts on 1 April (Tokyo) and is named by its starting year. */
export function fiscalYearOf(instant: Date): number {
  const t = new Date(instant.getTime() + TOKYO_OFFSET_MS);
  const year = t.getUTCFullYear();
  return t.getUTCMonth() < 3 ? year - 1 : year;
}

/** `[from, to)` of a fiscal year: 1 April 00:00 Tokyo to the next 1 April 00:00 Tokyo. */
export function fiscalYearRange(fiscalYear: number): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(fiscalYear, 3, 1) - TOKYO_OFFSET_MS),
    to: new Date(Date.UTC(fiscalYear + 1, 3, 1) - TOKYO_OFFSET_MS),
  };
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 date-time. With an offset (`Z`, `+09:00`) it is that instant; without one it is
 * read as Tokyo wall-clock time (`2026-12-01T18:30` = 18:30 in Sapporo). Returns null when malformed
 * or when the fields are out of range (`2026-02-30T10:00`).
 */
export function parseInstant(value: string): Date | null {
  const m = INSTANT.exec(value.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, mss, zone] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  const h = Number(hs);
  const mi = Number(mis);
  const s = ss ? Number(ss) : 0;
  const ms = mss ? Number(mss.padEnd(3, '0')) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
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
 * When the reminder of an event is due: the Tokyo calendar day before it starts, at `hourJst` o'clock.
 * An event starting at 08:00 with a 09:00 reminder hour still gets its reminder the day before.
 */
export function reminderDueAt(startsAt: Date, hourJst: number): Date {
  const dayBefore = new Date(tokyoMidnight(tokyoDateOf(startsAt)).getTime() - DAY_MS);
  return new Date(dayBefore.getTime() + hourJst * 60 * 60 * 1000);
}
