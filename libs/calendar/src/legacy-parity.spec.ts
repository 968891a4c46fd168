/**
 * The three implementations this module replaces, copied verbatim as oracles (registry
 * `domain/fiscal-year.ts`, proposals `domain/fiscal-year.ts`, events `common/time.ts`), and properties that
 * the module answers as they did on every input the services can hand them. Where it answers differently
 * on purpose, a test says exactly where (and the README's adoption note repeats it).
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { addDays, atTokyoTime, isCalendarDate, isLeapYear, startOfTokyoDay, tokyoDateOf, yearsBefore } from './calendar-date.js';
import { fiscalYearEnd, fiscalYearOfDate, fiscalYearOfInstant, fiscalYearRange, fiscalYearStart } from './fiscal-year.js';
import { formatInstant, parseInstant } from './instant.js';

const TOKYO_OFFSET_MS = 9 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const registry = {
  fiscalYearRange(fiscalYear: number) {
    if (!Number.isInteger(fiscalYear) || fiscalYear < 1 || fiscalYear > 9998)
      throw new RangeError('a fiscal year is a year between 1 and 9998');
    return { fiscalYear, start: `${String(fiscalYear).padStart(4, '0')}-04-01`, end: `${String(fiscalYear + 1).padStart(4, '0')}-03-31` };
  },
  fiscalYearOf(isoDate: string): number {
    const m = /^(\d{4})-(\d{2})-\d{2}/.exec(isoDate);
    if (!m) throw new Error(`not an ISO date: ${isoDate}`);
    return Number(m[2]) >= 4 ? Number(m[1]) : Number(m[1]) - 1;
  },
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const proposals = {
  tokyoDate(instant: Date): string {
    const s = new Date(instant.getTime() + TOKYO_OFFSET_MS);
    return `${pad(s.getUTCFullYear(), 4)}-${pad(s.getUTCMonth() + 1)}-${pad(s.getUTCDate())}`;
  },
  formatTokyo: (instant: Date): string => `${new Date(instant.getTime() + TOKYO_OFFSET_MS).toISOString().slice(0, -1)}+09:00`,
  fiscalYearOfDate(isoDate: string): number {
    const m = ISO_DATE.exec(isoDate);
    if (!m) throw new Error(`not a calendar date: ${isoDate}`);
    return Number(m[2]) >= 4 ? Number(m[1]) : Number(m[1]) - 1;
  },
  fiscalYearOfInstant(instant: Date): number {
    const s = new Date(instant.getTime() + TOKYO_OFFSET_MS);
    return s.getUTCMonth() + 1 >= 4 ? s.getUTCFullYear() : s.getUTCFullYear() - 1;
  },
  startOfTokyoDay(isoDate: string): Date {
    const m = ISO_DATE.exec(isoDate);
    if (!m) throw new Error(`not a calendar date: ${isoDate}`);
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) - TOKYO_OFFSET_MS);
  },
  fiscalYearStart: (fy: number): Date => proposals.startOfTokyoDay(`${String(fy).padStart(4, '0')}-04-01`),
  fiscalYearEnd: (fy: number): Date => proposals.fiscalYearStart(fy + 1),
  fiscalYearDates: (fy: number) => ({ first: `${fy}-04-01`, next: `${fy + 1}-04-01` }),
  isCalendarDate(isoDate: string): boolean {
    const m = ISO_DATE.exec(isoDate);
    if (!m) return false;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
  },
  yearsBefore(isoDate: string, years: number): string {
    const m = ISO_DATE.exec(isoDate)!;
    const year = Number(m[1]) - years;
    let day = m[3]!;
    if (m[2] === '02' && day === '29' && !proposals.isCalendarDate(`${year}-02-29`)) day = '28';
    return `${String(year).padStart(4, '0')}-${m[2]}-${day}`;
  },
};

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const events = {
  toTokyoIso(instant: Date): string {
    const t = new Date(instant.getTime() + TOKYO_OFFSET_MS);
    return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}+09:00`;
  },
  tokyoDateOf: (instant: Date): string => events.toTokyoIso(instant).slice(0, 10),
  tokyoMidnight(day: string): Date {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d) - TOKYO_OFFSET_MS);
  },
  fiscalYearOf(instant: Date): number {
    const t = new Date(instant.getTime() + TOKYO_OFFSET_MS);
    return t.getUTCMonth() < 3 ? t.getUTCFullYear() - 1 : t.getUTCFullYear();
  },
  fiscalYearRange: (fy: number) => ({
    from: new Date(Date.UTC(fy, 3, 1) - TOKYO_OFFSET_MS),
    to: new Date(Date.UTC(fy + 1, 3, 1) - TOKYO_OFFSET_MS),
  }),
  parseInstant(value: string): Date | null {
    const m = INSTANT.exec(value.trim());
    if (!m) return null;
    const [, ys, mos, ds, hs, mis, ss, mss, zone] = m;
    const [y, mo, d, h, mi] = [Number(ys), Number(mos), Number(ds), Number(hs), Number(mis)];
    const s = ss ? Number(ss) : 0;
    const ms = mss ? Number(mss.padEnd(3, '0')) : 0;
    if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
    const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
    const check = new Date(wall);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
    let offsetMs = TOKYO_OFFSET_MS;
    if (zone === 'Z') offsetMs = 0;
    else if (zone) {
      const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
      if (Number(zm[2]) > 14 || Number(zm[3]) > 59) return null;
      offsetMs = (zm[1] === '-' ? -1 : 1) * (Number(zm[2]) * 60 + Number(zm[3])) * 60 * 1000;
    }
    return new Date(wall - offsetMs);
  },
  reminderDueAt(startsAt: Date, hourJst: number): Date {
    const dayBefore = new Date(events.tokyoMidnight(events.tokyoDateOf(startsAt)).getTime() - DAY_MS);
    return new Date(dayBefore.getTime() + hourJst * 60 * 60 * 1000);
  },
};

/** Instants from 1000 to 9000 (the old code mis-handled years below 100, see below). */
const instant = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9000-01-01T00:00:00Z'), noInvalidDate: true });
const day = instant.map((d) => d.toISOString().slice(0, 10));
const fiscalYear = fc.integer({ min: 1000, max: 8999 });

/** Strings shaped like date-times, with out-of-range fields and every offset form the parsers know. */
const dateTimeText = fc
  .tuple(
    fc.integer({ min: 1000, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 25 }),
    fc.integer({ min: 0, max: 61 }),
    fc.option(fc.integer({ min: 0, max: 61 })),
    fc.option(fc.stringMatching(/^\d{1,6}$/)),
    fc.constantFrom('', 'Z', '+09:00', '-05:00', '+0900', '-0800', '+14:00', '+15:00', '+09:60', ' '),
  )
  .map(([y, mo, d, h, mi, s, frac, zone]) => {
    const sec = s === null ? '' : `:${pad(s)}${frac === null ? '' : `.${frac}`}`;
    return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}${sec}${zone}`;
  });

describe('as the registry did (domain/fiscal-year.ts)', () => {
  it('fiscalYearRange: the same first and last days, and the same refusals', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10_005 }), (fy) => {
        let old: ReturnType<typeof registry.fiscalYearRange> | 'RangeError';
        try {
          old = registry.fiscalYearRange(fy);
        } catch {
          old = 'RangeError';
        }
        let now: { fiscalYear: number; start: string; end: string } | 'RangeError';
        try {
          const r = fiscalYearRange(fy);
          now = { fiscalYear: r.fiscalYear, start: r.firstDay, end: r.lastDay };
        } catch {
          now = 'RangeError';
        }
        expect(now).toEqual(old);
      }),
    );
  });

  it('fiscalYearOf: the same year for every calendar date', () => {
    fc.assert(fc.property(day, (d) => fiscalYearOfDate(d) === registry.fiscalYearOf(d)));
  });

  it('fiscalYearOf: refuses what the old one read from a prefix or from an impossible day', () => {
    expect(registry.fiscalYearOf('2003-04-01T10:00')).toBe(2003);
    expect(() => fiscalYearOfDate('2003-04-01T10:00')).toThrow(RangeError);
    expect(registry.fiscalYearOf('2003-13-45')).toBe(2003);
    expect(() => fiscalYearOfDate('2003-13-45')).toThrow(RangeError);
  });
});

describe('as proposals did (domain/fiscal-year.ts)', () => {
  it('formatTokyo: the same text for every instant', () => {
    fc.assert(fc.property(instant, (d) => formatInstant(d) === proposals.formatTokyo(d)));
  });

  it('tokyoDate and fiscalYearOfInstant: the same day and year for every instant', () => {
    fc.assert(
      fc.property(instant, (d) => tokyoDateOf(d) === proposals.tokyoDate(d) && fiscalYearOfInstant(d) === proposals.fiscalYearOfInstant(d)),
    );
  });

  it('fiscalYearOfDate, startOfTokyoDay, isCalendarDate: the same for every calendar date', () => {
    fc.assert(
      fc.property(day, (d) => {
        return (
          fiscalYearOfDate(d) === proposals.fiscalYearOfDate(d) &&
          startOfTokyoDay(d).getTime() === proposals.startOfTokyoDay(d).getTime() &&
          isCalendarDate(d) === proposals.isCalendarDate(d)
        );
      }),
    );
  });

  it('isCalendarDate: the same verdict on anything date-shaped', () => {
    const text = fc
      .tuple(fc.integer({ min: 100, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
    fc.assert(fc.property(fc.oneof(text, fc.string()), (s) => isCalendarDate(s) === proposals.isCalendarDate(s)));
  });

  it('fiscalYearStart, fiscalYearEnd, fiscalYearDates: the same bounds', () => {
    fc.assert(
      fc.property(fiscalYear, (fy) => {
        const r = fiscalYearRange(fy);
        const old = proposals.fiscalYearDates(fy);
        return (
          fiscalYearStart(fy).getTime() === proposals.fiscalYearStart(fy).getTime() &&
          fiscalYearEnd(fy).getTime() === proposals.fiscalYearEnd(fy).getTime() &&
          r.firstDay === old.first &&
          r.nextFirstDay === old.next
        );
      }),
    );
  });

  it('yearsBefore: the same day for every date and count', () => {
    // The old one wrote years below 1000 unpadded into its leap-year check: from year 1000 on they agree.
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 500 }),
        (d, n) => Number(d.slice(0, 4)) - n < 1000 || yearsBefore(d, n) === proposals.yearsBefore(d, n),
      ),
    );
    fc.assert(
      fc.property(
        fc
          .integer({ min: 251, max: 2499 })
          .map((y) => y * 4)
          .filter(isLeapYear),
        (y) => yearsBefore(`${y}-02-29`, 4) === proposals.yearsBefore(`${y}-02-29`, 4),
      ),
    );
    expect(proposals.yearsBefore('1200-02-29', 400)).toBe('0800-02-28');
    expect(yearsBefore('1200-02-29', 400)).toBe('0800-02-29'); // 800 is a leap year
  });

  it('parseInstant with offset required: the instants the IsInstant validator let through, read the same', () => {
    fc.assert(
      fc.property(dateTimeText, (s) => {
        const isInstant =
          /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) &&
          proposals.isCalendarDate(s.slice(0, 10)) &&
          !Number.isNaN(new Date(s).getTime());
        const parsed = parseInstant(s, { offset: 'required' });
        // New refusals: hour 24 and offsets beyond ±14:00 (JavaScript's Date takes both). New acceptance: `+0900`.
        const hour = Number(s.slice(11, 13));
        const zone = /(Z|[+-]\d{2}:?\d{2})$/.exec(s)?.[1] ?? '';
        const knownDifference = hour === 24 || /^[+-](1[5-9]|2\d)/.test(zone) || /^[+-]\d{4}$/.test(zone) || /\.\d{10,}/.test(s);
        if (knownDifference) return true;
        if (!isInstant) return parsed === null;
        return parsed !== null && parsed.getTime() === new Date(s).getTime();
      }),
    );
  });
});

describe('as events did (common/time.ts)', () => {
  it('toTokyoIso: the same text with the milliseconds added (the one output difference)', () => {
    fc.assert(
      fc.property(instant, (d) => {
        const wire = formatInstant(d);
        return wire.slice(0, 19) + wire.slice(23) === events.toTokyoIso(d);
      }),
    );
    expect(events.toTokyoIso(new Date('2026-12-01T09:30:00.250Z'))).toBe('2026-12-01T18:30:00+09:00');
    expect(formatInstant(new Date('2026-12-01T09:30:00.250Z'))).toBe('2026-12-01T18:30:00.250+09:00');
  });

  it('tokyoDateOf, fiscalYearOf: the same day and year for every instant', () => {
    fc.assert(fc.property(instant, (d) => tokyoDateOf(d) === events.tokyoDateOf(d) && fiscalYearOfInstant(d) === events.fiscalYearOf(d)));
  });

  it('tokyoMidnight and fiscalYearRange: the same instants', () => {
    fc.assert(fc.property(day, (d) => startOfTokyoDay(d).getTime() === events.tokyoMidnight(d).getTime()));
    fc.assert(
      fc.property(fiscalYear, (fy) => {
        const r = fiscalYearRange(fy);
        const old = events.fiscalYearRange(fy);
        return r.start.getTime() === old.from.getTime() && r.end.getTime() === old.to.getTime();
      }),
    );
  });

  it('parseInstant: the same instant or the same refusal for every date-time-shaped text, and any text', () => {
    fc.assert(
      fc.property(fc.oneof(dateTimeText, fc.string()), (s) => {
        const [a, b] = [parseInstant(s), events.parseInstant(s)];
        return a === null ? b === null : b !== null && a.getTime() === b.getTime();
      }),
    );
  });

  it('reminderDueAt: atTokyoTime(addDays(tokyoDateOf(startsAt), -1), hour) is the same instant', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 23 }), (startsAt, hour) => {
        return atTokyoTime(addDays(tokyoDateOf(startsAt), -1), hour).getTime() === events.reminderDueAt(startsAt, hour).getTime();
      }),
    );
  });

  it('no longer reads years 0-99 as 1900-1999 (Date.UTC), nor writes a year below 1000 with fewer than four digits', () => {
    expect(events.tokyoMidnight('0050-04-01').toISOString()).toBe('1950-03-31T15:00:00.000Z');
    expect(startOfTokyoDay('0050-04-01').toISOString()).toBe('0050-03-31T15:00:00.000Z');
    expect(events.toTokyoIso(new Date('0999-06-01T00:00:00Z'))).toBe('999-06-01T09:00:00+09:00');
    expect(formatInstant(new Date('0999-06-01T00:00:00Z'))).toBe('0999-06-01T09:00:00.000+09:00');
  });
});
