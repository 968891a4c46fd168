import { describe, expect, it } from '@jest/globals';
import type { CsvRow } from '@collabo/service-kit';
import { ATTENDEES_COLUMN, pastEventHeaderErrors, pastEventRow, toPastEventColumns } from './past-events-csv.js';

const row = (values: Record<string, string>, fieldCountMismatch = false): CsvRow => ({ line: 7, values, fieldCountMismatch });
const A = '01a22222-0000-7000-8000-0000000000a1';
const B = '01a22222-0000-7000-8000-0000000000b2';

describe('the past-events CSV', () => {
  it('names unknown, doubled and missing columns of the header', () => {
    expect(
      pastEventHeaderErrors(['kind', 'title', 'kind', 'organizer_id', 'venue_kind', 'venue_name', 'venue_capacity', 'starts_at']),
    ).toEqual([
      { field: 'title', message: 'unknown column "title"' },
      { field: 'kind', message: 'the column appears twice' },
      { field: 'title_ja', message: 'required column is missing' },
      { field: 'ends_at', message: 'required column is missing' },
    ]);
    expect(
      pastEventHeaderErrors([
        'kind',
        'title_ja',
        'organizer_id',
        'venue_kind',
        'venue_name',
        'venue_capacity',
        'starts_at',
        'ends_at',
        ATTENDEES_COLUMN,
      ]),
    ).toEqual([]);
  });

  it('turns a row into the body of a historical POST /events, with defaults, nested fields and whole numbers', () => {
    const { body, attendees, errors } = pastEventRow(
      row({
        kind: 'seminar',
        title_ja: '知財セミナー',
        title_en: '',
        organizer_id: A,
        co_organizer_ids: `${B}; ${A}`,
        venue_kind: 'hall',
        venue_name: '会場',
        venue_capacity: '１，２００',
        starts_at: '2025-06-01T13:00',
        ends_at: '2025-06-01T15:00',
        fee_yen: '1,000',
        [ATTENDEES_COLUMN]: `${A.toUpperCase()}、${B}`,
      }),
    );
    expect(errors).toEqual([]);
    expect(body).toEqual({
      historical: true,
      admission: 'first_come',
      feeYen: 1000,
      partyFeeYen: 0,
      language: 'ja',
      kind: 'seminar',
      title: { ja: '知財セミナー' },
      organizerId: A,
      coOrganizerIds: [B, A],
      venue: { kind: 'hall', name: '会場', capacity: 1200 },
      capacity: 1200,
      startsAt: '2025-06-01T13:00',
      endsAt: '2025-06-01T15:00',
    });
    expect(attendees).toEqual([A, B]);
  });

  it('names every bad cell: numbers, attendee ids, attendees listed twice, a row of another width', () => {
    const { attendees, errors } = pastEventRow(
      row({ venue_capacity: '12a', capacity: '3.5', [ATTENDEES_COLUMN]: `${A};x-1;${A.toUpperCase()}` }, true),
    );
    expect(attendees).toEqual([A]);
    expect(errors).toEqual([
      { field: '(row)', message: 'the row has a different number of fields than the header' },
      { field: 'venue_capacity', message: 'venue_capacity must be a whole number' },
      { field: 'capacity', message: 'capacity must be a whole number' },
      { field: ATTENDEES_COLUMN, message: 'item 2 ("x-1") is not a person id (UUID)' },
      { field: ATTENDEES_COLUMN, message: `item 3: ${A.toUpperCase()} is listed twice` },
    ]);
  });

  it('renames request fields in errors to the columns that hold them', () => {
    expect(
      toPastEventColumns([
        { field: 'title.ja', message: 'ja must be longer than or equal to 1 characters' },
        { field: 'venue.capacity', message: 'capacity must not be less than 1' },
        { field: 'capacity', message: "the capacity cannot be above the venue's capacity (10)" },
        { field: 'coOrganizerIds', message: 'each value in coOrganizerIds must be a UUID' },
        { field: 'admission', message: 'admission must be one of the following values' },
      ]),
    ).toEqual([
      { field: 'title_ja', message: 'title_ja must be longer than or equal to 1 characters' },
      { field: 'venue_capacity', message: 'venue_capacity must not be less than 1' },
      { field: 'capacity', message: "the capacity cannot be above the venue's capacity (10)" },
      { field: 'co_organizer_ids', message: 'each value in co_organizer_ids must be a UUID' },
      { field: 'admission', message: 'admission must be one of the following values' },
    ]);
  });
});
