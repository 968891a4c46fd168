import { describe, expect, it } from '@jest/globals';
import { dateLabel, dateTimeLabel } from '@collabo/calendar';
import { dayOrInstantOf, formatFee, formatYen, instantOf, localized, UnreadableValueError } from './format.js';

// The labels themselves (Tokyo time, weekdays, ranges, fiscal years) are @collabo/calendar's, with its specs.
describe('reading the event’s values for emails', () => {
  it('reads a date-time with its offset, and one without as Tokyo time (not the server’s zone)', () => {
    expect(dateTimeLabel(instantOf('2026-12-03T15:30:00Z'), 'ja')).toBe('2026年12月4日（金）00:30');
    expect(dateTimeLabel(instantOf('2026-12-03T18:00:00+09:00'), 'en')).toBe('Thursday 3 December 2026, 18:00 (JST)');
    expect(instantOf('2026-12-03T18:00').toISOString()).toBe('2026-12-03T09:00:00.000Z');
  });

  it('reads a bare date as a calendar day, not as midnight UTC', () => {
    expect(dayOrInstantOf('2026-11-20')).toBe('2026-11-20');
    expect(dateLabel(dayOrInstantOf('2026-11-20'), 'ja')).toBe('2026年11月20日（金）');
    expect(dateLabel(dayOrInstantOf('2026-03-31T15:00:00Z'), 'en')).toBe('Wednesday 1 April 2026');
  });

  it('refuses something that is not a date rather than printing Invalid Date', () => {
    expect(() => instantOf('tomorrow')).toThrow(UnreadableValueError);
    expect(() => instantOf('2026-W49-4')).toThrow(/not a date/);
    expect(() => dayOrInstantOf('2026-02-30')).toThrow(UnreadableValueError);
  });

  it('writes yen as integers and a zero fee as free', () => {
    expect(formatYen(1250000, 'ja')).toBe('1,250,000円');
    expect(formatYen(1250000, 'en')).toBe('¥1,250,000');
    expect(formatYen(0, 'ja')).toBe('0円');
    expect(formatFee(0, 'ja')).toBe('無料');
    expect(formatFee(3000, 'en')).toBe('¥3,000');
  });

  it('falls back to Japanese when there is no English text', () => {
    expect(localized({ ja: '昆布', en: 'Kelp' }, 'en')).toBe('Kelp');
    expect(localized({ ja: '昆布', en: null }, 'en')).toBe('昆布');
    expect(localized({ ja: '昆布' }, 'ja')).toBe('昆布');
    expect(localized(null, 'ja')).toBe('');
  });
});
