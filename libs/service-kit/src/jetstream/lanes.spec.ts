import { describe, expect, it } from '@jest/globals';
import { Lanes } from './lanes.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('Lanes', () => {
  it('keeps the work of one key in order and runs different keys side by side', async () => {
    const lanes = new Lanes(4);
    const log: string[] = [];
    let running = 0;
    let most = 0;
    const job = (key: string, n: number) => async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      await tick();
      log.push(`${key}${n}`);
      running--;
    };
    for (let n = 0; n < 5; n++) for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) await lanes.run(key, job(key, n));
    await lanes.idle();
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) {
      expect(log.filter((x) => x.startsWith(key))).toEqual([0, 1, 2, 3, 4].map((n) => `${key}${n}`));
    }
    expect(log).toHaveLength(30);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(4);
  });

  it('makes the caller wait when too much work is queued', async () => {
    const lanes = new Lanes(1);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    for (let i = 0; i < 4; i++) await lanes.run('k', () => gate);
    let fifthQueued = false;
    const fifth = lanes.run('k', async () => undefined).then(() => (fifthQueued = true));
    await tick();
    expect(fifthQueued).toBe(false);
    release();
    await fifth;
    await lanes.idle();
    expect(fifthQueued).toBe(true);
  });

  it('survives work that throws', async () => {
    const lanes = new Lanes(2);
    const done: number[] = [];
    await lanes.run('x', async () => {
      throw new Error('boom');
    });
    await lanes.run('x', async () => void done.push(1));
    await lanes.idle();
    expect(done).toEqual([1]);
  });
});
