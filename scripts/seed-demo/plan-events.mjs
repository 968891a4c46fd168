// Exchange events of the plan. The events service takes registrations only for published events that have
// not started, so "past" is today's: one exchange meeting is published to start a few minutes into the
// seeding run, takes its registrations, and is closed with attendance, questionnaire answers, business cards
// and follow-ups once it has started. The others lie ahead (planned from `today`), one is a draft and one
// was cancelled.
import { addDays, tokyoTime } from './dates.mjs';
import { nameGenerator } from './names.mjs';
import { rng } from './prng.mjs';

const CENTRE = { kind: 'centre', name: 'コラボほっかいどう 交流スペース', address: '札幌市北区北21条西12丁目', capacity: 50 };

const GUEST_ORGANIZATIONS = [
  '株式会社さっぽろ企画',
  '個人事業主（デザイナー）',
  '札幌市立大学',
  '北海道新聞社',
  '合同会社ノースファーム',
  'NPO法人北の起業家ネット',
  '株式会社道東フードサービス',
];

const FOREIGN_GUESTS = [
  ['Anna Lindqvist', 'Lund University'],
  ['Lars Nilsen', 'Norwegian University of Science and Technology'],
  ['Emma Mäkinen', 'Oulu Business Park'],
];

/** [key, title ja, title en, kind, venue, day offset, start, end, capacity, admission, fee, party fee, language, fields, registrants, guests, extra] */
export function planEvents(world, r, emails) {
  const { people, orgByKey, staff } = world;
  const names = nameGenerator(rng(world.seed, 'guests'));
  const staffEmails = new Set(staff.map((s) => s.email));
  const registrants = (fields, n, { english = false } = {}) => {
    const pool = people.filter(
      (p) =>
        !staffEmails.has(p.body.email) &&
        p.affiliation &&
        (english ? p.body.preferredLanguage === 'en' || p.foreign : p.body.expertiseFields.some((f) => fields.includes(f))),
    );
    return r.sample(pool, Math.min(n, pool.length)).map((p) => ({ email: p.body.email }));
  };
  const guests = (n, language = 'ja') =>
    Array.from({ length: n }, (_, i) => {
      if (language === 'en') {
        const [name, organizationName] = FOREIGN_GUESTS[i % FOREIGN_GUESTS.length];
        return {
          guest: {
            name,
            organizationName,
            email: emails.take(
              name
                .toLowerCase()
                .normalize('NFKD')
                .replace(/[^a-z ]/g, '')
                .replace(' ', '.'),
              'guest.example',
            ),
            language: 'en',
            sector: 'academia',
            focusFields: ['other'],
            consentToList: true,
          },
        };
      }
      const n_ = names();
      return {
        guest: {
          name: `${n_.familyName} ${n_.givenName}`,
          nameKana: `${n_.familyNameKana} ${n_.givenNameKana}`,
          organizationName: r.pick(GUEST_ORGANIZATIONS),
          email: emails.take(`${n_.roman.given}.${n_.roman.family}`, 'guest.example'),
          language,
          sector: 'industry',
          consentToList: r.chance(0.5),
        },
      };
    });
  const day = (offset) => addDays(world.today, offset);
  const noastec = 'noastec';
  const events = [
    {
      key: 'just-held',
      justHeld: true,
      body: {
        kind: 'exchange_meeting',
        title: {
          ja: 'コラボほっかいどう交流会「医療・福祉機器のものづくり」',
          en: 'Collabo Hokkaido exchange meeting: making medical and care devices',
        },
        description: {
          ja: '介護・医療の現場の課題と、道内ものづくり企業の技術を持ち寄る交流会です。入居企業の試作品紹介のあと、テーブルを囲んで意見交換します。',
          en: 'Care and medical needs meet Hokkaido manufacturers: tenants show their prototypes, then everyone talks at mixed tables.',
        },
        organizer: noastec,
        coOrganizers: ['hokkaido-iri'],
        venue: CENTRE,
        capacity: 30,
        admission: 'first_come',
        feeYen: 0,
        partyFeeYen: 2000,
        language: 'ja',
      },
      publish: true,
      registrations: [...registrants(['medical', 'manufacturing'], 24), ...guests(2)],
      afterwards: { noShows: 4, questionnaires: 15, connections: 8 },
    },
    {
      key: 'food-exchange',
      body: {
        kind: 'exchange_meeting',
        title: { ja: 'コラボほっかいどう交流会「食と健康」', en: 'Collabo Hokkaido exchange meeting: food and health' },
        description: {
          ja: '食品メーカー、大学・試験研究機関の研究者、生産者が同じテーブルを囲む交流会です。異分野の出会いから新しい共同研究テーマを探します。',
          en: 'Food makers, researchers and producers at one table, looking for new joint research themes.',
        },
        organizer: noastec,
        coOrganizers: ['food-center'],
        venue: CENTRE,
        startsAt: tokyoTime(day(14), '18:00'),
        endsAt: tokyoTime(day(14), '20:30'),
        capacity: 40,
        admission: 'first_come',
        feeYen: 0,
        partyFeeYen: 3000,
        language: 'ja',
      },
      publish: true,
      registrations: [...registrants(['food', 'bio'], 42), ...guests(2)],
    },
    {
      key: 'izakaya',
      body: {
        kind: 'exchange_meeting',
        title: {
          ja: '異分野交流会 in すすきの「研究者と起業家の炉端談義」',
          en: 'Cross-field evening in Susukino: researchers and entrepreneurs',
        },
        description: {
          ja: '会場は居酒屋です。肩書きを外して、研究者と起業家が炉端を囲みます。会費は当日会場でお支払いください。',
          en: null,
        },
        organizer: noastec,
        coOrganizers: ['doyukai'],
        venue: { kind: 'izakaya', name: '炉端焼き 北の漁火（すすきの）', address: '札幌市中央区南5条西3丁目', capacity: 24 },
        startsAt: tokyoTime(day(21), '18:30'),
        endsAt: tokyoTime(day(21), '21:00'),
        capacity: 24,
        admission: 'first_come',
        feeYen: 0,
        partyFeeYen: 5000,
        language: 'ja',
      },
      publish: true,
      registrations: [...registrants(['it', 'bio', 'manufacturing', 'tourism'], 18), ...guests(2)],
    },
    {
      key: 'housing-seminar',
      body: {
        kind: 'seminar',
        title: {
          ja: '産学官連携セミナー「寒冷地住宅の新技術」',
          en: 'Industry-academia-government seminar: new technology for cold-climate housing',
        },
        description: {
          ja: '道産材の活用、高断熱・高気密化、雪対策の最新の研究成果を、大学と試験研究機関の研究者が紹介します。',
          en: 'Researchers present recent work on Hokkaido timber, insulation and snow.',
        },
        organizer: noastec,
        coOrganizers: ['hokudai', 'northern-building'],
        venue: { kind: 'university', name: '北海道大学 学術交流会館 小講堂', address: '札幌市北区北8条西5丁目', capacity: 150 },
        startsAt: tokyoTime(day(30), '14:00'),
        endsAt: tokyoTime(day(30), '16:30'),
        capacity: 120,
        admission: 'first_come',
        feeYen: 0,
        partyFeeYen: 0,
        language: 'ja',
      },
      publish: true,
      registrations: [...registrants(['housing', 'energy', 'environment'], 45), ...guests(3)],
    },
    {
      key: 'tokachi-matching',
      body: {
        kind: 'matching_meeting',
        title: { ja: '十勝 食と農のビジネスマッチング会', en: 'Tokachi food and farming business matching' },
        description: {
          ja: '十勝の生産者・食品企業と、道内外のバイヤー・研究機関との個別商談会です。応募多数の場合は抽選とします。',
          en: 'One-to-one meetings between Tokachi producers and buyers; a lottery decides if there are too many applications.',
        },
        organizer: noastec,
        coOrganizers: ['sg-tokachi-agri', 'obihiro-shinkin'],
        venue: { kind: 'hall', name: 'とかちプラザ 大集会室', address: '帯広市西4条南13丁目1', capacity: 80 },
        startsAt: tokyoTime(day(45), '13:00'),
        endsAt: tokyoTime(day(45), '17:00'),
        registrationClosesAt: tokyoTime(day(35), '17:00'),
        capacity: 20,
        admission: 'lottery',
        feeYen: 0,
        partyFeeYen: 0,
        language: 'ja',
      },
      publish: true,
      registrations: [...registrants(['food'], 26), ...guests(2)],
    },
    {
      key: 'nordic-forum',
      body: {
        kind: 'forum',
        title: { ja: '北海道・北欧クラスターフォーラム', en: 'Hokkaido–Nordic Cluster Forum' },
        description: {
          ja: '1995年のフィンランド調査団から始まった北海道のクラスター活動を振り返り、北欧の研究者と次の連携を語ります（日英同時通訳）。',
          en: 'Hokkaido’s cluster work began with a study mission to Finland in 1995. Nordic and Hokkaido researchers discuss what comes next (Japanese and English).',
        },
        organizer: noastec,
        coOrganizers: ['doukeiren', 'hokkaido-gov'],
        venue: { kind: 'hall', name: '札幌市産業振興センター セミナールーム', address: '札幌市白石区東札幌5条1丁目1-1', capacity: 100 },
        startsAt: tokyoTime(day(60), '13:30'),
        endsAt: tokyoTime(day(60), '17:30'),
        capacity: 80,
        admission: 'first_come',
        feeYen: 0,
        partyFeeYen: 4000,
        language: 'ja_en',
      },
      publish: true,
      registrations: [...registrants([], 8, { english: true }), ...registrants(['bio', 'it', 'energy'], 10), ...guests(3, 'en')],
    },
    {
      key: 'winter-seminar',
      body: {
        kind: 'seminar',
        title: { ja: '冬季観光セミナー「雪を資源にする」', en: 'Winter tourism seminar: snow as a resource' },
        description: { ja: '雪と寒さを観光資源として生かす道内外の事例を紹介します。', en: null },
        organizer: noastec,
        coOrganizers: ['otaru-commerce'],
        venue: CENTRE,
        startsAt: tokyoTime(day(10), '15:00'),
        endsAt: tokyoTime(day(10), '17:00'),
        capacity: 40,
        admission: 'first_come',
        feeYen: 1000,
        partyFeeYen: 0,
        language: 'ja',
      },
      publish: true,
      registrations: registrants(['tourism'], 12),
      cancel: '講師の急病により中止します。改めてご案内いたします。/ Cancelled: the speaker has fallen ill. We will announce a new date.',
    },
    {
      key: 'site-visit',
      body: {
        kind: 'site_visit',
        title: { ja: '北方建築総合研究所 見学会（寒冷地住宅の実験棟）', en: 'Site visit: the cold-climate housing test building' },
        description: { ja: '実験棟で断熱・換気の実験設備を見学します（準備中）。', en: null },
        organizer: noastec,
        coOrganizers: ['northern-building'],
        venue: { kind: 'other', name: '北海道立北方建築総合研究所', address: '旭川市緑が丘東1条3丁目1番20号', capacity: 20 },
        startsAt: tokyoTime(day(75), '10:00'),
        endsAt: tokyoTime(day(75), '12:00'),
        capacity: 20,
        admission: 'first_come',
        feeYen: 0,
        partyFeeYen: 0,
        language: 'ja',
      },
      publish: false,
      registrations: [],
    },
  ];
  for (const e of events) {
    for (const k of [e.body.organizer, ...e.body.coOrganizers])
      if (!orgByKey.has(k)) throw new Error(`event ${e.key}: no organisation ${k}`);
  }
  return events;
}
