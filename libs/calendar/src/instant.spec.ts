import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { WIRE_INSTANT_PATTERN, formatInstant, formatInstantOrNull, parseInstant, tokyoParts, wallClockUtc } from './instant.js';

/** Instants over the years the services accept and well beyond them. */
const anyInstant = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T14:59:59.999Z'), noInvalidDate: true });

describe('the wire format of instants', () => {
  it('writes Tokyo wall-clock time with milliseconds and +09:00 (the proposals case)', () => {
    expect(formatInstant(new Date('2003-03-31T14:30:00Z'))).toBe('2003-03-31T23:30:00.000+09:00');
    expect(formatInstant(new Date('2003-03-31T14:59:59.999Z'))).toBe('2003-03-31T23:59:59.999+09:00');
  });

  it('writes the events cases with milliseconds (the one output difference for events)', () => {
    expect(formatInstant(new Date('2026-12-01T09:30:00Z'))).toBe('2026-12-01T18:30:00.000+09:00');
    expect(formatInstant(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01T00:00:00.000+09:00');
  });

  it('writes 15:00Z on 31 March as 1 April 00:00 in Tokyo', () => {
    expect(formatInstant(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01T00:00:00.000+09:00');
  });

  it('pads years before 1000 to four digits and refuses what four digits cannot write', () => {
    expect(formatInstant(new Date('0999-06-01T00:00:00Z'))).toBe('0999-06-01T09:00:00.000+09:00');
    expect(() => formatInstant(new Date('9999-12-31T15:00:00Z'))).toThrow(RangeError);
    expect(() => formatInstant(new Date('nonsense'))).toThrow(RangeError);
  });

  it('keeps null as null', () => {
    expect(formatInstantOrNull(null)).toBeNull();
    expect(formatInstantOrNull(undefined)).toBeNull();
    expect(formatInstantOrNull(new Date('2003-03-31T14:30:00Z'))).toBe('2003-03-31T23:30:00.000+09:00');
  });

  it('always has the one fixed shape', () => {
    fc.assert(fc.property(anyInstant, (d) => WIRE_INSTANT_PATTERN.test(formatInstant(d))));
  });

  it('round-trips every instant to the millisecond: parse(format(d)) is d', () => {
    fc.assert(fc.property(anyInstant, (d) => parseInstant(formatInstant(d))?.getTime() === d.getTime()));
  });

  it('round-trips every wire string: format(parse(s)) is s', () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        const s = formatInstant(d);
        return formatInstant(parseInstant(s)!) === s;
      }),
    );
  });

  it('sorts as text in the order of time', () => {
    fc.assert(
      fc.property(anyInstant, anyInstant, (a, b) => {
        const [x, y] = [formatInstant(a), formatInstant(b)];
        return Math.sign(a.getTime() - b.getTime()) === (x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  it('writes the same instant as Date.toISOString, only in Tokyo', () => {
    fc.assert(fc.property(anyInstant, (d) => new Date(formatInstant(d)).getTime() === d.getTime()));
  });
});

describe('reading instants', () => {
  it('reads a date-time without offset as Tokyo time, and one with an offset as that instant (the events cases)', () => {
    expect(parseInstant('2026-12-01T18:30')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(parseInstant('2026-12-01T18:30:15+09:00')?.toISOString()).toBe('2026-12-01T09:30:15.000Z');
    expect(parseInstant('2026-12-01T09:30:00.250Z')?.toISOString()).toBe('2026-12-01T09:30:00.250Z');
    expect(parseInstant('2026-12-01T01:30:00-0800')?.toISOString()).toBe('2026-12-01T09:30:00.000Z');
  });

  it('refuses malformed and impossible date-times (the events cases)', () => {
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

  it('with offset required, refuses a date-time without one (the proposals IsInstant rule)', () => {
    expect(parseInstant('2002-07-01T10:00:00', { offset: 'required' })).toBeNull();
    expect(parseInstant('2002-07-01', { offset: 'required' })).toBeNull();
    expect(parseInstant('yesterday', { offset: 'required' })).toBeNull();
    expect(parseInstant('2002-02-30T10:00:00+09:00', { offset: 'required' })).toBeNull();
    expect(parseInstant('2003-03-31T23:30:00+09:00', { offset: 'required' })?.toISOString()).toBe('2003-03-31T14:30:00.000Z');
    expect(parseInstant('2003-03-31T14:30Z', { offset: 'required' })?.toISOString()).toBe('2003-03-31T14:30:00.000Z');
    expect(parseInstant('2003-03-31T23:30:00.123456789+09:00', { offset: 'required' })?.toISOString()).toBe('2003-03-31T14:30:00.123Z');
  });

  it('reads 29 February in a leap year only', () => {
    expect(parseInstant('2004-02-29T12:00+09:00')?.toISOString()).toBe('2004-02-29T03:00:00.000Z');
    expect(parseInstant('2003-02-29T12:00+09:00')).toBeNull();
    expect(parseInstant('1900-02-29T12:00+09:00')).toBeNull();
    expect(parseInstant('2000-02-29T12:00+09:00')).not.toBeNull();
  });

  it('never throws, whatever the text', () => {
    fc.assert(fc.property(fc.string(), (s) => parseInstant(s) === null || !Number.isNaN(parseInstant(s)!.getTime())));
  });
});

describe('the Tokyo wall clock', () => {
  it('is nine hours ahead of UTC on every day of the year', () => {
    fc.assert(
      fc.property(anyInstant, (d) => {
        const p = tokyoParts(d);
        return wallClockUtc(p.year, p.month, p.day, p.hour, p.minute, p.second, p.millisecond) - 9 * 3600_000 === d.getTime();
      }),
    );
  });

  it('does not read years 0-99 as 1900-1999 (the Date.UTC trap)', () => {
    expect(new Date(wallClockUtc(50, 4, 1)).toISOString()).toBe('0050-04-01T00:00:00.000Z');
  });
});
