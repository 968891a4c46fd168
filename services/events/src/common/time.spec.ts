import { describe, expect, it } from '@jest/globals';
import { fiscalYearOf, fiscalYearRange, parseInstant, reminderDueAt, toTokyoIso, tokyoDateOf } from './time.js';

describe('Tokyo time', () => {
  it('shows instants as Tokyo wall-clock time', () => {
    expect(toTokyoIso(new Date('2026-12-01T09:30:00Z'))).toBe('2026-12-01T18:30:00+09:00');
    expect(toTokyoIso(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01T00:00:00+09:00');
    expect(tokyoDateOf(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });

  it('reads a date-time without offset as Tokyo time, and one with an offset as that instant', () => {
    expect(parseInstant('2026-12-01T18:30')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(parseInstant('2026-12-01T18:30:15+09:00')?.toISOString()).toBe('2026-12-01T09:30:15.000Z');
    expect(parseInstant('2026-12-01T09:30:00.250Z')?.toISOString()).toBe('2026-12-01T09:30:00.250Z');
    expect(parseInstant('2026-12-01T01:30:00-0800')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
  });

  it('refuses malformed and impossible date-times', () => {
    for (const bad of [
      '',
      'tomorrow',
      '2026-02-30T10:00',
      '2026-13-01T10:00',
      '2026-12-01T24:00',
      '2026-12-01',
      '2026-12-01T10:00+25:00',
    ]) {
      expect([bad, parseInstant(bad)]).toEqual([bad, null]);
    }
  });

  it('names the fiscal year (年度) by its starting year, switching on 1 April Tokyo time', () => {
    expect(fiscalYearOf(new Date('2026-03-31T14:59:59Z'))).toBe(2025); // 23:59:59 on 31 March in Tokyo
    expect(fiscalYearOf(new Date('2026-03-31T15:00:00Z'))).toBe(2026); // 00:00 on 1 April in Tokyo
    expect(fiscalYearOf(new Date('2027-01-15T03:00:00Z'))).toBe(2026);
    const { from, to } = fiscalYearRange(2002);
    expect(toTokyoIso(from)).toBe('2002-04-01T00:00:00+09:00');
    expect(toTokyoIso(to)).toBe('2003-04-01T00:00:00+09:00');
  });

  it('makes the reminder due the Tokyo day before, at the given hour', () => {
    // Starts 1 December 08:00 Tokyo: reminder 30 November 09:00 Tokyo.
    expect(toTokyoIso(reminderDueAt(new Date('2026-11-30T23:00:00Z'), 9))).toBe('2026-11-30T09:00:00+09:00');
    // Starts 1 April 00:30 Tokyo (still 31 March in UTC): reminder 31 March 09:00 Tokyo.
    expect(toTokyoIso(reminderDueAt(new Date('2026-03-31T15:30:00Z'), 9))).toBe('2026-03-31T09:00:00+09:00');
  });
});
