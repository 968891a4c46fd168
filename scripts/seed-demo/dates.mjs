// Calendar arithmetic on `YYYY-MM-DD` strings (no time zone involved) and Tokyo wall-clock helpers.

export function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Fiscal year (年度, from 1 April) of a `YYYY-MM-DD...` Tokyo date or time. */
export function fiscalYearOf(wallClock) {
  const year = Number(wallClock.slice(0, 4));
  const month = Number(wallClock.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

export const fiscalYearStart = (fy) => `${fy}-04-01`;
export const fiscalYearEnd = (fy) => `${fy + 1}-03-31`;

/** Today's date in Tokyo (`YYYY-MM-DD`) for an instant. */
export function tokyoDate(instant = new Date()) {
  return new Date(instant.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** An ISO instant with the Tokyo offset for a Tokyo date and `HH:MM`: `2026-06-01T18:30:00+09:00`. */
export function tokyoTime(date, hhmm) {
  return `${date}T${hhmm}:00+09:00`;
}

/** An instant formatted in Tokyo time with its offset (to the second). */
export function toTokyoIso(instant) {
  return `${new Date(instant.getTime() + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
}
