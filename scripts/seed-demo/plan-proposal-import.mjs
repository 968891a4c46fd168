// The proposals the foundation brings over from its old spreadsheets with the CSV history import
// (`POST /v1/proposals/import`), keyed by their old reference numbers: eight from FY2003 to FY2005 (after the
// seed document's figures, so the FY1998–FY2002 counts stay as they are) with start-ups founded, jobs created and
// the Good Design award the centre's tenant won, and two from this year's spreadsheet that are still being worked
// on. Those two carry the day-to-day work of today: hearings (one scheduled with a place and an online link, one
// rescheduled, one cancelled), document requests (one open, one fulfilled, one withdrawn) and two review
// assignments of the one in screening. One comes with the spreadsheet (a `review_assigned` row: assigned 10 days
// before `today`, due 3 days before it, so overdue at once: the API takes no past due day, the import does, as an
// open assignment made before the platform); the other is made through the API, due in two days (due soon). The
// reminder job then sends the advisors the overdue and the due-soon reminders and the coordinator the weekly digest.
import { addDays } from './dates.mjs';
import { SUPPORT_REQUESTS } from './data/proposals.mjs';

/** The tenancy an award names: the centre's tenant that developed the electric artificial larynx. */
export const AWARD_TENANCY = { org: 'larynx', room: '2F-201', from: '1999-10-01' };

/**
 * The rows of one imported proposal as plain data: `steps` (stage, Tokyo day, `HH:MM`) and `outcomes` (kind,
 * day, …) after `broughtInOn`; `assignments` (advisor, `assignedOn`, `dueOn`: open review assignments from the
 * spreadsheet, `review_assigned` rows). `days` of the live ones count back from `today`.
 */
const HISTORY = [
  {
    legacyRef: 'NX-H15-001',
    proposer: { org: 'larynx' },
    title: ['改良型電気式人工喉頭の開発と量産化', 'Development and volume production of an improved electric artificial larynx'],
    summary: 'センター入居企業が、発声補助装置（電気式人工喉頭）の小型・軽量化と量産体制づくりに取り組む。',
    fields: ['medical', 'manufacturing'],
    broughtInOn: '2003-04-14',
    steps: [
      ['pre_screening', '2003-04-21'],
      ['screening', '2003-05-12'],
      ['accepted', '2003-06-16'],
      ['team_formed', '2003-06-30'],
      ['prototyping', '2003-07-22'],
    ],
    outcomes: [
      { kind: 'prototype', summary: '改良型電気式人工喉頭の試作機完成', occurredOn: '2003-09-05' },
      { kind: 'award', summary: 'グッドデザイン賞受賞（改良型電気式人工喉頭）', occurredOn: '2003-10-01', tenancy: AWARD_TENANCY },
    ],
  },
  {
    legacyRef: 'NX-H15-002',
    proposer: { group: ['food', 'bio'] },
    title: ['研究会発ベンチャーによる道産大豆の機能性食品事業', 'A study-group venture for functional foods from Hokkaido soybeans'],
    summary: '研究会の会員企業と大学の研究者が、道産大豆の機能性成分を生かした食品事業のためにベンチャー企業を設立する。',
    fields: ['food', 'bio'],
    broughtInOn: '2003-05-09',
    steps: [
      ['pre_screening', '2003-05-19'],
      ['screening', '2003-06-09'],
      ['accepted', '2003-07-14'],
      ['team_formed', '2003-07-28'],
      ['prototyping', '2003-08-25'],
      ['commercializing', '2004-01-19'],
    ],
    outcomes: [
      { kind: 'startup_founded', summary: '研究会発ベンチャー「株式会社ソイラボ北海道」設立', occurredOn: '2004-02-02' },
      { kind: 'jobs_created', summary: 'ベンチャー設立に伴う新規雇用', occurredOn: '2004-03-15', jobsCreated: 4 },
    ],
  },
  {
    legacyRef: 'NX-H15-003',
    proposer: { company: 'food' },
    title: ['道産小麦を使った冷凍パン生地の製造', 'Frozen bread dough from Hokkaido wheat'],
    summary: '道産小麦の特性に合わせた冷凍パン生地を開発し、道内のベーカリーとホテルへの供給を目指す。',
    fields: ['food'],
    broughtInOn: '2003-06-02',
    steps: [
      ['pre_screening', '2003-06-09'],
      ['screening', '2003-06-30'],
      ['accepted', '2003-08-04'],
      ['team_formed', '2003-08-18'],
      ['prototyping', '2003-09-08'],
      ['commercializing', '2003-12-01'],
      ['sales_planned', '2004-02-16'],
    ],
    outcomes: [{ kind: 'jobs_created', summary: '冷凍生地の製造ライン新設に伴う雇用', occurredOn: '2004-03-01', jobsCreated: 6 }],
  },
  {
    legacyRef: 'NX-H15-004',
    proposer: { company: 'tourism' },
    title: ['流氷観光と連動した冬季体験プログラムの商品化', 'Winter experience programmes built around the drift ice'],
    summary: '流氷観光の時期に合わせた体験プログラムを旅行会社向けの商品として組み立てる。',
    fields: ['tourism'],
    broughtInOn: '2003-07-07',
    steps: [
      ['pre_screening', '2003-07-14'],
      ['screening', '2003-08-04'],
      ['declined', '2003-09-08'],
    ],
    outcomes: [],
  },
  {
    legacyRef: 'NX-H15-005',
    proposer: { company: 'environment' },
    title: ['ホタテ貝殻を用いた土壌改良材の開発', 'A soil conditioner made from scallop shells'],
    summary: '廃棄されるホタテ貝殻を焼成し、畑の土壌改良材として再利用する。',
    fields: ['environment'],
    broughtInOn: '2003-09-01',
    steps: [
      ['pre_screening', '2003-09-08'],
      ['withdrawn', '2003-10-06'],
    ],
    outcomes: [],
  },
  {
    legacyRef: 'NX-H16-001',
    proposer: { group: ['energy', 'environment'] },
    title: ['研究会発ベンチャーによる酪農ふん尿バイオガス発電', 'A study-group venture for biogas power from dairy manure'],
    summary: '研究会の酪農家と機械メーカーが、ふん尿を原料とするバイオガス発電の事業会社を設立する。',
    fields: ['energy', 'environment'],
    broughtInOn: '2004-05-10',
    steps: [
      ['pre_screening', '2004-05-17'],
      ['screening', '2004-06-07'],
      ['accepted', '2004-07-12'],
      ['team_formed', '2004-07-26'],
      ['prototyping', '2004-09-21'],
    ],
    outcomes: [
      { kind: 'startup_founded', summary: 'バイオガス発電の事業会社「有限会社エナジーファーム道東」設立', occurredOn: '2005-01-17' },
      { kind: 'jobs_created', summary: '発電施設の運転要員の雇用', occurredOn: '2005-03-22', jobsCreated: 3 },
    ],
  },
  {
    legacyRef: 'NX-H16-002',
    proposer: { company: 'it' },
    title: ['除雪車両の運行管理システムの開発', 'An operations system for snow-clearing vehicles'],
    summary: '市町村の除雪車両の位置と作業状況を地図上で共有し、除雪計画の効率化を図る。',
    fields: ['it'],
    broughtInOn: '2004-06-07',
    steps: [
      ['pre_screening', '2004-06-14'],
      ['screening', '2004-07-05'],
      ['accepted', '2004-08-09'],
      ['team_formed', '2004-08-23'],
      ['prototyping', '2004-09-13'],
      ['commercializing', '2005-02-07'],
      ['sales_planned', '2005-06-06'],
      ['on_sale', '2005-10-03'],
    ],
    outcomes: [{ kind: 'jobs_created', summary: '運行管理システムの開発・保守要員の雇用', occurredOn: '2005-11-01', jobsCreated: 12 }],
  },
  {
    legacyRef: 'NX-H17-001',
    proposer: { company: 'bio' },
    title: ['ハスカップ由来の抗酸化素材の事業化', 'Commercialising an antioxidant from haskap berries'],
    summary: '大学で見いだされたハスカップの抗酸化成分を、健康食品の素材として事業化する。',
    fields: ['bio', 'food'],
    broughtInOn: '2005-04-18',
    steps: [
      ['pre_screening', '2005-04-25'],
      ['screening', '2005-05-16'],
      ['accepted', '2005-06-20'],
      ['team_formed', '2005-07-04'],
      ['prototyping', '2005-09-12'],
    ],
    outcomes: [
      { kind: 'startup_founded', summary: '大学発ベンチャー「株式会社ハスカップバイオ」設立', occurredOn: '2005-12-01' },
      { kind: 'jobs_created', summary: '研究開発要員の雇用', occurredOn: '2006-03-20', jobsCreated: 5 },
    ],
  },
];

/** This year's spreadsheet: proposals still being worked on (`days` before `today`). */
const LIVE = [
  {
    legacyRef: 'NX-R08-014',
    key: 'live-screening',
    proposer: { company: 'manufacturing' },
    title: ['寒冷地向け小型除雪ロボットの試作', 'A small snow-clearing robot for cold regions'],
    summary: '住宅の玄関先や歩道の除雪を自動で行う小型ロボットを試作し、高齢者世帯での実証を目指す。',
    fields: ['manufacturing'],
    broughtInDaysAgo: 45,
    steps: [
      ['pre_screening', 38],
      ['screening', 20],
    ],
    // the spreadsheet's open assignment: assigned 10 days ago, due 3 days ago (the advisor is drawn below)
    assigned: { daysAgo: 10, dueDaysAgo: 3 },
  },
  {
    legacyRef: 'NX-R08-015',
    key: 'live-pre-screening',
    proposer: { company: 'food' },
    title: ['規格外野菜を使った冷凍スープの商品化', 'Frozen soups from non-standard vegetables'],
    summary: '規格外として出荷されない道産野菜を冷凍スープに加工し、首都圏の生協へ販売する。',
    fields: ['food'],
    broughtInDaysAgo: 30,
    steps: [['pre_screening', 21]],
  },
];

/**
 * Plans the import. `world` is the plan's world (organisations, groups, companies, staff, today); `r` a
 * generator of its own (so the rest of the plan is drawn exactly as before).
 */
export function planProposalImport(world, r) {
  const { groups, companies, orgByKey, affiliated, staff, today } = world;
  const coordinators = staff.filter((s) => s.roles.includes('coordinator'));
  const advisors = staff.filter((s) => s.roles.includes('advisor'));
  const used = new Set();
  const contactOf = (org) => affiliated.get(org.key)[0].body.email;
  const companyFor = (field, broughtInOn) => {
    const pool = companies.filter(
      (c) => c.fields.includes(field) && c.founded < broughtInOn && !used.has(c.key) && affiliated.get(c.key)?.length,
    );
    const c = r.pick(pool);
    used.add(c.key);
    return c;
  };
  const groupFor = (fields, broughtInOn) => {
    const existed = groups.filter((g) => g.foundedOn <= addDays(broughtInOn, -30) && !used.has(g.key));
    const pool = existed.filter((g) => g.fields.some((f) => fields.includes(f)));
    const g = r.pick(pool.length ? pool : existed);
    used.add(g.key);
    return g;
  };

  const proposer = (p, broughtInOn) => {
    if (p.proposer.org) {
      const org = orgByKey.get(p.proposer.org);
      return { org, studyGroup: null, contact: contactOf(org), municipalityCodes: [org.body.municipalityCode] };
    }
    if (p.proposer.group) {
      const g = groupFor(p.proposer.group, broughtInOn);
      return {
        org: g.org,
        studyGroup: g.org.key,
        contact: g.members.find((m) => m.role === 'representative').email,
        municipalityCodes: g.area.map((m) => m.code),
      };
    }
    const org = companyFor(p.proposer.company, broughtInOn);
    return { org, studyGroup: null, contact: contactOf(org), municipalityCodes: [org.body.municipalityCode] };
  };

  const proposalOf = (p, broughtInOn, steps, outcomes, key = null) => {
    const who = proposer(p, broughtInOn);
    return {
      legacyRef: p.legacyRef,
      key,
      body: {
        title: { ja: p.title[0], en: p.title[1] },
        summary: { ja: p.summary },
        proposer: who.org.key,
        studyGroup: who.studyGroup,
        contact: who.contact,
        coordinator: r.pick(coordinators.filter((c) => (c.since ?? '1998-04-01') <= broughtInOn)).email,
        focusFields: p.fields,
        municipalityCodes: who.municipalityCodes,
        bureauCodes: [who.org.bureau],
        participants: [],
        supportRequested: r.pick(SUPPORT_REQUESTS),
        broughtInOn,
      },
      steps: steps.map(([to, day], i) => ({ to, day, time: `${String(10 + (i % 6)).padStart(2, '0')}:00` })),
      outcomes,
      assignments: [],
    };
  };

  const proposals = [
    ...HISTORY.map((p) => proposalOf(p, p.broughtInOn, p.steps, p.outcomes)),
    ...LIVE.map((p) =>
      proposalOf(
        p,
        addDays(today, -p.broughtInDaysAgo),
        p.steps.map(([to, ago]) => [to, addDays(today, -ago)]),
        [],
        p.key,
      ),
    ),
  ];

  // advisors with no tie to the proposer of the one in screening (now or formerly: the import refuses the whole
  // file for a conflict of interest), from two sectors
  const screening = proposals.find((p) => p.key === 'live-screening');
  const formerlyAt = (a, org) => world.pastAffiliations.some((x) => x.email === a.email && x.org === org);
  const free = advisors.filter((a) => a.org !== screening.body.proposer && !formerlyAt(a, screening.body.proposer));
  const first = free.find((a) => a.fields.some((f) => screening.body.focusFields.includes(f))) ?? free[0];
  const second = free.find((a) => a !== first && a.sector !== first.sector) ?? free.find((a) => a !== first);
  // the spreadsheet's assignment (overdue) goes with the import's rows; the API's (due in two days) is made after it
  const { assigned } = LIVE.find((p) => p.key === 'live-screening');
  screening.assignments = [
    { advisor: second.email, assignedOn: addDays(today, -assigned.daysAgo), dueOn: addDays(today, -assigned.dueDaysAgo) },
  ];
  const assignments = [{ proposal: 'live-screening', advisor: first.email, dueOn: addDays(today, 2) }];

  const CENTRE_ROOM = 'コラボほっかいどう 会議室A（札幌市北区北21条西12丁目）';
  const interviews = [
    {
      proposal: 'live-screening',
      note: '事業計画と試作の進め方について20分程度ご説明ください。',
      body: {
        startsAt: `${addDays(today, 7)}T14:00:00+09:00`,
        durationMinutes: 60,
        place: CENTRE_ROOM,
        onlineUrl: 'https://meet.collabo.example/hearing/nx-r08-014',
      },
    },
    {
      proposal: 'live-screening',
      note: '試作機の実演を交えた技術面のヒアリングです。',
      body: { startsAt: `${addDays(today, 10)}T10:00:00+09:00`, durationMinutes: 90, place: CENTRE_ROOM },
      rescheduleTo: `${addDays(today, 12)}T13:30:00+09:00`,
    },
    {
      proposal: 'live-pre-screening',
      note: '販路の見込みについてオンラインでお話を伺います。',
      body: {
        startsAt: `${addDays(today, 9)}T15:00:00+09:00`,
        durationMinutes: 45,
        onlineUrl: 'https://meet.collabo.example/hearing/nx-r08-015',
      },
      cancel: '提案者のご都合により取りやめます。書類の提出後に改めて日程を調整します。',
    },
  ];

  const documentRequests = [
    {
      proposal: 'live-screening',
      body: { items: ['事業計画書（最新版）', '試作機の仕様書'], dueOn: addDays(today, 14), note: '審査委員会の前にご提出ください。' },
    },
    {
      proposal: 'live-pre-screening',
      body: { items: ['会社概要（パンフレット）'], dueOn: addDays(today, 7) },
      fulfil: '受領しました。',
    },
    {
      proposal: 'live-pre-screening',
      body: { items: ['決算書（直近3期分）'], dueOn: addDays(today, 14) },
      withdraw: '事前審査では不要と判断したため取り下げます。',
    },
  ];

  return { proposals, interviews, documentRequests, assignments };
}

/** The CSV columns of the history import, in the order the file has them. */
export const IMPORT_COLUMNS = [
  'legacy_ref',
  'record',
  'date',
  'programme',
  'title_ja',
  'title_en',
  'summary_ja',
  'proposing_organization_id',
  'study_group_id',
  'contact_person_id',
  'coordinator_id',
  'participating_organization_ids',
  'focus_fields',
  'bureau_codes',
  'municipality_codes',
  'support_requested',
  'stage',
  'time',
  'outcome_kind',
  'outcome_summary',
  'jobs_created',
  'tenancy_id',
  'advisor_id',
  'due_on',
];

/** The columns of `review_assigned` rows (a proposals service older than them refuses them: see `importRows`). */
export const ASSIGNMENT_COLUMNS = ['advisor_id', 'due_on'];

/**
 * The import's rows (one per act: `brought_in`, each stage change, each outcome, each open review assignment) for
 * `proposals`, with plan keys turned into registry ids by `ids` ({ org(key), person(email), tenancy(t) }), in
 * `columns` (IMPORT_COLUMNS; without ASSIGNMENT_COLUMNS, for a service that does not know `review_assigned` rows, the
 * assignments are left out).
 */
export function importRows(proposals, ids, columns = IMPORT_COLUMNS) {
  const rows = [];
  const row = (values) => columns.map((c) => values[c] ?? null);
  const withAssignments = ASSIGNMENT_COLUMNS.every((c) => columns.includes(c));
  for (const p of proposals) {
    rows.push(
      row({
        legacy_ref: p.legacyRef,
        record: 'brought_in',
        date: p.body.broughtInOn,
        programme: 'support-track',
        title_ja: p.body.title.ja,
        title_en: p.body.title.en,
        summary_ja: p.body.summary.ja,
        proposing_organization_id: ids.org(p.body.proposer),
        study_group_id: p.body.studyGroup ? ids.org(p.body.studyGroup) : null,
        contact_person_id: ids.person(p.body.contact),
        coordinator_id: ids.person(p.body.coordinator),
        participating_organization_ids: p.body.participants.map((k) => ids.org(k)),
        focus_fields: p.body.focusFields,
        bureau_codes: p.body.bureauCodes,
        municipality_codes: p.body.municipalityCodes,
        support_requested: p.body.supportRequested,
      }),
    );
    for (const s of p.steps) rows.push(row({ legacy_ref: p.legacyRef, record: 'stage', date: s.day, stage: s.to, time: s.time }));
    for (const o of p.outcomes) {
      rows.push(
        row({
          legacy_ref: p.legacyRef,
          record: 'outcome',
          date: o.occurredOn,
          outcome_kind: o.kind,
          outcome_summary: o.summary,
          jobs_created: o.jobsCreated,
          tenancy_id: o.tenancy ? ids.tenancy(o.tenancy) : null,
        }),
      );
    }
    if (!withAssignments) continue;
    for (const a of p.assignments) {
      rows.push(
        row({ legacy_ref: p.legacyRef, record: 'review_assigned', date: a.assignedOn, advisor_id: ids.person(a.advisor), due_on: a.dueOn }),
      );
    }
  }
  return rows;
}
