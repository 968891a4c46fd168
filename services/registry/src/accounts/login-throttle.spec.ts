import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LOGIN_THROTTLE, isLocked, waitAfterFailures } from './login-throttle.js';

describe('login throttle', () => {
  it('lets the first failures pass, then doubles the wait, then locks', () => {
    const waits = Array.from({ length: 12 }, (_, i) => waitAfterFailures(i));
    expect(waits).toEqual([0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 900, 900]);
    expect(isLocked(9)).toBe(false);
    expect(isLocked(DEFAULT_LOGIN_THROTTLE.lockAfter)).toBe(true);
  });

  it('never waits longer than a lock', () => {
    const policy = { ...DEFAULT_LOGIN_THROTTLE, lockAfter: 100 };
    expect(waitAfterFailures(60, policy)).toBe(policy.lockSeconds);
  });
});
