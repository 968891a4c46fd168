import { describe, expect, it } from '@jest/globals';
import { digestWeek, reminderDue, weekOf } from './review-reminders.js';

describe('review reminder rules', () => {
  it('reminds from N days before the due day until the day before, then from the day after', () => {
    const due = '2026-12-10';
    const at = (today: string) => reminderDue(due, today, 3);
    expect([at('2026-12-06'), at('2026-12-07'), at('2026-12-09'), at('2026-12-10'), at('2026-12-11'), at('2027-01-10')]).toEqual([
      null,
      { kind: 'due_soon', days: 3 },
      { kind: 'due_soon', days: 1 },
      null,
      { kind: 'overdue', days: 1 },
      { kind: 'overdue', days: 31 },
    ]);
  });

  it('counts weeks from Monday and sends the digest on its weekday or later that week', () => {
    expect([weekOf('2026-11-30'), weekOf('2026-12-06'), weekOf('2026-12-07')]).toEqual(['2026-11-30', '2026-11-30', '2026-12-07']);
    // Wednesdays (3): not on Monday or Tuesday, from Wednesday to Sunday.
    expect(['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-06'].map((d) => digestWeek(d, 3))).toEqual([
      null,
      null,
      '2026-11-30',
      '2026-11-30',
    ]);
    // Sundays (0) are the last day of the week.
    expect([digestWeek('2026-12-05', 0), digestWeek('2026-12-06', 0)]).toEqual([null, '2026-11-30']);
  });
});
