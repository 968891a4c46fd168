import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { canonicalApplicants, drawLottery, lotteryAutoDrawDue, newSeed } from './lottery.js';

const ids = Array.from({ length: 30 }, (_, k) => `0190f3c6-7b7a-7c1e-9a6e-${String(k).padStart(12, '0')}`);

describe('lottery draw', () => {
  it('gives the same order for the same seed and applicants, in any input order', () => {
    const a = drawLottery('public-seed-2026', ids);
    const b = drawLottery(
      'public-seed-2026',
      [...ids].reverse().map((id) => id.toUpperCase()),
    );
    expect(b).toEqual(a);
    expect([...a].sort()).toEqual(canonicalApplicants(ids));
  });

  it('gives another order for another seed', () => {
    expect(drawLottery('seed-a', ids)).not.toEqual(drawLottery('seed-b', ids));
  });

  it('follows its published specification step by step', () => {
    // Re-implemented here from the description in lottery.ts, as an outsider would.
    const seed = 'spec-check';
    const order = [...ids].sort();
    let k = 0;
    let buffer: number[] = [];
    const next = () => {
      if (!buffer.length) {
        const digest = createHash('sha256').update(`${seed}:${k++}`).digest();
        buffer = Array.from({ length: 8 }, (_, i) => digest.readUInt32BE(i * 4));
      }
      return buffer.shift()!;
    };
    for (let i = order.length - 1; i > 0; i--) {
      const limit = Math.floor(2 ** 32 / (i + 1)) * (i + 1);
      let x = next();
      while (x >= limit) x = next();
      const j = x % (i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    expect(drawLottery(seed, ids)).toEqual(order);
  });

  it('is fair: over many seeds every applicant wins the first seat about equally often', () => {
    const few = ids.slice(0, 5);
    const wins = new Map<string, number>();
    for (let s = 0; s < 5000; s++) {
      const first = drawLottery(`s${s}`, few)[0]!;
      wins.set(first, (wins.get(first) ?? 0) + 1);
    }
    for (const id of few) expect(Math.abs((wins.get(id) ?? 0) - 1000)).toBeLessThan(150);
  });

  it('handles no applicant and one applicant, and makes fresh seeds', () => {
    expect(drawLottery('x', [])).toEqual([]);
    expect(drawLottery('x', [ids[0]!])).toEqual([ids[0]]);
    expect(newSeed()).toMatch(/^[0-9a-f]{32}$/);
    expect(newSeed()).not.toBe(newSeed());
  });
});

describe('automatic draw', () => {
  const closes = new Date('2026-11-20T08:00:00Z');
  const event = { admission: 'lottery', status: 'published', registrationClosesAt: closes, startsAt: new Date('2026-12-01T09:00:00Z') };
  const hour = 60 * 60 * 1000;

  it('is due once the time staff have to draw after the deadline has passed, until the event starts', () => {
    expect(lotteryAutoDrawDue(event, new Date(closes.getTime() + hour - 1), hour)).toBe(false);
    expect(lotteryAutoDrawDue(event, new Date(closes.getTime() + hour), hour)).toBe(true);
    expect(lotteryAutoDrawDue({ ...event, status: 'changed' }, new Date(closes.getTime() + hour), hour)).toBe(true);
    expect(lotteryAutoDrawDue(event, event.startsAt, hour)).toBe(false);
  });

  it('is never due for first-come, draft, cancelled or completed events', () => {
    const late = new Date(closes.getTime() + 2 * hour);
    expect(lotteryAutoDrawDue({ ...event, admission: 'first_come' }, late, hour)).toBe(false);
    for (const status of ['draft', 'cancelled', 'completed']) expect(lotteryAutoDrawDue({ ...event, status }, late, hour)).toBe(false);
    expect(lotteryAutoDrawDue({ ...event, registrationClosesAt: null }, late, hour)).toBe(false);
  });
});
