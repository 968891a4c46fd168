import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { DeliveryHints, type ClaimedRow } from './delivery-hints.js';

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

describe('DeliveryHints: emails written claimed', () => {
  const worker = { workerId: 'w1', leaseMs: 60_000, slots: 3 };
  const row = (id: string): ClaimedRow => ({
    id,
    kind: 'proposal_advanced',
    language: 'ja',
    recipient_email: `${id}@example.jp`,
    recipient_name: null,
    subject: 's',
    text_body: 't',
    html_body: 'h',
    attachments: [],
    unsubscribe_url: null,
    secret_links: [],
    message_id: `<${id}@example.jp>`,
    attempts: 1,
    claim_token: `token-${id}`,
    correlation_id: null,
    trace_context: null,
  });
  const drainClaimed = (hints: DeliveryHints) => {
    const ids: string[] = [];
    for (let r = hints.takeClaimed(); r !== undefined; r = hints.takeClaimed()) ids.push(r.id);
    return ids;
  };

  it('names the worker only while it takes emails, and only for rows that fit its free slots with few ids ahead of them', () => {
    const hints = new DeliveryHints();
    expect(hints.claimedFor('e0', 1)).toBeNull();
    hints.openForClaims(worker);
    expect(hints.claimedFor('e0', 0)).toBeNull();
    expect(hints.claimedFor('e0', 4)).toBeNull();
    expect(hints.claimedFor('e0', 3)).toEqual(worker);
    // the event that was answered stages fewer rows than promised (one was already recorded) and commits nothing
    hints.stageClaimed('e0', [row('z')]);
    hints.settle('e0', false);
    // rows in an open transaction, and committed ones no lane took yet, take their slots
    expect(hints.claimedFor('e1', 2)).toEqual(worker);
    hints.stageClaimed('e1', [row('a'), row('b')]);
    expect(hints.claimedFor('e2', 2)).toBeNull();
    hints.settle('e1', true);
    expect(hints.claimedFor('e2', 2)).toBeNull();
    expect(drainClaimed(hints)).toEqual(['a', 'b']);
    expect(hints.claimedFor('e2', 3)).toEqual(worker);
    hints.settle('e2', true);
    // up to four committed ids per slot ahead (12 here): no more is written claimed beyond that
    hints.stage(
      'e3',
      Array.from({ length: 12 }, (_, i) => `x${i}`),
    );
    hints.settle('e3', true);
    expect(hints.claimedFor('e4', 1)).toEqual(worker);
    hints.settle('e4', false);
    hints.stage('e5', ['y']);
    hints.settle('e5', true);
    expect(hints.claimedFor('e6', 1)).toBeNull();
  });

  it('keeps the slots it promised to an event until the event stages its rows or settles: events handled at once do not overfill the lanes', () => {
    const hints = new DeliveryHints();
    hints.openForClaims(worker);
    // two consumers ask before either has inserted anything
    expect(hints.claimedFor('e1', 2)).toEqual(worker);
    expect(hints.claimedFor('e2', 2)).toBeNull();
    expect(hints.claimedFor('e2', 1)).toEqual(worker);
    expect(hints.claimedFor('e3', 1)).toBeNull();
    // e1 wrote one of its two (the other was recorded before): its staged row and the rest of its promise count
    hints.stageClaimed('e1', [row('a')]);
    expect(hints.claimedFor('e3', 1)).toBeNull();
    // e2 did not commit: its slot is free again, and e1's unused one once it commits
    hints.settle('e2', false);
    expect(hints.claimedFor('e3', 1)).toEqual(worker);
    hints.settle('e1', true);
    expect(hints.claimedFor('e4', 1)).toEqual(worker);
    expect(hints.claimedFor('e5', 1)).toBeNull();
    // an event that asks twice adds up its promises
    hints.settle('e3', true);
    hints.settle('e4', true);
    expect(drainClaimed(hints)).toEqual(['a']);
    expect(hints.claimedFor('e6', 1)).toEqual(worker);
    expect(hints.claimedFor('e6', 2)).toEqual(worker);
    expect(hints.claimedFor('e7', 1)).toBeNull();
  });

  it('hands both kinds out in the order of the commits: a row written claimed waits behind older ids', () => {
    const hints = new DeliveryHints();
    hints.openForClaims(worker);
    hints.stage('e1', ['x']);
    hints.stageClaimed('e2', [row('a')]);
    hints.stage('e3', ['y']);
    hints.stageClaimed('e3', [row('b')]);
    for (const e of ['e1', 'e2', 'e3']) hints.settle(e, true);
    const order: string[] = [];
    for (;;) {
      const claimed = hints.takeClaimed();
      if (claimed) order.push(claimed.id);
      else {
        const id = hints.take();
        if (id === undefined) break;
        order.push(id);
      }
    }
    // e3's rows written claimed were made ready before its ids (one commit): either order within it is the commit's
    expect(order).toEqual(['x', 'a', 'b', 'y']);
  });

  it('hands the rows of a committed transaction to the lanes in order, drops those of one that did not commit, and takes a row back to the front', () => {
    const hints = new DeliveryHints();
    hints.openForClaims(worker);
    hints.stageClaimed('e1', [row('a')]);
    hints.stageClaimed('e1', [row('b')]);
    hints.stageClaimed('e2', [row('c')]);
    hints.stageClaimed('e3', []);
    expect(hints.takeClaimed()).toBeUndefined();
    expect(hints.settle('e2', false)).toBe(false);
    expect(hints.settle('e1', true)).toBe(true);
    const first = hints.takeClaimed()!;
    hints.returnClaimed(first);
    expect(drainClaimed(hints)).toEqual(['a', 'b']);
    expect(hints.settle('e3', true)).toBe(false);
  });

  it('gives back what no lane took when the worker stops, and hands later commits and returns to the release', () => {
    const hints = new DeliveryHints();
    hints.openForClaims(worker);
    hints.stageClaimed('e1', [row('a')]);
    hints.stageClaimed('e2', [row('b')]);
    hints.settle('e1', true);
    const released: string[] = [];
    expect(hints.closeForClaims((rows) => released.push(...rows.map((r) => r.id))).map((r) => r.id)).toEqual(['a']);
    expect(hints.claimedFor('e9', 1)).toBeNull();
    expect(hints.takeClaimed()).toBeUndefined();
    hints.settle('e2', true);
    hints.returnClaimed(row('c'));
    expect(released).toEqual(['b', 'c']);
    // open again: a fresh start, nothing left over
    hints.openForClaims(worker);
    expect(hints.takeClaimed()).toBeUndefined();
    expect(hints.claimedFor('e9', 3)).toEqual(worker);
  });
});
