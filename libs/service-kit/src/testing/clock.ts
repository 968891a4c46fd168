import { Clock } from '../clock/clock.js';

export interface ClockStep {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  ms?: number;
}

/**
 * A clock that stands still until the test moves it: `new ManualClock('2026-04-01T00:00:00Z')`, then
 * `clock.set(...)` / `clock.advance({ days: 2 })`. Give it to the service as its Clock
 * (`startTestService({ ...definition, clock }, ...)`) and no test waits for time to pass.
 */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: Date | string | number = '2026-04-01T00:00:00.000Z') {
    super();
    this.current = ManualClock.toMs(start);
  }

  /** A fresh Date each call: a caller that changes it does not move the clock. */
  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string | number): this {
    this.current = ManualClock.toMs(to);
    return this;
  }

  /** Moves the clock forward (or back, with negative amounts) by `ms` milliseconds or by a step. */
  advance(by: number | ClockStep): this {
    const ms =
      typeof by === 'number'
        ? by
        : (by.days ?? 0) * 86_400_000 + (by.hours ?? 0) * 3_600_000 + (by.minutes ?? 0) * 60_000 + (by.seconds ?? 0) * 1000 + (by.ms ?? 0);
    if (!Number.isFinite(ms)) throw new Error(`cannot advance the clock by ${JSON.stringify(by)}`);
    this.current += ms;
    return this;
  }

  private static toMs(value: Date | string | number): number {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
    if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(value)}`);
    return ms;
  }
}
