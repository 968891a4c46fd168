import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { dateLabel, dateTimeLabel, dateTimeRangeLabel, timeLabel } from './labels.js';

/** The notifications service's labels as it computes them today, with Intl in Asia/Tokyo: the oracle. */
function intlParts(date: Date, locale: string, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Tokyo', ...options }).formatToParts(date)) out[p.type] = p.value;
  return out;
}
function intlDateLabel(date: Date, language: 'ja' | 'en'): string {
  if (language === 'ja') {
    const p = intlParts(date, 'ja-JP', { year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short' });
    return `${p['year']}年${p['month']}月${p['day']}日（${p['weekday']}）`;
  }
  const p = intlParts(date, 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
  return `${p['weekday']} ${p['day']} ${p['month']} ${p['year']}`;
}
function intlTimeLabel(date: Date): string {
  const p = intlParts(date, 'en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p['hour']}:${p['minute']}`;
}

// Since 1952: Japan kept daylight saving time from 1948 to 1951 (and local mean time before 1888), which
// Intl's Asia/Tokyo knows and the fixed +09:00 of this module deliberately does not (the platform's data
// starts decades later; the services accept years from 1990).
const instant = fc.date({ min: new Date('1952-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true });
const language = fc.constantFrom('ja' as const, 'en' as const);

describe('labels for people (Asia/Tokyo)', () => {
  it('shows instants in Tokyo time, whatever the offset they come with (the notifications cases)', () => {
    expect(dateTimeLabel(new Date('2026-12-03T15:30:00Z'), 'ja')).toBe('2026年12月4日（金）00:30');
    expect(dateTimeLabel(new Date('2026-12-03T15:30:00Z'), 'en')).toBe('Friday 4 December 2026, 00:30 (JST)');
    expect(dateTimeLabel(new Date('2026-12-03T18:00:00+09:00'), 'ja')).toBe('2026年12月3日（木）18:00');
  });

  it('reads a bare date as a calendar day, not as midnight UTC (the notifications cases)', () => {
    expect(dateLabel('2026-11-20', 'ja')).toBe('2026年11月20日（金）');
    expect(dateLabel('2026-11-20', 'en')).toBe('Friday 20 November 2026');
    expect(() => dateLabel('2026-11-31', 'ja')).toThrow(RangeError);
  });

  it('shows an event on one day with one date and across days with two (the notifications cases)', () => {
    const at = (s: string) => new Date(s);
    expect(dateTimeRangeLabel(at('2026-12-03T18:00:00+09:00'), at('2026-12-03T20:30:00+09:00'), 'ja')).toBe(
      '2026年12月3日（木）18:00〜20:30',
    );
    expect(dateTimeRangeLabel(at('2026-12-03T18:00:00+09:00'), at('2026-12-03T20:30:00+09:00'), 'en')).toBe(
      'Thursday 3 December 2026, 18:00–20:30 (JST)',
    );
    expect(dateTimeRangeLabel(at('2026-12-03T10:00:00+09:00'), at('2026-12-04T17:00:00+09:00'), 'ja')).toBe(
      '2026年12月3日（木）10:00〜2026年12月4日（金）17:00',
    );
    expect(dateTimeRangeLabel(at('2026-12-03T10:00:00+09:00'), at('2026-12-04T17:00:00+09:00'), 'en')).toBe(
      'Thursday 3 December 2026, 10:00 – Friday 4 December 2026, 17:00 (JST)',
    );
  });

  it('tells 29 February and the 31 March / 1 April turn like Intl does', () => {
    expect(dateLabel('2028-02-29', 'ja')).toBe('2028年2月29日（火）');
    expect(dateTimeLabel(new Date('2026-03-31T15:00:00Z'), 'en')).toBe('Wednesday 1 April 2026, 00:00 (JST)');
  });

  it('writes the same date labels as Intl in Asia/Tokyo, for every instant', () => {
    fc.assert(fc.property(instant, language, (d, lang) => dateLabel(d, lang) === intlDateLabel(d, lang)));
  });

  it('writes the same times as Intl in Asia/Tokyo, for every instant', () => {
    fc.assert(fc.property(instant, (d) => timeLabel(d) === intlTimeLabel(d)));
  });

  it('differs from Intl only before 1952: the summer time of 1948-1951 is not Tokyo time here', () => {
    const summer1948 = new Date('1948-09-11T14:30:00Z');
    expect(timeLabel(summer1948)).toBe('23:30');
    expect(intlTimeLabel(summer1948)).toBe('00:30');
  });

  it('writes a bare date like the noon of that day in Tokyo, as the notifications service did', () => {
    fc.assert(
      fc.property(instant, language, (d, lang) => {
        const day = new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
        return dateLabel(day, lang) === intlDateLabel(new Date(`${day}T12:00:00+09:00`), lang);
      }),
    );
  });
});
