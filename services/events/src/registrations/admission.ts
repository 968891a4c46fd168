/** Who gets a seat: the rules of first-come and lottery admission, in plain TypeScript. */
import type { RegistrationStatus } from '@collabo/contracts';
import type { AdmissionMode } from '../events/exchange-event.entity.js';

export interface SeatSituation {
  admission: AdmissionMode;
  capacity: number;
  /** Registrations holding a seat (confirmed, offered, attended, no-show). */
  seatsHeld: number;
  /** People on the waiting list. */
  waiting: number;
}

/**
 * A new registration's status. First come: a free seat is taken only when nobody is waiting (a freed
 * seat belongs to the waiting list first), else the registrant waits. Lottery: received until the draw.
 */
export function admit(s: SeatSituation): Extract<RegistrationStatus, 'confirmed' | 'waitlisted' | 'received'> {
  if (s.admission === 'lottery') return 'received';
  return s.seatsHeld < s.capacity && s.waiting === 0 ? 'confirmed' : 'waitlisted';
}

export function freeSeats(capacity: number, seatsHeld: number): number {
  return Math.max(0, capacity - seatsHeld);
}

/** A seat offer runs for `ttlMinutes`, but never past the start of the event. */
export function offerExpiry(now: Date, ttlMinutes: number, startsAt: Date): Date {
  return new Date(Math.min(now.getTime() + ttlMinutes * 60_000, startsAt.getTime()));
}

/** Offers make sense only before the event starts. */
export function canOfferSeats(status: string, startsAt: Date, now: Date): boolean {
  return (status === 'published' || status === 'changed') && now.getTime() < startsAt.getTime();
}
