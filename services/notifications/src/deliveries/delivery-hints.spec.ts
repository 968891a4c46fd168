import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { DeliveryHints } from './delivery-hints.js';

const drain = (hints: DeliveryHints) => {
  const ids: string[] = [];
  for (let id = hints.take(); id !== undefined; id = hints.take()) ids.push(id);
  return ids;
};

describe('DeliveryHints', () => {
  it('hands out an event’s ids only after its transaction committed, oldest event first', () => {
    const hints = new DeliveryHints();
    hints.stage('e1', ['a', 'b']);
    hints.stage('e2', ['c']);
    expect(hints.take()).toBeUndefined();
    expect(hints.settle('e2', true)).toBe(true);
    expect(hints.settle('e1', true)).toBe(true);
    // in the order the commits were reported: an event's rows together
    expect(drain(hints)).toEqual(['c', 'a', 'b']);
    expect(hints.size).toBe(0);
  });

  it('drops the ids of a transaction that did not commit, and ignores unknown or missing event ids', () => {
    const hints = new DeliveryHints();
    hints.stage('e1', ['a']);
    expect(hints.settle('e1', false)).toBe(false);
    expect(hints.settle('e1', true)).toBe(false);
    expect(hints.settle('unknown', true)).toBe(false);
    expect(hints.settle(null, true)).toBe(false);
    expect(hints.take()).toBeUndefined();
  });

  it('collects several writes of one event, skips an event without ids, and hands an id out once', () => {
    const hints = new DeliveryHints();
    hints.stage('e1', []);
    expect(hints.settle('e1', true)).toBe(false);
    hints.stage('e1', ['a']);
    hints.stage('e1', ['b', 'a']);
    hints.settle('e1', true);
    expect(drain(hints)).toEqual(['a', 'b']);
  });

  it('stays bounded: the oldest unreported event is dropped, and ready ids stop at the limit', () => {
    const hints = new DeliveryHints();
    for (let i = 0; i < 2_001; i++) hints.stage(`e${i}`, [`id${i}`]);
    expect(hints.settle('e0', true)).toBe(false); // dropped to make room for e2000
    expect(hints.settle('e2000', true)).toBe(true);
    expect(drain(hints)).toEqual(['id2000']);
    const many = Array.from({ length: 10_005 }, (_, i) => `m${i}`);
    hints.stage('big', many);
    hints.settle('big', true);
    expect(hints.size).toBe(10_000);
    expect(drain(hints)).toHaveLength(10_000);
    expect(hints.take()).toBeUndefined();
  });
});
