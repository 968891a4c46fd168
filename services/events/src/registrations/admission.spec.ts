import { describe, expect, it } from '@jest/globals';
import { admit, canOfferSeats, freeSeats, offerExpiry } from './admission.js';

describe('admission', () => {
  it('gives a first-come registrant a free seat only when nobody is waiting', () => {
    expect(admit({ admission: 'first_come', capacity: 2, seatsHeld: 1, waiting: 0 })).toBe('confirmed');
    expect(admit({ admission: 'first_come', capacity: 2, seatsHeld: 2, waiting: 0 })).toBe('waitlisted');
    expect(admit({ admission: 'first_come', capacity: 3, seatsHeld: 1, waiting: 1 })).toBe('waitlisted');
  });

  it('only receives lottery applications until the draw', () => {
    expect(admit({ admission: 'lottery', capacity: 50, seatsHeld: 0, waiting: 0 })).toBe('received');
  });

  it('counts free seats, never below zero', () => {
    expect(freeSeats(50, 48)).toBe(2);
    expect(freeSeats(40, 48)).toBe(0);
  });

  it('lets an offer run for its time but not past the start of the event', () => {
    const now = new Date('2026-11-01T00:00:00Z');
    expect(offerExpiry(now, 60, new Date('2026-12-01T00:00:00Z')).toISOString()).toBe('2026-11-01T01:00:00.000Z');
    expect(offerExpiry(now, 60, new Date('2026-11-01T00:30:00Z')).toISOString()).toBe('2026-11-01T00:30:00.000Z');
  });

  it('offers seats only for a published event that has not started', () => {
    const start = new Date('2026-12-01T09:00:00Z');
    expect(canOfferSeats('published', start, new Date('2026-11-30T00:00:00Z'))).toBe(true);
    expect(canOfferSeats('changed', start, new Date('2026-11-30T00:00:00Z'))).toBe(true);
    expect(canOfferSeats('published', start, start)).toBe(false);
    expect(canOfferSeats('cancelled', start, new Date('2026-11-30T00:00:00Z'))).toBe(false);
  });
});
