import { addDays } from '@collabo/calendar';
import type { MembershipRole } from '@collabo/contracts';

/** One role period of a membership (`toOn` null: until the membership ends). */
export interface RolePeriod {
  role: MembershipRole;
  fromOn: string;
  toOn: string | null;
}

export interface MembershipDates {
  role: MembershipRole;
  joinedOn: string;
  leftOn: string | null;
}

export interface PeriodError {
  field: string;
  message: string;
}

export type PeriodsOutcome = { ok: true; periods: RolePeriod[] } | { ok: false; errors: PeriodError[] };

/**
 * The periods of a membership as stored, or (a membership without any, e.g. written by SQL before periods existed)
 * one period of its role from the day the person joined to the day they left.
 */
export function periodsOf(stored: RolePeriod[], membership: MembershipDates): RolePeriod[] {
  if (stored.length) return [...stored].sort((a, b) => (a.fromOn < b.fromOn ? -1 : a.fromOn > b.fromOn ? 1 : 0));
  return [{ role: membership.role, fromOn: membership.joinedOn, toOn: membership.leftOn }];
}

/**
 * A role change from a day on: the current (last) period ends the day before `from`, and a period of the new role
 * starts on `from` and lasts as long as the membership. The change must start after the current period started,
 * and not after the person left; the new role must differ from the current one.
 */
export function changeRole(
  periods: RolePeriod[],
  membership: MembershipDates,
  change: { role: MembershipRole; from: string },
): PeriodsOutcome {
  const current = periods[periods.length - 1]!;
  const errors: PeriodError[] = [];
  if (change.role === current.role) errors.push({ field: 'role', message: `is already the current role (${current.role})` });
  if (change.from <= current.fromOn)
    errors.push({ field: 'from', message: `must be after the current role's first day (${current.fromOn})` });
  else if (membership.leftOn !== null && change.from > membership.leftOn)
    errors.push({ field: 'from', message: `cannot be after the day the person left (${membership.leftOn})` });
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    periods: [
      ...periods.slice(0, -1),
      { ...current, toOn: addDays(change.from, -1) },
      { role: change.role, fromOn: change.from, toOn: membership.leftOn },
    ],
  };
}

/**
 * The periods after a PATCH of the membership: a new joined day moves the first period's start, a new left day
 * (or none) the last period's end, and a role corrects the current (last) period's role (a correction, not a
 * change: a change that keeps history is `changeRole`). A joined day on or after the second period's start,
 * or a left day before the last period's start, is refused.
 */
export function adjustPeriods(periods: RolePeriod[], next: MembershipDates): PeriodsOutcome {
  const adjusted = periods.map((p) => ({ ...p }));
  const first = adjusted[0]!;
  const last = adjusted[adjusted.length - 1]!;
  const errors: PeriodError[] = [];
  first.fromOn = next.joinedOn;
  if (adjusted.length > 1 && next.joinedOn >= adjusted[1]!.fromOn)
    errors.push({ field: 'joinedOn', message: `must be before the role change of ${adjusted[1]!.fromOn}` });
  last.toOn = next.leftOn;
  if (adjusted.length > 1 && next.leftOn !== null && next.leftOn < last.fromOn)
    errors.push({ field: 'leftOn', message: `cannot be before the role change of ${last.fromOn}` });
  last.role = next.role;
  return errors.length ? { ok: false, errors } : { ok: true, periods: adjusted };
}
