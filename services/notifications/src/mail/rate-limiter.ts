/**
 * Spaces sends evenly: at most `perSecond` per second from this process, across all its SMTP lanes.
 * Each caller reserves the next free slot and waits until it comes.
 */
export class RateLimiter {
  private readonly intervalMs: number;
  private nextSlot = 0;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!(perSecond > 0)) throw new Error('the rate must be positive');
    this.intervalMs = 1000 / perSecond;
  }

  /** Reserves a slot; returns how long to wait for it (0 when it is free now). */
  reserve(): number {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    return Math.max(0, Math.ceil(slot - now));
  }
}
