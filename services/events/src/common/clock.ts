/**
 * Where "now" comes from. Every rule that depends on the time (registration windows, seat-offer expiry,
 * reminders) asks the injected Clock, so tests move time forward instead of waiting.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
