import { describe, expect, it } from 'vitest';
import { byTokyoDay, monthGrid, monthRange, parseMonth, shiftMonth } from './month';
import { applyMoves, checkMove, possibleTables, type PlanTable } from './seating-moves';

describe('the month calendar', () => {
  it('covers the month in whole weeks, Sunday first', () => {
    // December 2026 starts on a Tuesday and ends on a Thursday.
    const weeks = monthGrid(2026, 12);
    expect(weeks).toHaveLength(5);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
    expect(weeks[0]![0]).toEqual({ date: '2026-11-29', day: 29, inMonth: false });
    expect(weeks[0]![2]).toEqual({ date: '2026-12-01', day: 1, inMonth: true });
    expect(weeks[4]![6]).toEqual({ date: '2027-01-02', day: 2, inMonth: false });
    expect(weeks.flat().filter((c) => c.inMonth)).toHaveLength(31);
  });

  it('has six rows when the month needs them, and four for a February that fits', () => {
    expect(monthGrid(2026, 8)).toHaveLength(6); // 1 August 2026 is a Saturday
    expect(monthGrid(2015, 2)).toHaveLength(4); // 1 February 2015 is a Sunday, 28 days
    expect(
      monthGrid(2004, 2)
        .flat()
        .filter((c) => c.inMonth),
    ).toHaveLength(29);
  });

  it('reads and shifts months across years', () => {
    expect(parseMonth('2026-12')).toEqual([2026, 12]);
    expect(parseMonth('2026-13')).toBeUndefined();
    expect(parseMonth('')).toBeUndefined();
    expect(shiftMonth(2026, 12, 1)).toEqual([2027, 1]);
    expect(shiftMonth(2027, 1, -1)).toEqual([2026, 12]);
    expect(shiftMonth(2026, 3, -15)).toEqual([2024, 12]);
  });

  it('asks for the month from midnight of the 1st in Tokyo to the next 1st', () => {
    expect(monthRange(2026, 12)).toEqual({ from: '2026-11-30T15:00:00.000Z', to: '2026-12-31T15:00:00.000Z' });
  });

  it('puts an event on the Tokyo day it starts', () => {
    const days = byTokyoDay([
      { id: 'late', startsAt: '2026-12-01T18:00:00.000+09:00' },
      { id: 'early', startsAt: '2026-12-01T09:00:00.000+09:00' },
      { id: 'utc-evening', startsAt: '2026-12-01T16:00:00.000Z' }, // 01:00 on 2 December in Tokyo
    ]);
    expect(days.get('2026-12-01')!.map((e) => e.id)).toEqual(['early', 'late']);
    expect(days.get('2026-12-02')!.map((e) => e.id)).toEqual(['utc-evening']);
  });
});

describe('moving people between seating tables', () => {
  const seat = (id: string) => ({ registrationId: id, name: id, organizationName: null });
  const tables: PlanTable[] = [
    { table: 1, hostSeats: 0, seats: [seat('a'), seat('b'), seat('c')] },
    { table: 2, hostSeats: 1, seats: [seat('d'), seat('e')] },
    { table: 3, hostSeats: 0, seats: [seat('f')] },
  ];

  it('lets a person go to another table with a free seat', () => {
    expect(checkMove(tables, 4, 'a', 3)).toEqual({ ok: true, move: { registrationId: 'a', toTable: 3 } });
  });

  it('refuses the same table, a full table (host seats count), and unknown people or tables', () => {
    expect(checkMove(tables, 4, 'a', 1)).toEqual({ ok: false, reason: 'same_table' });
    expect(checkMove(tables, 3, 'f', 2)).toEqual({ ok: false, reason: 'table_full' }); // 3 seats less 1 host = 2, both taken
    expect(checkMove(tables, 3, 'd', 1)).toEqual({ ok: false, reason: 'table_full' });
    expect(checkMove(tables, 4, 'zz', 1)).toEqual({ ok: false, reason: 'unknown_seat' });
    expect(checkMove(tables, 4, 'a', 9)).toEqual({ ok: false, reason: 'unknown_table' });
  });

  it('lists the tables a person could go to', () => {
    expect(possibleTables(tables, 3, 'a')).toEqual([3]);
    expect(possibleTables(tables, 4, 'f')).toEqual([1, 2]);
  });

  it('shows the plan with the moves applied in order, without changing the plan it was given', () => {
    const moved = applyMoves(tables, [
      { registrationId: 'a', toTable: 3 },
      { registrationId: 'f', toTable: 1 },
    ]);
    expect(moved.map((t) => t.seats.map((s) => s.registrationId))).toEqual([['b', 'c', 'f'], ['d', 'e'], ['a']]);
    expect(tables[0]!.seats).toHaveLength(3);
    expect(applyMoves(tables, [{ registrationId: 'b', toTable: null }])[0]!.seats.map((s) => s.registrationId)).toEqual(['a', 'c']);
  });
});
