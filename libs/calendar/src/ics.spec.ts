import { describe, expect, it } from '@jest/globals';
import { parseInstant } from './instant.js';
import { buildIcs, escapeIcsText, foldIcsLine, icsProperty, icsUtc, parseIcs, parseIcsUtc, unescapeIcsText, type IcsEvent } from './ics.js';

const at = (s: string): Date => parseInstant(s, { offset: 'required' })!;
const unfold = (text: string) => text.replace(/\r\n /g, '');

const hearing: IcsEvent = {
  uid: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e90',
  sequence: 2,
  start: at('2026-12-10T14:00:00.000+09:00'),
  end: at('2026-12-10T15:00:00.000+09:00'),
  summary: 'ヒアリング: 昆布の根, 食品素材; P2026-0042',
  description: '会場: コラボほっかいどう\nオンライン参加も可',
  location: 'コラボほっかいどう 会議室A',
  url: 'https://meet.example.jp/abc-defg',
  status: 'CONFIRMED',
  organizer: { email: 'renkei@collabo.example.jp', name: '公益財団法人 "北海道" 産学官協働センター' },
  attendees: [{ email: 'anna.smith@example.com', name: 'Anna Smith' }],
};

describe('iCalendar builder', () => {
  it('writes an invitation (METHOD:REQUEST) with CRLF line ends, UTC times, escaped text, organiser and attendee', () => {
    const text = buildIcs([hearing], { method: 'REQUEST', now: at('2026-12-01T09:30:00.000+09:00'), prodId: '-//Collabo//Test//JA' });
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Collabo//Test//JA\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    for (const piece of text.split('\r\n')) expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(75);
    const lines = unfold(text).split('\r\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'METHOD:REQUEST',
        `UID:${hearing.uid}`,
        'DTSTAMP:20261201T003000Z',
        'DTSTART:20261210T050000Z',
        'DTEND:20261210T060000Z',
        'SEQUENCE:2',
        'STATUS:CONFIRMED',
        'SUMMARY:ヒアリング: 昆布の根\\, 食品素材\\; P2026-0042',
        'DESCRIPTION:会場: コラボほっかいどう\\nオンライン参加も可',
        'URL:https://meet.example.jp/abc-defg',
        'ORGANIZER;CN="公益財団法人  北海道  産学官協働センター":mailto:renkei@collabo.example.jp',
        'ATTENDEE;CN="Anna Smith";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:anna.smith@example.com',
      ]),
    );
  });

  it('reads back what it wrote: components, parameters, escaped text and UTC times', () => {
    const text = buildIcs([hearing], { method: 'REQUEST', now: at('2026-12-01T09:30:00.000+09:00'), prodId: '-//Collabo//Test//JA' });
    const [calendar] = parseIcs(text);
    expect(calendar!.name).toBe('VCALENDAR');
    expect(icsProperty(calendar!, 'METHOD')?.value).toBe('REQUEST');
    const [event] = calendar!.components;
    expect(event!.name).toBe('VEVENT');
    expect(unescapeIcsText(icsProperty(event!, 'SUMMARY')!.value)).toBe(hearing.summary);
    expect(unescapeIcsText(icsProperty(event!, 'DESCRIPTION')!.value)).toBe(hearing.description);
    expect(parseIcsUtc(icsProperty(event!, 'DTSTART')!.value)).toEqual(hearing.start);
    expect(icsProperty(event!, 'ATTENDEE')).toEqual({
      name: 'ATTENDEE',
      params: { CN: 'Anna Smith', ROLE: 'REQ-PARTICIPANT', PARTSTAT: 'NEEDS-ACTION', RSVP: 'FALSE' },
      value: 'mailto:anna.smith@example.com',
    });
  });

  it('writes a cancellation (METHOD:CANCEL, STATUS:CANCELLED) and refuses one that is not cancelled or has no organiser', () => {
    const now = at('2026-12-05T12:00:00.000+09:00');
    const cancel = buildIcs([{ ...hearing, sequence: 3, status: 'CANCELLED' }], { method: 'CANCEL', now, prodId: '-//C//T//JA' });
    const [event] = parseIcs(cancel)[0]!.components;
    expect(icsProperty(parseIcs(cancel)[0]!, 'METHOD')?.value).toBe('CANCEL');
    expect([icsProperty(event!, 'STATUS')?.value, icsProperty(event!, 'SEQUENCE')?.value]).toEqual(['CANCELLED', '3']);
    expect(() => buildIcs([hearing], { method: 'CANCEL', now, prodId: '-//C//T//JA' })).toThrow(RangeError);
    expect(() => buildIcs([{ ...hearing, organizer: null }], { method: 'REQUEST', now, prodId: '-//C//T//JA' })).toThrow(RangeError);
    expect(() => buildIcs([{ ...hearing, sequence: -1 }], { now, prodId: '-//C//T//JA' })).toThrow(RangeError);
    expect(() => buildIcs([{ ...hearing, end: hearing.start, start: hearing.end }], { now, prodId: '-//C//T//JA' })).toThrow(RangeError);
  });

  it('writes a feed (METHOD:PUBLISH by default) without scheduling parameters, and an empty one', () => {
    const text = buildIcs([hearing], { now: new Date(0), prodId: '-//C//T//JA', name: '交流会' });
    expect(unfold(text)).toContain('METHOD:PUBLISH\r\nX-WR-CALNAME:交流会\r\n');
    expect(unfold(text)).toContain('ATTENDEE;CN="Anna Smith":mailto:anna.smith@example.com');
    expect(buildIcs([], { now: new Date(0), prodId: '-//C//T//JA' })).not.toContain('VEVENT');
  });

  it('folds long lines at 75 octets without splitting a character, escapes TEXT and round-trips it', () => {
    const long = `SUMMARY:${'北海道'.repeat(40)}`;
    const folded = foldIcsLine(long);
    for (const piece of folded.split('\r\n')) expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(75);
    expect(unfold(folded)).toBe(long);
    expect(foldIcsLine('SHORT:x')).toBe('SHORT:x');
    expect(escapeIcsText('a\\b;c,d\r\ne')).toBe('a\\\\b\\;c\\,d\\ne');
    expect(unescapeIcsText(escapeIcsText('a\\b;c,d\ne'))).toBe('a\\b;c,d\ne');
  });

  it('reads UTC times strictly and refuses text that is not iCalendar', () => {
    expect(icsUtc(at('2027-01-01T08:59:59.000+09:00'))).toBe('20261231T235959Z');
    expect(parseIcsUtc('20260230T000000Z')).toBeNull();
    expect(parseIcsUtc('20261210T050000')).toBeNull();
    expect(() => icsUtc(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n')).toThrow(SyntaxError);
    expect(() => parseIcs('BEGIN:VCALENDAR\r\nno colon here\r\n')).toThrow(SyntaxError);
    expect(() => parseIcs('SUMMARY:x\r\n')).toThrow(SyntaxError);
  });
});
