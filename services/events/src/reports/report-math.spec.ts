import { describe, expect, it } from '@jest/globals';
import { attendanceRate, countTable, shares } from './report-math.js';

describe('report arithmetic', () => {
  it('computes the attendance rate over everyone who held a seat', () => {
    expect(attendanceRate(45, 5, 0)).toBe(0.9);
    expect(attendanceRate(2, 0, 1)).toBe(0.667);
    expect(attendanceRate(0, 0, 0)).toBeNull();
  });

  it('turns counts into shares and rows into tables', () => {
    expect(shares({ industry: 3, academia: 1 })).toEqual({ industry: 0.75, academia: 0.25 });
    expect(shares({})).toEqual({});
    expect(
      countTable([
        { key: 'industry', n: 2 },
        { key: null, n: 1 },
      ]),
    ).toEqual({ industry: 2, unknown: 1 });
  });
});
