import { createHash } from 'node:crypto';

// A module-level alias: a global lookup per call is measurably slow in some sandboxes (Jest's VM contexts).
const imul = Math.imul;

/** A fast, seedable pseudo-random generator (xoshiro128**): the same seed gives the same sequence everywhere. */
export class Prng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: string) {
    const h = createHash('sha256').update(seed).digest();
    this.s0 = h.readUInt32BE(0) | 0;
    this.s1 = h.readUInt32BE(4) | 0;
    this.s2 = h.readUInt32BE(8) | 0;
    this.s3 = h.readUInt32BE(12) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = imul(rotl(imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A uniform integer in [0, n), for n up to 2³¹. */
  int(n: number): number {
    return ((this.nextUint32() / 4294967296) * n) | 0;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
