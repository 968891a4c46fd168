import { Clock } from '../../src/common/clock.js';

/** A clock tests set and move forward, instead of waiting for time to pass. */
export class ManualClock extends Clock {
  private current: number;

  constructor(start: string | Date) {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(at: string | Date): void {
    this.current = new Date(at).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
