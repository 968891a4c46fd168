import { describe, expect, it } from '@jest/globals';
import { formatInstant } from '@collabo/calendar';
import {
  canDo,
  checkHistorical,
  checkSchedule,
  defaultChangeMessage,
  materialChanges,
  registrationWindow,
  reminderDueAt,
  type MaterialFacts,
} from './event-rules.js';

const at = (iso: string) => new Date(iso);

describe('event schedule', () => {
  const ok = {
    startsAt: at('2026-12-01T09:00:00Z'),
    endsAt: at('2026-12-01T12:00:00Z'),
    registrationOpensAt: at('2026-11-01T00:00:00Z'),
    registrationClosesAt: at('2026-11-28T00:00:00Z'),
    capacity: 40,
    venueCapacity: 40,
    admission: 'lottery' as const,
  };

  it('accepts a consistent schedule', () => {
    expect(checkSchedule(ok)).toEqual([]);
  });

  it('names each field that breaks a rule', () => {
    expect(checkSchedule({ ...ok, endsAt: ok.startsAt }).map((p) => p.field)).toEqual(['endsAt']);
    expect(checkSchedule({ ...ok, capacity: 41 })).toEqual([
      { field: 'capacity', message: "the capacity cannot be above the venue's capacity (40)" },
    ]);
    expect(checkSchedule({ ...ok, registrationClosesAt: at('2026-12-02T00:00:00Z') }).map((p) => p.field)).toEqual([
      'registrationClosesAt',
    ]);
    expect(checkSchedule({ ...ok, registrationOpensAt: at('2026-11-29T00:00:00Z') }).map((p) => p.field)).toEqual(['registrationClosesAt']);
    expect(checkSchedule({ ...ok, registrationClosesAt: null }).map((p) => p.field)).toEqual(['registrationClosesAt']);
    expect(checkSchedule({ ...ok, admission: 'first_come', registrationClosesAt: null })).toEqual([]);
  });
});

describe('event life cycle', () => {
  it('allows each action only from its statuses', () => {
    expect(canDo('published', 'draft')).toBe(true);
    expect(canDo('published', 'published')).toBe(false);
    expect(canDo('cancelled', 'changed')).toBe(true);
    expect(canDo('cancelled', 'completed')).toBe(false);
    expect(canDo('edited', 'cancelled')).toBe(false);
    expect(canDo('completed', 'draft')).toBe(false);
  });

  it('opens registration in its window and says why not outside it', () => {
    const e = {
      status: 'published' as const,
      startsAt: at('2026-12-01T09:00:00Z'),
      publishedAt: at('2026-10-01T00:00:00Z'),
      registrationOpensAt: at('2026-11-01T00:00:00Z'),
      registrationClosesAt: at('2026-11-28T00:00:00Z'),
    };
    expect(registrationWindow(e, at('2026-11-10T00:00:00Z'))).toEqual({ open: true });
    expect(registrationWindow(e, at('2026-10-31T23:59:59Z'))).toMatchObject({ open: false, code: 'REGISTRATION_NOT_OPEN_YET' });
    expect(registrationWindow(e, at('2026-11-28T00:00:00Z'))).toMatchObject({ open: false, code: 'REGISTRATION_CLOSED' });
    expect(registrationWindow({ ...e, status: 'cancelled' }, at('2026-11-10T00:00:00Z'))).toMatchObject({ code: 'EVENT_CANCELLED' });
    expect(registrationWindow({ ...e, status: 'draft' }, at('2026-11-10T00:00:00Z'))).toMatchObject({ code: 'EVENT_NOT_OPEN' });
    // Without a window: from publication until the start.
    const open = { ...e, registrationOpensAt: null, registrationClosesAt: null };
    expect(registrationWindow(open, at('2026-10-01T00:00:00Z'))).toEqual({ open: true });
    expect(registrationWindow(open, at('2026-12-01T09:00:00Z'))).toMatchObject({ code: 'REGISTRATION_CLOSED' });
  });
});

describe('material changes', () => {
  const before: MaterialFacts = {
    kind: 'exchange_meeting',
    titleJa: '食クラスター交流会',
    titleEn: null,
    startsAt: at('2026-12-01T09:00:00Z'),
    endsAt: at('2026-12-01T12:00:00Z'),
    venueName: 'コラボほっかいどう',
    venueAddress: null,
    feeYen: 0,
    partyFeeYen: 4000,
    language: 'ja',
  };

  it('lists what registrants must be told about, and nothing else', () => {
    expect(materialChanges(before, { ...before })).toEqual([]);
    expect(materialChanges(before, { ...before, startsAt: at('2026-12-02T09:00:00Z'), venueName: '居酒屋 北の幸' })).toEqual([
      'startsAt',
      'venue',
    ]);
    expect(materialChanges(before, { ...before, titleEn: 'Food cluster meeting', partyFeeYen: 5000 })).toEqual(['title', 'partyFeeYen']);
  });

  it('writes a bilingual default notice', () => {
    expect(defaultChangeMessage(['startsAt', 'venue'])).toBe('開始日時・会場が変更されました。/ Changed: start time, venue.');
  });
});

describe('reminders', () => {
  it('are due the Tokyo day before the event, at the given hour', () => {
    // Starts 1 December 08:00 Tokyo: reminder 30 November 09:00 Tokyo.
    expect(formatInstant(reminderDueAt(at('2026-11-30T23:00:00Z'), 9))).toBe('2026-11-30T09:00:00.000+09:00');
    // Starts 1 April 00:30 Tokyo (still 31 March in UTC): reminder 31 March 09:00 Tokyo.
    expect(formatInstant(reminderDueAt(at('2026-03-31T15:30:00Z'), 9))).toBe('2026-03-31T09:00:00.000+09:00');
    // Starts 1 March 18:00 Tokyo in a leap year: reminder 29 February.
    expect(formatInstant(reminderDueAt(at('2028-03-01T09:00:00Z'), 0))).toBe('2028-02-29T00:00:00.000+09:00');
  });
});

describe('a historical event (recorded after it took place)', () => {
  const now = at('2026-10-01T00:00:00Z');
  it('must have ended by now; ending exactly now is over', () => {
    expect(checkHistorical({ endsAt: at('2025-11-20T11:30:00Z') }, now)).toEqual([]);
    expect(checkHistorical({ endsAt: now }, now)).toEqual([]);
    expect(checkHistorical({ endsAt: at('2026-10-01T00:00:00.001Z') }, now)).toEqual([
      { field: 'endsAt', message: 'a historical event must have ended already' },
    ]);
  });

  it('is completed: it can be neither published, changed, cancelled nor completed again', () => {
    for (const action of ['published', 'edited', 'cancelled', 'completed'] as const) expect(canDo(action, 'completed')).toBe(false);
  });
});
