/**
 * The month calendar of the events screen: a grid of weeks (Sunday first, as Japanese wall calendars), the month's
 * range as instants in Tokyo for the events service's `from`/`to`, and the events of each Tokyo day.
 */
import { addDays, calendarDate, daysInMonth, startOfTokyoDay, tokyoDateOf, weekdayOf, type CalendarDate } from '@collabo/calendar';

export interface MonthCell {
  date: CalendarDate;
  day: number;
  inMonth: boolean;
}

/** `YYYY-MM` as [year, month], or undefined when it is not one. */
export function parseMonth(value: string | null | undefined): [number, number] | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? [year, month] : undefined;
}

export const monthKey = (year: number, month: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** The month `delta` months after `year`-`month` (negative: before). */
export function shiftMonth(year: number, month: number, delta: number): [number, number] {
  const index = year * 12 + (month - 1) + delta;
  return [Math.floor(index / 12), (index % 12) + 1];
}

/** Whole weeks (Sunday to Saturday) covering the month; days of the neighbouring months are marked `inMonth: false`. */
export function monthGrid(year: number, month: number): MonthCell[][] {
  const first = calendarDate(year, month, 1);
  const last = calendarDate(year, month, daysInMonth(year, month));
  let day = addDays(first, -weekdayOf(first));
  const end = addDays(last, 6 - weekdayOf(last));
  const weeks: MonthCell[][] = [];
  while (day <= end) {
    const week: MonthCell[] = [];
    for (let i = 0; i < 7; i++) {
      week.push({ date: day, day: Number(day.slice(8)), inMonth: day >= first && day <= last });
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/** The month as the events service's filter: starting at or after midnight of the 1st in Tokyo, before the next 1st. */
export function monthRange(year: number, month: number): { from: string; to: string } {
  const [ny, nm] = shiftMonth(year, month, 1);
  return { from: startOfTokyoDay(calendarDate(year, month, 1)).toISOString(), to: startOfTokyoDay(calendarDate(ny, nm, 1)).toISOString() };
}

/** Events grouped by the Tokyo day they start on. */
export function byTokyoDay<T extends { startsAt: string }>(events: readonly T[]): Map<CalendarDate, T[]> {
  const days = new Map<CalendarDate, T[]>();
  for (const e of events) {
    const instant = new Date(e.startsAt);
    if (Number.isNaN(instant.getTime())) continue;
    const day = tokyoDateOf(instant);
    days.set(day, [...(days.get(day) ?? []), e]);
  }
  for (const list of days.values()) list.sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return days;
}
