// The events service's background: past exchange events with their registrations (attended, no-show,
// cancelled), bulk-inserted into the tables the events migrations made, so the burst runs against tables
// of a realistic size rather than empty ones.
import pg from 'pg';
import { FAMILY, FOCUS_FIELDS, GIVEN, PLACES, bulkInsert, prng, withIndexesDeferred } from '../lib/data.mjs';

const DAY = 86_400_000;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export async function seedPastEvents(databaseUrl, { events, perEvent, organizers, people, seed = 'collabo-load' }) {
  const rnd = prng(`${seed}:events`);
  const token = () => Array.from({ length: 26 }, () => CROCKFORD[rnd.int(32)]).join('');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const now = Date.now();
    const eventRows = [];
    const registrationRows = [];
    for (let e = 0; e < events; e++) {
      const id = rnd.uuid();
      const organizer = rnd.pick(organizers);
      const starts = new Date(now - (10 + rnd.int(6 * 365)) * DAY);
      const ends = new Date(starts.getTime() + 2.5 * 3_600_000);
      const tokyo = new Date(starts.getTime() + 9 * 3_600_000);
      const fy = tokyo.getUTCMonth() >= 3 ? tokyo.getUTCFullYear() : tokyo.getUTCFullYear() - 1;
      const [place] = rnd.pick(PLACES);
      eventRows.push([
        id,
        rnd.pick(['exchange_meeting', 'seminar', 'matching_meeting', 'forum']),
        `${place}産学官交流会 第${e + 1}回`,
        organizer.id,
        organizer.name,
        rnd.pick(['centre', 'hall', 'izakaya', 'university']),
        `${place}会館`,
        perEvent + 20,
        starts,
        ends,
        fy,
        perEvent,
        'first_come',
        rnd.pick([0, 1000, 3000]),
        rnd.pick([0, 4000, 5000]),
        'ja',
        'completed',
        perEvent + 1,
        new Date(starts.getTime() - DAY),
        new Date(starts.getTime() - DAY),
        new Date(starts.getTime() - 30 * DAY),
        ends,
        new Date(starts.getTime() - 40 * DAY),
        ends,
      ]);
      const registered = new Set(); // one active registration per person per event (the partial unique index)
      for (let q = 1; q <= perEvent; q++) {
        let person = rnd.chance(0.4) ? rnd.pick(people) : null;
        if (person && registered.has(person)) person = null;
        if (person) registered.add(person);
        const [family, familyKana] = rnd.pick(FAMILY);
        const [given, givenKana] = rnd.pick(GIVEN);
        const registeredAt = new Date(starts.getTime() - (1 + rnd.int(25)) * DAY);
        const status = rnd.chance(0.8) ? 'attended' : rnd.chance(0.5) ? 'no_show' : 'cancelled';
        registrationRows.push([
          rnd.uuid(),
          id,
          q,
          person,
          person ? 1 : null,
          `${family} ${given}`,
          `${familyKana} ${givenKana}`,
          `r${e}-${q}-${rnd.int(1e6).toString(36)}@example.jp`,
          rnd.chance(0.9) ? 'ja' : 'en',
          `${rnd.pick(PLACES)[0]}商事`,
          rnd.pick(['industry', 'academia', 'government', 'finance']),
          rnd.some(FOCUS_FIELDS, 0, 2),
          rnd.chance(0.5),
          rnd.chance(0.5) ? 'staff' : 'public',
          status,
          token(),
          token(),
          registeredAt,
          status === 'attended' ? starts : null,
          status === 'cancelled' ? new Date(registeredAt.getTime() + DAY) : null,
          status === 'cancelled' ? 'registrant' : null,
          registeredAt,
          registeredAt,
        ]);
      }
    }
    await withIndexesDeferred(client, ['events', 'registrations'], async () => {
      await bulkInsert(
        client,
        'events',
        [
          ['id', 'uuid'],
          ['kind', 'text'],
          ['title_ja', 'text'],
          ['organizer_id', 'uuid'],
          ['organizer_name', 'text'],
          ['venue_kind', 'text'],
          ['venue_name', 'text'],
          ['venue_capacity', 'integer'],
          ['starts_at', 'timestamptz'],
          ['ends_at', 'timestamptz'],
          ['fiscal_year', 'integer'],
          ['capacity', 'integer'],
          ['admission', 'text'],
          ['fee_yen', 'integer'],
          ['party_fee_yen', 'integer'],
          ['language', 'text'],
          ['status', 'text'],
          ['next_queue_number', 'integer'],
          ['reminder_due_at', 'timestamptz'],
          ['reminder_sent_at', 'timestamptz'],
          ['published_at', 'timestamptz'],
          ['completed_at', 'timestamptz'],
          ['created_at', 'timestamptz'],
          ['updated_at', 'timestamptz'],
        ],
        eventRows,
      );
      await bulkInsert(
        client,
        'registrations',
        [
          ['id', 'uuid'],
          ['event_id', 'uuid'],
          ['queue_number', 'integer'],
          ['person_id', 'uuid'],
          ['person_version', 'integer'],
          ['name', 'text'],
          ['name_kana', 'text'],
          ['email', 'text'],
          ['language', 'text'],
          ['organization_name', 'text'],
          ['sector', 'text'],
          ['focus_fields', 'text[]'],
          ['consent_to_list', 'boolean'],
          ['source', 'text'],
          ['status', 'text'],
          ['check_in_token', 'text'],
          ['manage_token', 'text'],
          ['confirmed_at', 'timestamptz'],
          ['checked_in_at', 'timestamptz'],
          ['cancelled_at', 'timestamptz'],
          ['cancelled_by', 'text'],
          ['created_at', 'timestamptz'],
          ['updated_at', 'timestamptz'],
        ],
        registrationRows,
      );
    });
    return { counts: { events: eventRows.length, registrations: registrationRows.length } };
  } finally {
    await client.end();
  }
}
