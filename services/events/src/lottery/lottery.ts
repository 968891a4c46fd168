/**
 * The lottery draw, specified so that anyone can re-run it from the published seed and applicant ids:
 *
 * 1. Take the applicants' registration ids, lower-case, without duplicates, sorted ascending.
 * 2. Randomness is a stream of 32-bit numbers: block k (k = 0, 1, 2, …) is SHA-256 of the UTF-8 text
 *    `<seed>:<k>`; each block gives eight numbers, its bytes read four at a time, big-endian.
 * 3. Shuffle with Fisher–Yates from the end: for i = n−1 down to 1, take numbers from the stream until
 *    one is below ⌊2³² / (i+1)⌋ × (i+1) (so that every j is equally likely), let j = number mod (i+1),
 *    and swap positions i and j.
 * 4. The shuffled list is the draw order: the first ones get the seats, the rest wait in that order.
 */
import { createHash, randomBytes } from 'node:crypto';

export const LOTTERY_ALGORITHM = 'collabo-lottery-v1 (sorted ids, SHA-256 stream of "<seed>:<k>", Fisher-Yates with rejection sampling)';

class Sha256Stream {
  private block = Buffer.alloc(0);
  private offset = 0;
  private counter = 0;

  constructor(private readonly seed: string) {}

  nextUint32(): number {
    if (this.offset >= this.block.length) {
      this.block = createHash('sha256').update(`${this.seed}:${this.counter++}`, 'utf8').digest();
      this.offset = 0;
    }
    const value = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    const limit = Math.floor(0x100000000 / n) * n;
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}

/** The canonical applicant list a draw starts from. */
export function canonicalApplicants(applicantIds: readonly string[]): string[] {
  return [...new Set(applicantIds.map((id) => id.toLowerCase()))].sort();
}

/** The draw order of the applicants for a seed. Pure: the same seed and applicants always give the same order. */
export function drawLottery(seed: string, applicantIds: readonly string[]): string[] {
  const order = canonicalApplicants(applicantIds);
  const stream = new Sha256Stream(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = stream.below(i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** A fresh seed when staff give none: 128 random bits in hex. */
export function newSeed(): string {
  return randomBytes(16).toString('hex');
}

export interface AutoDrawFacts {
  admission: string;
  status: string;
  registrationClosesAt: Date | null;
  startsAt: Date;
}

/**
 * Whether the service draws an event's lottery itself now: a published lottery whose deadline passed
 * `graceMs` ago (the time staff have to draw it themselves) and that has not started.
 */
export function lotteryAutoDrawDue(e: AutoDrawFacts, now: Date, graceMs: number): boolean {
  return (
    e.admission === 'lottery' &&
    (e.status === 'published' || e.status === 'changed') &&
    e.registrationClosesAt !== null &&
    e.registrationClosesAt.getTime() + graceMs <= now.getTime() &&
    now.getTime() < e.startsAt.getTime()
  );
}
