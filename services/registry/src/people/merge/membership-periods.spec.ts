import { describe, expect, it } from '@jest/globals';
import { combine, overlappingClusters } from './membership-periods.js';

describe('overlappingClusters', () => {
  it('groups memberships whose days overlap, through a third one too, and leaves apart those that do not', () => {
    const a = { id: 'a', joinedOn: '2020-04-01', leftOn: '2021-03-31' };
    const b = { id: 'b', joinedOn: '2021-01-01', leftOn: '2022-03-31' };
    const c = { id: 'c', joinedOn: '2022-03-01', leftOn: null };
    const d = { id: 'd', joinedOn: '2010-04-01', leftOn: '2011-03-31' };
    expect(overlappingClusters([c, a, d, b]).map((x) => x.map((m) => m.id))).toEqual([['d'], ['a', 'b', 'c']]);
  });

  it('does not join a membership that starts the day after another ended', () => {
    const a = { id: 'a', joinedOn: '2020-04-01', leftOn: '2021-03-31' };
    const b = { id: 'b', joinedOn: '2021-04-01', leftOn: null };
    expect(overlappingClusters([a, b])).toHaveLength(2);
  });
});

describe('combine', () => {
  it('keeps a role change recorded in the other membership: the later-starting period takes its days, the earlier resumes', () => {
    const survivor = {
      id: 's',
      joinedOn: '2020-04-01',
      leftOn: null,
      periods: [{ role: 'member' as const, fromOn: '2020-04-01', toOn: null }],
    };
    const merged = {
      id: 'm',
      joinedOn: '2022-04-01',
      leftOn: '2023-03-31',
      periods: [{ role: 'representative' as const, fromOn: '2022-04-01', toOn: '2023-03-31' }],
    };
    expect(combine([survivor, merged])).toEqual({
      keepId: 's',
      removeIds: ['m'],
      role: 'member',
      joinedOn: '2020-04-01',
      leftOn: null,
      periods: [
        { role: 'member', fromOn: '2020-04-01', toOn: '2022-03-31' },
        { role: 'representative', fromOn: '2022-04-01', toOn: '2023-03-31' },
        { role: 'member', fromOn: '2023-04-01', toOn: null },
      ],
    });
  });

  it('joins the same role held in both into one period, from the earliest day to the latest', () => {
    const a = {
      id: 'a',
      joinedOn: '2021-04-01',
      leftOn: '2022-03-31',
      periods: [{ role: 'member' as const, fromOn: '2021-04-01', toOn: '2022-03-31' }],
    };
    const b = {
      id: 'b',
      joinedOn: '2020-04-01',
      leftOn: '2021-06-30',
      periods: [{ role: 'member' as const, fromOn: '2020-04-01', toOn: '2021-06-30' }],
    };
    const c = combine([a, b]);
    expect(c).toMatchObject({ keepId: 'b', removeIds: ['a'], joinedOn: '2020-04-01', leftOn: '2022-03-31', role: 'member' });
    expect(c.periods).toEqual([{ role: 'member', fromOn: '2020-04-01', toOn: '2022-03-31' }]);
  });

  it('gives a tie on the first day to the membership listed first (the survivor’s)', () => {
    const s = {
      id: 's',
      joinedOn: '2020-04-01',
      leftOn: null,
      periods: [{ role: 'secretary' as const, fromOn: '2020-04-01', toOn: null }],
    };
    const m = { id: 'm', joinedOn: '2020-04-01', leftOn: null, periods: [{ role: 'member' as const, fromOn: '2020-04-01', toOn: null }] };
    expect(combine([s, m])).toMatchObject({
      keepId: 's',
      role: 'secretary',
      periods: [{ role: 'secretary', fromOn: '2020-04-01', toOn: null }],
    });
  });

  it('leaves periods without gap or overlap, the first starting on the joined day and the last ending on the left day', () => {
    const a = {
      id: 'a',
      joinedOn: '2019-04-01',
      leftOn: '2024-03-31',
      periods: [
        { role: 'member' as const, fromOn: '2019-04-01', toOn: '2021-03-31' },
        { role: 'deputy' as const, fromOn: '2021-04-01', toOn: '2024-03-31' },
      ],
    };
    const b = {
      id: 'b',
      joinedOn: '2020-10-01',
      leftOn: '2025-03-31',
      periods: [
        { role: 'auditor' as const, fromOn: '2020-10-01', toOn: '2022-09-30' },
        { role: 'member' as const, fromOn: '2022-10-01', toOn: '2025-03-31' },
      ],
    };
    const { periods, joinedOn, leftOn } = combine([a, b]);
    expect(periods[0]!.fromOn).toBe(joinedOn);
    expect(periods[periods.length - 1]!.toOn).toBe(leftOn);
    for (let i = 1; i < periods.length; i++) {
      const prev = new Date(`${periods[i - 1]!.toOn}T00:00:00Z`).getTime();
      expect(new Date(`${periods[i]!.fromOn}T00:00:00Z`).getTime() - prev).toBe(86_400_000);
    }
    expect(periods.map((p) => p.role)).toEqual(['member', 'auditor', 'deputy', 'member']);
  });
});
