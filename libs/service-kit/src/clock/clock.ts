/**
 * Where "now" comes from: the injection token (`constructor(private readonly clock: Clock)`) every service uses
 * for a time that the domain sees (a deadline, an expiry, a `createdAt`, a report's year). The kit module provides
 * SystemClock; a service definition (`clock`) or a test (`ManualClock` from `@collabo/service-kit/testing`)
 * provides another. Services never call `new Date()` or `Date.now()` outside what the clock gives; the kit keeps
 * `Date.now()` for its timers, latencies and back-offs only.
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The real time. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
