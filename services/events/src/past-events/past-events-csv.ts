import { csvHeaderErrors, integerCell, listCell, type CsvRow, type FieldError } from '@collabo/service-kit';

/**
 * The past-events CSV: one row per event that took place, its attendees as registry person ids in one cell.
 * Pure: a row to the body of `POST /events` (historical) and its attendee list, every problem named by column.
 */

/** A CSV column, the request field it fills (a path in CreateEventDto) and how its text is read. */
export interface PastEventColumn {
  column: string;
  field: string;
  type: 'text' | 'integer' | 'list';
  required?: boolean;
}

export const PAST_EVENT_COLUMNS: readonly PastEventColumn[] = [
  { column: 'kind', field: 'kind', type: 'text', required: true },
  { column: 'title_ja', field: 'title.ja', type: 'text', required: true },
  { column: 'title_en', field: 'title.en', type: 'text' },
  { column: 'description_ja', field: 'description.ja', type: 'text' },
  { column: 'description_en', field: 'description.en', type: 'text' },
  { column: 'organizer_id', field: 'organizerId', type: 'text', required: true },
  { column: 'co_organizer_ids', field: 'coOrganizerIds', type: 'list' },
  { column: 'venue_kind', field: 'venue.kind', type: 'text', required: true },
  { column: 'venue_name', field: 'venue.name', type: 'text', required: true },
  { column: 'venue_address', field: 'venue.address', type: 'text' },
  { column: 'venue_capacity', field: 'venue.capacity', type: 'integer', required: true },
  { column: 'capacity', field: 'capacity', type: 'integer' },
  { column: 'starts_at', field: 'startsAt', type: 'text', required: true },
  { column: 'ends_at', field: 'endsAt', type: 'text', required: true },
  { column: 'fee_yen', field: 'feeYen', type: 'integer' },
  { column: 'party_fee_yen', field: 'partyFeeYen', type: 'integer' },
  { column: 'language', field: 'language', type: 'text' },
];

/** The column of the attendees: registry person ids, separated by `;` (also `,`, `、`, `|` or `/`). */
export const ATTENDEES_COLUMN = 'attendee_person_ids';
/** At most this many attendees in one row (as `POST /events/{id}/attendance` takes in one request). */
export const MAX_ATTENDEES_PER_EVENT = 1000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Header problems: unknown columns (a typo would silently drop data), a column twice, required ones missing. */
export function pastEventHeaderErrors(header: string[]): FieldError[] {
  return csvHeaderErrors(
    header,
    [...PAST_EVENT_COLUMNS.map((c) => c.column), ATTENDEES_COLUMN],
    PAST_EVENT_COLUMNS.filter((c) => c.required).map((c) => c.column),
  );
}

export interface PastEventRow {
  /** The body of `POST /events` the row describes (historical; defaults filled in), to be validated as such. */
  body: Record<string, unknown>;
  /** The attendees' person ids, as written (lower-cased). */
  attendees: string[];
  /** Problems found in reading the cells (numbers, ids, lists). */
  errors: FieldError[];
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (!rest.length) {
    target[head!] = value;
    return;
  }
  const inner = (target[head!] ??= {}) as Record<string, unknown>;
  setPath(inner, rest.join('.'), value);
}

/** A row to the request it stands for. Empty cells are left out (a default applies, or validation names the column). */
export function pastEventRow(row: CsvRow): PastEventRow {
  const errors: FieldError[] = [];
  if (row.fieldCountMismatch) errors.push({ field: '(row)', message: 'the row has a different number of fields than the header' });
  const body: Record<string, unknown> = { historical: true, admission: 'first_come', feeYen: 0, partyFeeYen: 0, language: 'ja' };
  for (const { column, field, type } of PAST_EVENT_COLUMNS) {
    const raw = row.values[column] ?? '';
    if (raw === '') continue;
    if (type === 'integer') {
      const n = integerCell(raw);
      if (Number.isNaN(n)) errors.push({ field: column, message: `${column} must be a whole number` });
      else setPath(body, field, n);
    } else if (type === 'list') {
      setPath(body, field, listCell(raw));
    } else {
      setPath(body, field, raw);
    }
  }
  // Seats: the venue's capacity unless the row says otherwise.
  if (body['capacity'] === undefined && typeof (body['venue'] as { capacity?: unknown } | undefined)?.capacity === 'number') {
    body['capacity'] = (body['venue'] as { capacity: number }).capacity;
  }
  const attendees: string[] = [];
  const seen = new Set<string>();
  listCell(row.values[ATTENDEES_COLUMN] ?? '').forEach((id, k) => {
    if (!UUID.test(id))
      errors.push({ field: ATTENDEES_COLUMN, message: `item ${k + 1} (${JSON.stringify(id.slice(0, 40))}) is not a person id (UUID)` });
    else if (seen.has(id.toLowerCase())) errors.push({ field: ATTENDEES_COLUMN, message: `item ${k + 1}: ${id} is listed twice` });
    else {
      seen.add(id.toLowerCase());
      attendees.push(id.toLowerCase());
    }
  });
  if (attendees.length > MAX_ATTENDEES_PER_EVENT) {
    errors.push({ field: ATTENDEES_COLUMN, message: `at most ${MAX_ATTENDEES_PER_EVENT} attendees per event` });
  }
  return { body, attendees, errors };
}

/**
 * Field errors named by request field (`title.ja`, `venue.capacity`, `coOrganizerIds.2`, `historical`) renamed to the
 * CSV column that holds the value; a field no column fills (a default the row cannot change) keeps its name.
 */
export function toPastEventColumns(errors: FieldError[]): FieldError[] {
  return errors.map((e) => {
    const column = [...PAST_EVENT_COLUMNS]
      .sort((a, b) => b.field.length - a.field.length)
      .find((c) => e.field === c.field || e.field.startsWith(`${c.field}.`));
    if (!column) return e;
    // class-validator names the property (`ja must be …`, `each value in coOrganizerIds must be …`): name the column.
    const property = column.field.split('.').pop()!;
    return { field: column.column, message: e.message.replace(new RegExp(`\\b${property}\\b`), column.column) };
  });
}
