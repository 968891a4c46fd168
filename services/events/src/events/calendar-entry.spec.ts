import { describe, expect, it } from '@jest/globals';
import { buildIcs, icsProperty, parseIcs, parseIcsUtc, unescapeIcsText, type IcsComponent } from '@collabo/calendar';
import { CALENDAR_DESCRIPTION_LIMIT, calendarEntry, EVENTS_ICS_PRODID } from './event-views.js';
import type { ExchangeEvent } from './exchange-event.entity.js';

/** The fields of an event its calendar entry reads. */
const event = (over: Partial<ExchangeEvent> = {}): ExchangeEvent =>
  ({
    titleJa: '食クラスター交流会, 第3回; 札幌',
    titleEn: 'Food cluster exchange meeting',
    descriptionJa: '受付 18:00\n懇親会あり',
    descriptionEn: 'Reception from 18:00',
    feeYen: 1000,
    partyFeeYen: 5000,
    version: 2,
    startsAt: new Date('2026-12-01T09:00:00Z'),
    endsAt: new Date('2026-12-01T11:30:00Z'),
    venueName: 'コラボほっかいどう',
    venueAddress: '札幌市北区北21条西12丁目',
    status: 'published',
    updatedAt: new Date('2026-11-02T01:02:03.456Z'),
    ...over,
  }) as ExchangeEvent;

const now = new Date('2026-11-01T00:00:00Z');
const vevents = (text: string): IcsComponent[] => parseIcs(text)[0]!.components.filter((c) => c.name === 'VEVENT');
const value = (c: IcsComponent, name: string): string | undefined => icsProperty(c, name)?.value;

/** The events service's .ics text (a registration's entry, the public feed), built by `@collabo/calendar`. */
describe('calendar entries of exchange events', () => {
  it('writes a registration entry as it always has, byte for byte', () => {
    const text = buildIcs([calendarEntry(event(), { uid: 'reg-1@events.collabo', language: 'ja' })], {
      now,
      prodId: EVENTS_ICS_PRODID,
      name: '食クラスター交流会',
    });
    expect(text).toBe(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Collabo//Exchange events//JA',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:食クラスター交流会',
        'X-WR-TIMEZONE:Asia/Tokyo',
        'BEGIN:VEVENT',
        'UID:reg-1@events.collabo',
        'DTSTAMP:20261101T000000Z',
        'DTSTART:20261201T090000Z',
        'DTEND:20261201T113000Z',
        'SEQUENCE:2',
        'STATUS:CONFIRMED',
        'SUMMARY:食クラスター交流会\\, 第3回\\; 札幌',
        'LOCATION:コラボほっかいどう\\, 札幌市北区北21条西12丁目',
        'DESCRIPTION:受付 18:00\\n懇親会あり\\n\\n参加費: 1\\,000円 / 懇親',
        ' 会費: 5\\,000円',
        'LAST-MODIFIED:20261102T010203Z',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  it('reads back in the registrant’s language, with the event’s version as SEQUENCE', () => {
    const [entry] = vevents(
      buildIcs([calendarEntry(event({ version: 7 }), { uid: 'reg-2@events.collabo', language: 'en' })], { now, prodId: EVENTS_ICS_PRODID }),
    );
    expect(unescapeIcsText(value(entry!, 'SUMMARY')!)).toBe('Food cluster exchange meeting');
    expect(unescapeIcsText(value(entry!, 'DESCRIPTION')!)).toBe('Reception from 18:00\n\nFee: ¥1,000 / party: ¥5,000');
    expect(value(entry!, 'SEQUENCE')).toBe('7');
    expect(parseIcsUtc(value(entry!, 'DTSTART')!)).toEqual(new Date('2026-12-01T09:00:00Z'));
    // No English title or description: the Japanese ones.
    const [ja] = vevents(
      buildIcs([calendarEntry(event({ titleEn: null, descriptionEn: '' } as Partial<ExchangeEvent>), { uid: 'x', language: 'en' })], {
        now,
        prodId: EVENTS_ICS_PRODID,
      }),
    );
    expect(unescapeIcsText(value(ja!, 'SUMMARY')!)).toBe('食クラスター交流会, 第3回; 札幌');
  });

  it('keeps a cancelled event in the feed as CANCELLED, with its URL, and shortens a long programme', () => {
    const long = '北海道'.repeat(CALENDAR_DESCRIPTION_LIMIT);
    const text = buildIcs(
      [
        calendarEntry(event(), { uid: 'a@events.collabo', language: 'ja' }),
        calendarEntry(event({ status: 'cancelled', descriptionJa: long, venueAddress: null } as Partial<ExchangeEvent>), {
          uid: 'b@events.collabo',
          language: 'ja',
          url: 'https://events.example.jp/b',
        }),
      ],
      { now, prodId: EVENTS_ICS_PRODID, name: 'コラボほっかいどう 交流会・セミナー / Collabo exchange events' },
    );
    for (const piece of text.split('\r\n')) expect(Buffer.byteLength(piece, 'utf8')).toBeLessThanOrEqual(75);
    const [first, cancelled] = vevents(text);
    expect([value(first!, 'UID'), value(first!, 'STATUS')]).toEqual(['a@events.collabo', 'CONFIRMED']);
    expect([value(cancelled!, 'STATUS'), value(cancelled!, 'URL'), value(cancelled!, 'LOCATION')]).toEqual([
      'CANCELLED',
      'https://events.example.jp/b',
      'コラボほっかいどう',
    ]);
    const description = unescapeIcsText(value(cancelled!, 'DESCRIPTION')!);
    expect(description.startsWith(`${long.slice(0, CALENDAR_DESCRIPTION_LIMIT)}…\n\n参加費`)).toBe(true);
  });

  it('writes an empty feed', () => {
    const [calendar] = parseIcs(buildIcs([], { now, prodId: EVENTS_ICS_PRODID }));
    expect([calendar!.name, calendar!.components, value(calendar!, 'PRODID')]).toEqual(['VCALENDAR', [], EVENTS_ICS_PRODID]);
  });
});
