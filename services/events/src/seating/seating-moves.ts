/** Hand adjustments of a stored plan: each move is checked, and the plan only changes when all of them are valid. */
import type { Tables } from './seating-model.js';

export interface SeatMove {
  registrationId: string;
  /** 1-based table number, or null to take the person out of the plan. */
  toTable: number | null;
}

export interface MoveError {
  field: string;
  message: string;
}

export interface MoveResult {
  tables: Tables;
  errors: MoveError[];
}

/**
 * Applies moves in order. `eligible` are the people who may sit (confirmed or attended); a person not
 * yet in the plan may be seated, a person no longer eligible may only be taken out. After all moves, no
 * table may have more than `seatsPerTable` people.
 */
export function applyMoves(tables: Tables, moves: SeatMove[], eligible: ReadonlySet<string>, seatsPerTable: number): MoveResult {
  const next = tables.map((t) => [...t]);
  const where = new Map<string, number>();
  next.forEach((t, i) => t.forEach((id) => where.set(id, i)));
  const errors: MoveError[] = [];
  moves.forEach((move, k) => {
    const field = `moves.${k}`;
    const from = where.get(move.registrationId);
    if (move.toTable === null) {
      if (from === undefined) errors.push({ field: `${field}.registrationId`, message: 'this person is not seated in the plan' });
      else {
        next[from] = next[from]!.filter((id) => id !== move.registrationId);
        where.delete(move.registrationId);
      }
      return;
    }
    if (!Number.isInteger(move.toTable) || move.toTable < 1 || move.toTable > next.length) {
      errors.push({ field: `${field}.toTable`, message: `there are tables 1 to ${next.length}` });
      return;
    }
    if (!eligible.has(move.registrationId)) {
      errors.push({ field: `${field}.registrationId`, message: 'only confirmed attendees of this event can be seated' });
      return;
    }
    const to = move.toTable - 1;
    if (from === to) return;
    if (from !== undefined) next[from] = next[from]!.filter((id) => id !== move.registrationId);
    next[to]!.push(move.registrationId);
    where.set(move.registrationId, to);
  });
  next.forEach((t, i) => {
    if (t.length > seatsPerTable) {
      errors.push({ field: 'moves', message: `table ${i + 1} would seat ${t.length} people; it has ${seatsPerTable} seats for attendees` });
    }
  });
  return { tables: errors.length ? tables : next.map((t) => [...t].sort()), errors };
}
