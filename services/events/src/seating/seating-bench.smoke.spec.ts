import { describe, expect, it } from '@jest/globals';
import { formatTable, runSeatingBenchmark } from '../../bench/seating.bench.js';

describe('seating benchmark (one-second smoke run)', () => {
  it('runs, prints its table, and the planner beats both baselines', () => {
    const rows = runSeatingBenchmark({
      sizes: [60],
      tableSize: 6,
      profiles: ['typical'],
      randomSamples: 10,
      longSearch: { restarts: 1, iterationFactor: 1 },
    });
    expect(rows.map((r) => r.method)).toEqual([
      'round-robin (registration order)',
      'random (mean of 10)',
      'planner (default settings)',
      'long search (1 restarts × 1× iterations)',
    ]);
    const [roundRobin, random, planner, long] = rows;
    expect(planner!.mixScore).toBeGreaterThan(roundRobin!.mixScore);
    expect(planner!.mixScore).toBeGreaterThan(random!.mixScore);
    expect(planner!.organizationPairs).toBe(0);
    expect(long!.mixScore).toBeLessThanOrEqual(100);
    const table = formatTable(rows);
    expect(table.split('\n')[0]).toMatch(/^\| attendees \| profile \| method/);
    expect(table).toContain('60 typical attendees: planner');
  });
});
