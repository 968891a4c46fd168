/**
 * Moving people between the tables of a seating plan by hand (drag and drop, or the keyboard): which moves a table
 * can take, and the plan as it will look, shown at once while the service checks and rescores it
 * (`POST /v1/events/{id}/seating/moves`, all or nothing, If-Match the plan's ETag).
 */

export interface PlanSeat {
  registrationId: string;
  name: string;
  organizationName: string | null;
}

export interface PlanTable {
  table: number;
  hostSeats: number;
  seats: PlanSeat[];
}

export interface SeatMove {
  registrationId: string;
  toTable: number | null;
}

export type MoveCheck =
  { ok: true; move: SeatMove } | { ok: false; reason: 'same_table' | 'table_full' | 'unknown_seat' | 'unknown_table' };

/** Seats a table has for attendees: its size less the seats kept for hosts. */
export const guestSeats = (tableSize: number, table: Pick<PlanTable, 'hostSeats'>) => tableSize - table.hostSeats;

export function tableOf(tables: readonly PlanTable[], registrationId: string): PlanTable | undefined {
  return tables.find((t) => t.seats.some((s) => s.registrationId === registrationId));
}

/** Whether a person may go to a table: a different one, with a free seat. */
export function checkMove(tables: readonly PlanTable[], tableSize: number, registrationId: string, toTable: number): MoveCheck {
  const from = tableOf(tables, registrationId);
  if (!from) return { ok: false, reason: 'unknown_seat' };
  const to = tables.find((t) => t.table === toTable);
  if (!to) return { ok: false, reason: 'unknown_table' };
  if (to.table === from.table) return { ok: false, reason: 'same_table' };
  if (to.seats.length >= guestSeats(tableSize, to)) return { ok: false, reason: 'table_full' };
  return { ok: true, move: { registrationId, toTable } };
}

/** The plan with the moves applied in order (what the screen shows while the service checks them). */
export function applyMoves(tables: readonly PlanTable[], moves: readonly SeatMove[]): PlanTable[] {
  let next = tables.map((t) => ({ ...t, seats: [...t.seats] }));
  for (const m of moves) {
    const from = tableOf(next, m.registrationId);
    if (!from) continue;
    const seat = from.seats.find((s) => s.registrationId === m.registrationId)!;
    next = next.map((t) =>
      t.table === from.table
        ? { ...t, seats: t.seats.filter((s) => s.registrationId !== m.registrationId) }
        : t.table === m.toTable
          ? { ...t, seats: [...t.seats, seat] }
          : t,
    );
  }
  return next;
}

/** The tables a person could be moved to now (for the keyboard's "move to" list). */
export function possibleTables(tables: readonly PlanTable[], tableSize: number, registrationId: string): number[] {
  return tables.filter((t) => checkMove(tables, tableSize, registrationId, t.table).ok).map((t) => t.table);
}
