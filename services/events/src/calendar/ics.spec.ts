import { describe, expect, it } from '@jest/globals';
import { buildCalendar, escapeText, foldLine } from './ics.js';

const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('iCalendar text', () => {
  const entry = {
    uid: 'reg-1@events.collabo',
    sequence: 2,
    start: new Date('2026-12-01T09:00:00Z'),
    end: new Date('2026-12-01T11:30:00Z'),
    summary: '食クラスター交流会, 第3回; 札幌',
    description: '受付 18:00\n懇親会あり',
    location: 'コラボほっかいどう, 札幌市北区北21条西12丁目',
    status: 'CONFIRMED' as const,
  };

  it('writes a calendar with CRLF line ends, UTC times and escaped text', () => {
    const text = buildCalendar([entry], { now: new Date('2026-11-01T00:00:00Z'), name: '交流会' });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    const lines = unfold(text).split('\r\n');
    expect(lines).toContain('DTSTART:20261201T090000Z');
    expect(lines).toContain('DTEND:20261201T113000Z');
    expect(lines).toContain('DTSTAMP:20261101T000000Z');
    expect(lines).toContain('SUMMARY:食クラスター交流会\\, 第3回\\; 札幌');
    expect(lines).toContain('DESCRIPTION:受付 18:00\\n懇親会あり');
    expect(lines).toContain('SEQUENCE:2');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const long = `SUMMARY:${'北海道'.repeat(40)}`;
    const folded = foldLine(long);
    for (const piece of folded.split('\r\n')) expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(75);
    expect(unfold(folded)).toBe(long);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('escapes backslashes, semicolons, commas and new lines', () => {
    expect(escapeText('a\\b;c,d\r\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('writes an empty feed', () => {
    expect(buildCalendar([], { now: new Date(0) })).not.toContain('VEVENT');
  });
});
