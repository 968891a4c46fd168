import { describe, expect, it } from '@jest/globals';
import { retentionCutoff, SETTLED_STATUSES } from './retention-policy.js';

describe('retentionCutoff', () => {
  it('lies the given number of whole days before now', () => {
    const now = new Date('2027-12-31T15:00:00Z');
    expect(retentionCutoff(now, 400)?.toISOString()).toBe('2026-11-26T15:00:00.000Z');
    expect(retentionCutoff(now, 1)?.toISOString()).toBe('2027-12-30T15:00:00.000Z');
  });

  it('is switched off by 0 and refuses nonsense', () => {
    expect(retentionCutoff(new Date('2026-04-01T00:00:00Z'), 0)).toBeNull();
    expect(() => retentionCutoff(new Date('2026-04-01T00:00:00Z'), -1)).toThrow(RangeError);
    expect(() => retentionCutoff(new Date('2026-04-01T00:00:00Z'), 1.5)).toThrow(RangeError);
  });

  it('touches settled emails only: never one waiting, being sent, or ambiguous', () => {
    expect([...SETTLED_STATUSES].sort()).toEqual(['failed', 'sent', 'suppressed']);
  });
});
