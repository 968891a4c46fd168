import { describe, expect, it } from '@jest/globals';
import { sampleAttendees } from '../../bench/attendees.js';
import { randomPlan, roundRobinPlan } from './seating-baselines.js';
import { explainPlan } from './seating-explain.js';
import { buildProblem, canonicalRequest, tableSizes, type SeatingAttendee } from './seating-model.js';
import { applyMoves } from './seating-moves.js';
import { planSeating } from './seating-optimizer.js';
import { lowerBound, minimumPairs, scoreTables } from './seating-score.js';

const person = (
  id: string,
  org: string | null,
  sector: SeatingAttendee['sector'],
  fields: string[] = [],
  groups: string[] = [],
): SeatingAttendee => ({
  id,
  organizationKey: org,
  sector,
  focusFields: fields,
  studyGroupIds: groups,
});

function organizationClashes(attendees: SeatingAttendee[], tables: string[][]): number {
  const org = new Map(attendees.map((a) => [a.id, a.organizationKey]));
  let clashes = 0;
  for (const t of tables) {
    const seen = new Map<string, number>();
    for (const id of t) {
      const o = org.get(id);
      if (!o) continue;
      clashes += seen.get(o) ?? 0;
      seen.set(o, (seen.get(o) ?? 0) + 1);
    }
  }
  return clashes;
}

describe('table sizes', () => {
  it('uses as few tables as fit, with sizes differing by at most one, minus host seats', () => {
    expect(tableSizes(60, 6)).toEqual(Array(10).fill(6));
    expect(tableSizes(61, 6)).toEqual([6, 6, 6, 6, 6, 6, 5, 5, 5, 5, 5]);
    expect(tableSizes(10, 6, 1)).toEqual([5, 5]);
    expect(tableSizes(0, 6)).toEqual([]);
    expect(() => tableSizes(10, 2, 2)).toThrow();
  });
});

describe('scoring', () => {
  it('counts the fewest same-label pairs by spreading evenly, within table sizes', () => {
    expect(minimumPairs(10, [6, 6])).toBe(20); // 5 + 5
    expect(minimumPairs(3, [6, 6, 6])).toBe(0);
    expect(minimumPairs(7, [6, 1])).toBe(15); // 6 + 1: the small table fills up
  });

  it('gives 100 at the lower bound, about 0 for a random seating, and names the shared pairs', () => {
    const attendees = [
      person('a', 'o1', 'industry', ['food']),
      person('b', 'o1', 'industry', ['food']),
      person('c', 'o2', 'academia', ['bio']),
      person('d', 'o3', 'academia', ['bio']),
    ];
    const best = scoreTables(attendees, [
      ['a', 'c'],
      ['b', 'd'],
    ]);
    expect(best.mixScore).toBe(100);
    expect(best.organizationPairs).toBe(0);
    const worst = scoreTables(attendees, [
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(worst.organizationPairs).toBe(1);
    expect(worst.sectorPairs).toBe(2);
    expect(worst.focusFieldPairs).toBe(2);
    expect(worst.mixScore).toBeLessThan(0);
    expect(worst.tables[0]).toMatchObject({ table: 1, size: 2, sectors: { industry: 2 }, focusFields: { food: 2 } });

    const many = sampleAttendees(120, 'score');
    const request = { attendees: many, tableSize: 6 };
    const randomScores = Array.from({ length: 30 }, (_, k) => scoreTables(many, randomPlan(request, `r${k}`)).mixScore);
    const mean = randomScores.reduce((a, b) => a + b, 0) / randomScores.length;
    expect(Math.abs(mean)).toBeLessThan(10);
  });
});

describe('planning a seating', () => {
  it('seats 60 attendees at tables of 6 with no two from one organisation, and mixes sectors', () => {
    const attendees = sampleAttendees(60, 'sixty');
    const result = planSeating({ attendees, tableSize: 6 });
    expect(result.tables).toHaveLength(10);
    expect(result.tables.every((t) => t.length === 6)).toBe(true);
    expect(new Set(result.tables.flat()).size).toBe(60);
    expect(organizationClashes(attendees, result.tables)).toBe(0);
    const score = scoreTables(attendees, result.tables);
    const roundRobin = scoreTables(attendees, roundRobinPlan({ attendees, tableSize: 6 }));
    expect(score.mixScore).toBeGreaterThan(roundRobin.mixScore);
    expect(score.mixScore).toBeGreaterThan(85);
    // Every table holds at least two sectors (industry alone would be a missed chance to meet).
    for (const t of score.tables) expect(Object.keys(t.sectors).length).toBeGreaterThanOrEqual(2);
  });

  it('is deterministic: the same attendees in another order give the same plan', () => {
    const attendees = sampleAttendees(40, 'det');
    const a = planSeating({ attendees, tableSize: 5 });
    const b = planSeating({ attendees: [...attendees].reverse(), tableSize: 5 });
    expect(b.tables).toEqual(a.tables);
    expect(b.inputHash).toBe(a.inputHash);
    const c = planSeating({ attendees, tableSize: 4 });
    expect(c.inputHash).not.toBe(a.inputHash);
  });

  it('keeps host seats free and keeps unavoidable clashes to the minimum', () => {
    // Eight people from one university, 12 people in all, tables of 4 with one host seat: 4 tables of 3.
    const attendees = [
      ...Array.from({ length: 8 }, (_, k) => person(`u${k}`, 'hokudai', 'academia')),
      ...Array.from({ length: 4 }, (_, k) => person(`c${k}`, `company-${k}`, 'industry')),
    ];
    const result = planSeating({ attendees, tableSize: 4, hostsPerTable: 1 });
    expect(result.tables.map((t) => t.length)).toEqual([3, 3, 3, 3]);
    const score = scoreTables(attendees, result.tables);
    expect(score.unavoidableOrganizationPairs).toBe(4); // 2 per table at best
    expect(score.organizationPairs).toBe(4);
    const problem = buildProblem(canonicalRequest({ attendees, tableSize: 4 }).attendees);
    expect(score.cost).toBeGreaterThanOrEqual(lowerBound(problem, [3, 3, 3, 3]));
  });

  it('handles a single attendee and people without any known attributes', () => {
    expect(planSeating({ attendees: [person('x', null, null)], tableSize: 6 }).tables).toEqual([['x']]);
    const blanks = Array.from({ length: 7 }, (_, k) => person(`b${k}`, null, null));
    const plan = planSeating({ attendees: blanks, tableSize: 6 });
    expect(plan.tables.map((t) => t.length).sort()).toEqual([3, 4]);
    expect(scoreTables(blanks, plan.tables).mixScore).toBe(100);
  });
});

describe('hand moves', () => {
  const tables = [
    ['a', 'b'],
    ['c', 'd'],
  ];
  const eligible = new Set(['a', 'b', 'c', 'd', 'e']);

  it('moves, seats a newcomer and takes people out', () => {
    const moved = applyMoves(
      tables,
      [
        { registrationId: 'a', toTable: 2 },
        { registrationId: 'e', toTable: 1 },
        { registrationId: 'd', toTable: null },
      ],
      eligible,
      3,
    );
    expect(moved.errors).toEqual([]);
    expect(moved.tables).toEqual([
      ['b', 'e'],
      ['a', 'c'],
    ]);
  });

  it('refuses unknown tables, ineligible people and overfull tables, changing nothing', () => {
    const bad = applyMoves(
      tables,
      [
        { registrationId: 'a', toTable: 3 },
        { registrationId: 'zz', toTable: 1 },
        { registrationId: 'zz', toTable: null },
        { registrationId: 'c', toTable: 1 },
        { registrationId: 'e', toTable: 1 },
      ],
      eligible,
      2,
    );
    expect(bad.tables).toBe(tables);
    expect(bad.errors.map((e) => e.field)).toEqual(['moves.0.toTable', 'moves.1.registrationId', 'moves.2.registrationId', 'moves']);
  });
});

describe('explanation', () => {
  it('says in both languages how the tables are mixed', () => {
    const attendees = sampleAttendees(24, 'explain');
    const plan = planSeating({ attendees, tableSize: 6, hostsPerTable: 0 });
    const text = explainPlan(scoreTables(attendees, plan.tables), { tableSize: 6, hostsPerTable: 0 });
    expect(text.en).toContain('24 attendees at 4 tables');
    expect(text.en).toContain('No table seats two people from the same organisation.');
    expect(text.ja).toContain('参加者24名を4卓に配置しました');
    expect(text.ja).toContain('混合スコア');
  });
});
