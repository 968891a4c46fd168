// Exchange events from the foundation's own record, entered after they took place: `POST /v1/events` with
// `historical: true` (stored completed; nobody is mailed), then who came by registry person id
// (`POST /v1/events/{id}/attendance`). They count in the fiscal-year event report (`events.historical`,
// `attendance.historical`). Found again by their Japanese title, like every other event.
import { tokyoTime } from './dates.mjs';

const CENTRE = { kind: 'centre', name: 'コラボほっかいどう 交流スペース', address: '札幌市北区北21条西12丁目', capacity: 50 };

/** [key, title ja, title en, kind, venue, day, start, end, capacity, party fee, co-organisers, fields, attendees, description ja] */
const PAST = [
  [
    'past-cluster-2001',
    'コラボほっかいどう交流会「北海道の産業クラスターを語る」（2001年）',
    'Collabo Hokkaido exchange meeting: talking about Hokkaido’s industry clusters (2001)',
    CENTRE,
    '2001-11-16',
    ['18:00', '20:30'],
    50,
    3000,
    ['doukeiren'],
    ['food', 'housing', 'tourism'],
    36,
    'フィンランド調査団から始まったクラスター活動の報告と、研究会の会員どうしの交流会。',
  ],
  [
    'past-food-2002',
    'コラボほっかいどう交流会「食の研究者と企業の出会い」（2002年）',
    'Collabo Hokkaido exchange meeting: food researchers meet companies (2002)',
    CENTRE,
    '2002-07-12',
    ['18:00', '20:30'],
    40,
    3000,
    ['food-center'],
    ['food', 'bio'],
    28,
    '食品メーカーと大学・試験研究機関の研究者が同じテーブルを囲んだ交流会。',
  ],
  [
    'past-susukino-2003',
    '異分野交流会 in すすきの「研究者と起業家の炉端談義」（2003年2月）',
    'Cross-field evening in Susukino: researchers and entrepreneurs (February 2003)',
    { kind: 'izakaya', name: '炉端焼き 北の漁火（すすきの）', address: '札幌市中央区南5条西3丁目', capacity: 24 },
    '2003-02-21',
    ['18:30', '21:00'],
    24,
    5000,
    ['doyukai'],
    ['it', 'bio', 'manufacturing'],
    20,
    '居酒屋を会場に、肩書きを外して研究者と起業家が語り合った交流会。',
  ],
];

/**
 * The past exchange events with their attendees (plan emails of people affiliated with an organisation, drawn
 * by `r`, a generator of their own so that the rest of the plan is drawn exactly as before).
 */
export function planPastEvents(world, r) {
  const { people, staff, orgByKey } = world;
  const staffEmails = new Set(staff.map((s) => s.email));
  const events = PAST.map(
    ([key, ja, en, venue, day, [start, end], capacity, partyFeeYen, coOrganizers, fields, attendees, description]) => {
      const pool = people.filter(
        (p) => !staffEmails.has(p.body.email) && p.affiliation && p.body.expertiseFields.some((f) => fields.includes(f)),
      );
      return {
        key,
        historical: true,
        body: {
          kind: 'exchange_meeting',
          title: { ja, en },
          description: { ja: description, en: null },
          organizer: 'noastec',
          coOrganizers,
          venue,
          startsAt: tokyoTime(day, start),
          endsAt: tokyoTime(day, end),
          capacity,
          admission: 'first_come',
          feeYen: 0,
          partyFeeYen,
          language: 'ja',
        },
        attendees: r.sample(pool, Math.min(attendees, pool.length)).map((p) => p.body.email),
      };
    },
  );
  for (const e of events) {
    for (const k of [e.body.organizer, ...e.body.coOrganizers])
      if (!orgByKey.has(k)) throw new Error(`past event ${e.key}: no organisation ${k}`);
  }
  return events;
}
