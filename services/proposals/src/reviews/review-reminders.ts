import { addDays, daysBetween, weekdayOf, type CalendarDate } from '@collabo/calendar';

/**
 * When an advisor is reminded of a review, and when a coordinator's weekly digest is due (pure rules; the job
 * claims and publishes them). Tokyo calendar days throughout.
 *
 * - due soon: from `daysBefore` days before the due day until the day before it (an assignment made closer to
 *   its due day is reminded at once); never on or after the due day;
 * - overdue: from the day after the due day;
 * - digest: on the digest weekday, or at the first run after it in the same week (Monday to Sunday), once.
 */
export type ReminderKind = 'due_soon' | 'overdue';

export function reminderDue(dueOn: CalendarDate, today: CalendarDate, daysBefore: number): { kind: ReminderKind; days: number } | null {
  const left = daysBetween(today, dueOn);
  if (left >= 1 && left <= daysBefore) return { kind: 'due_soon', days: left };
  if (left <= -1) return { kind: 'overdue', days: -left };
  return null;
}

/** The Monday of the week `day` is in (weeks run Monday to Sunday). */
export function weekOf(day: CalendarDate): CalendarDate {
  return addDays(day, -((weekdayOf(day) + 6) % 7));
}

/** The week whose digest is due today, or null before the digest weekday of this week. */
export function digestWeek(today: CalendarDate, weekday: number): CalendarDate | null {
  const monday = weekOf(today);
  const digestDay = addDays(monday, (weekday + 6) % 7);
  return today >= digestDay ? monday : null;
}

/** The days before a reminder can be due: the due days the job looks for, from `today`. */
export function dueDayWindow(today: CalendarDate, daysBefore: number): { soonUntil: CalendarDate; overdueBefore: CalendarDate } {
  return { soonUntil: addDays(today, daysBefore), overdueBefore: today };
}
