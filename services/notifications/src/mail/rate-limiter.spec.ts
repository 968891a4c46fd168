import { describe, expect, it } from '@jest/globals';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter', () => {
  it('spaces sends evenly at the configured rate and lets an idle limiter send at once', () => {
    let now = 1_000;
    const limiter = new RateLimiter(4, () => now);
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 250, 500]);
    now += 250;
    expect(limiter.reserve()).toBe(500);
    now += 10_000;
    expect(limiter.reserve()).toBe(0);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter(0)).toThrow();
  });
});
