import { describe, expect, it } from '@jest/globals';
import { formatDate, formatDateRange, formatDateTime, formatFee, formatFiscalYear, formatYen, localized } from './format.js';

describe('formatting for emails (Asia/Tokyo)', () => {
  it('shows instants in Tokyo time, whatever the offset they come with', () => {
    expect(formatDateTime('2026-12-03T15:30:00Z', 'ja')).toBe('2026年12月4日（金）00:30');
    expect(formatDateTime('2026-12-03T15:30:00Z', 'en')).toBe('Friday 4 December 2026, 00:30 (JST)');
    expect(formatDateTime('2026-12-03T18:00:00+09:00', 'ja')).toBe('2026年12月3日（木）18:00');
  });

  it('reads a bare date as a calendar day, not as midnight UTC', () => {
    expect(formatDate('2026-11-20', 'ja')).toBe('2026年11月20日（金）');
    expect(formatDate('2026-11-20', 'en')).toBe('Friday 20 November 2026');
  });

  it('shows an event on one day with one date and across days with two', () => {
    expect(formatDateRange('2026-12-03T18:00:00+09:00', '2026-12-03T20:30:00+09:00', 'ja')).toBe('2026年12月3日（木）18:00〜20:30');
    expect(formatDateRange('2026-12-03T18:00:00+09:00', '2026-12-03T20:30:00+09:00', 'en')).toBe(
      'Thursday 3 December 2026, 18:00–20:30 (JST)',
    );
    expect(formatDateRange('2026-12-03T10:00:00+09:00', '2026-12-04T17:00:00+09:00', 'ja')).toBe(
      '2026年12月3日（木）10:00〜2026年12月4日（金）17:00',
    );
  });

  it('writes yen as integers, a zero fee as free, and fiscal years by their starting year', () => {
    expect(formatYen(1250000, 'ja')).toBe('1,250,000円');
    expect(formatYen(1250000, 'en')).toBe('¥1,250,000');
    expect(formatYen(0, 'ja')).toBe('0円');
    expect(formatFee(0, 'ja')).toBe('無料');
    expect(formatFee(3000, 'en')).toBe('¥3,000');
    expect(formatFiscalYear(2026, 'ja')).toBe('2026年度');
    expect(formatFiscalYear(2026, 'en')).toBe('FY2026');
  });

  it('falls back to Japanese when there is no English text', () => {
    expect(localized({ ja: '昆布', en: 'Kelp' }, 'en')).toBe('Kelp');
    expect(localized({ ja: '昆布', en: null }, 'en')).toBe('昆布');
    expect(localized({ ja: '昆布' }, 'ja')).toBe('昆布');
    expect(localized(null, 'ja')).toBe('');
  });

  it('refuses something that is not a date rather than printing Invalid Date', () => {
    expect(() => formatDateTime('tomorrow', 'ja')).toThrow(/not a date/);
  });
});
