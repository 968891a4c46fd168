import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { NotificationSettings } from '../config/notification-settings.js';
import { ConsentLinkCache } from './consent-link-cache.js';

const A = '0190a000-0000-7000-8000-00000000000a';
const B = '0190a000-0000-7000-8000-00000000000b';
const C = '0190a000-0000-7000-8000-00000000000c';

function cacheWith(ttlMs: number, max = 100): ConsentLinkCache {
  return new ConsentLinkCache({
    env: { CONSENT_LINK_CACHE_TTL_MS: ttlMs, CONSENT_LINK_CACHE_MAX: max },
  } as unknown as NotificationSettings);
}

describe('ConsentLinkCache', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('keeps a link per person and purpose, whatever the case of the id', () => {
    const cache = cacheWith(60_000);
    cache.set(A, 'news', 'https://r/w?token=1');
    cache.set(A, 'attendee_listing', 'https://r/w?token=2');
    expect(cache.get(A.toUpperCase(), 'news')).toBe('https://r/w?token=1');
    expect(cache.get(A, 'attendee_listing')).toBe('https://r/w?token=2');
    expect(cache.get(A, 'directory_listing')).toBeUndefined();
    expect(cache.get(B, 'news')).toBeUndefined();
  });

  it('stops using a link after its TTL (monotonic time), and keeps nothing with TTL 0', () => {
    let now = 1_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    const cache = cacheWith(500);
    cache.set(A, 'news', 'https://r/w?token=1');
    now = 1_499;
    expect(cache.get(A, 'news')).toBe('https://r/w?token=1');
    now = 1_500;
    expect(cache.get(A, 'news')).toBeUndefined();
    expect(cache.size).toBe(0);
    const off = cacheWith(0);
    off.set(A, 'news', 'https://r/w?token=1');
    expect(off.get(A, 'news')).toBeUndefined();
    expect(off.size).toBe(0);
  });

  it('holds at most CONSENT_LINK_CACHE_MAX links, dropping the least recently used', () => {
    const cache = cacheWith(60_000, 2);
    cache.set(A, 'news', 'a');
    cache.set(B, 'news', 'b');
    expect(cache.get(A, 'news')).toBe('a'); // A is now the most recent
    cache.set(C, 'news', 'c');
    expect(cache.size).toBe(2);
    expect(cache.get(B, 'news')).toBeUndefined();
    expect([cache.get(A, 'news'), cache.get(C, 'news')]).toEqual(['a', 'c']);
  });

  it('forgets every link of the people named (changed, merged or erased), and only theirs', () => {
    const cache = cacheWith(60_000);
    cache.set(A, 'news', 'a1');
    cache.set(A, 'attendee_listing', 'a2');
    cache.set(B, 'news', 'b1');
    cache.forget([A.toUpperCase()]);
    expect([cache.get(A, 'news'), cache.get(A, 'attendee_listing'), cache.get(B, 'news')]).toEqual([undefined, undefined, 'b1']);
    cache.clear();
    expect(cache.size).toBe(0);
  });
});
