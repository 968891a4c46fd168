// The demo world as a plan: plain data, computed from a seed and the registry's reference data only.
// Nothing here talks to a service or reads the clock (the day the current work happens is passed in), so
// the same seed and reference data always give the same world, and the tests can check the figures the
// foundation reported (12 and 28 study groups, 1,200 members; 200 screened, 45 on sale, 20 planning
// sales) against the plan itself.
import { corporateBase, corporateNumber, REGISTRY_OFFICE_BY_BUREAU } from './corporate-number.mjs';
import { addDays, fiscalYearEnd, fiscalYearStart } from './dates.mjs';
import { FOREIGN_NAMES } from './data/names.mjs';
import { BUSINESS_WORDS, CHAMBERS, FLAGSHIP_COMPANIES, INSTITUTIONS, NAME_PREFIXES } from './data/organizations.mjs';
import { OFFICER_ROLES, STUDY_GROUPS } from './data/study-groups.mjs';
import { ADVISORS, COORDINATORS, VIEWERS } from './data/staff.mjs';
import { emailAllocator, nameGenerator } from './names.mjs';
import { planEvents } from './plan-events.mjs';
import { planPastEvents } from './plan-past-events.mjs';
import { planProposalImport } from './plan-proposal-import.mjs';
import { planProposals } from './plan-proposals.mjs';
import { apportion, rng } from './prng.mjs';

export const DEFAULT_SEED = 20030331;

/** What the seed document reports, and what the plan must reproduce. */
export const TARGETS = {
  studyGroupsFy1998: 12,
  studyGroupsFy2003: 28,
  membersFy2003: 1200,
  /** Memberships that ended before FY2003 (people move on): they count in earlier years only. */
  formerMembers: 40,
  screenedByFy2002: 200,
  onSaleAtFy2002: 45,
  salesPlannedAtFy2002: 20,
};

/** Telephone area codes by bureau (the bureau seat's). */
const AREA_CODES = {
  ishikari: '011',
  oshima: '0138',
  hiyama: '0139',
  shiribeshi: '0134',
  sorachi: '0126',
  kamikawa: '0166',
  rumoi: '0164',
  soya: '0162',
  okhotsk: '0157',
  iburi: '0143',
  hidaka: '0146',
  tokachi: '0155',
  kushiro: '0154',
  nemuro: '0153',
};

/** The first three digits of postal codes around each bureau's seat. */
const POSTAL_PREFIX = {
  ishikari: '060',
  oshima: '040',
  hiyama: '043',
  shiribeshi: '047',
  sorachi: '068',
  kamikawa: '070',
  rumoi: '077',
  soya: '097',
  okhotsk: '090',
  iburi: '050',
  hidaka: '057',
  tokachi: '080',
  kushiro: '085',
  nemuro: '087',
};

/** Region words companies name themselves after: [word, reading, romanised]. */
const REGION_WORDS = {
  ishikari: ['石狩', 'イシカリ', 'Ishikari'],
  oshima: ['道南', 'ドウナン', 'Donan'],
  hiyama: ['檜山', 'ヒヤマ', 'Hiyama'],
  shiribeshi: ['後志', 'シリベシ', 'Shiribeshi'],
  sorachi: ['空知', 'ソラチ', 'Sorachi'],
  kamikawa: ['大雪', 'タイセツ', 'Taisetsu'],
  rumoi: ['留萌', 'ルモイ', 'Rumoi'],
  soya: ['宗谷', 'ソウヤ', 'Soya'],
  okhotsk: ['オホーツク', 'オホーツク', 'Okhotsk'],
  iburi: ['胆振', 'イブリ', 'Iburi'],
  hidaka: ['日高', 'ヒダカ', 'Hidaka'],
  tokachi: ['十勝', 'トカチ', 'Tokachi'],
  kushiro: ['釧路', 'クシロ', 'Kushiro'],
  nemuro: ['根室', 'ネムロ', 'Nemuro'],
};

const STREET_WORDS = [
  '本町',
  '中央',
  '栄町',
  '緑町',
  '幸町',
  '旭町',
  '港町',
  '錦町',
  '大通',
  '東町',
  '西町',
  '北町',
  '南町',
  '末広町',
  '曙町',
];

/** The place a municipality is named after, without 市/町/村: [name, reading, romanised]. */
export function placeStem(m) {
  const kanaSuffix = { city: /シ$/, town: /(チョウ|マチ)$/, village: /(ムラ|ソン)$/ }[m.kind];
  return [m.nameJa.replace(/[市町村]$/, ''), m.nameKana.replace(kanaSuffix, ''), m.nameEn.replace(/-(shi|cho|machi|mura|son)$/, '')];
}

function indexReference(reference) {
  const byName = new Map(reference.municipalities.map((m) => [m.nameJa, m]));
  const byCode = new Map(reference.municipalities.map((m) => [m.code, m]));
  const bureauCodes = reference.bureaus.map((b) => b.code);
  return {
    bureauCodes,
    byCode,
    muni(name) {
      const m = byName.get(name);
      if (!m) throw new Error(`the registry does not know the municipality ${name}`);
      return m;
    },
  };
}

const slug = (text) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * Builds the world. `reference` = the registry's `{ municipalities, bureaus }` (items of GET /v1/municipalities and
 * GET /v1/bureaus); `today` = the Tokyo date the current proposals and upcoming events are planned from.
 */
export function buildPlan({ seed = DEFAULT_SEED, reference, today }) {
  const ref = indexReference(reference);
  const emails = emailAllocator();
  const organizations = [];
  const orgByKey = new Map();
  const corporateNumbers = new Set();

  const addOrganization = (org) => {
    if (orgByKey.has(org.key)) throw new Error(`two organisations with the key ${org.key}`);
    organizations.push(org);
    orgByKey.set(org.key, org);
    return org;
  };
  const numbers = rng(seed, 'corporate-numbers');
  const newCorporateNumber = (base) => {
    for (;;) {
      const n = corporateNumber(base(numbers.int(1, 999_999)));
      if (!corporateNumbers.has(n)) {
        corporateNumbers.add(n);
        return n;
      }
    }
  };
  const registered = (bureau, kindCode) =>
    newCorporateNumber((serial) => corporateBase.registered(REGISTRY_OFFICE_BY_BUREAU[bureau], kindCode, serial));
  const phones = rng(seed, 'phones');
  const phone = (bureau) => {
    const code = AREA_CODES[bureau];
    return code.length === 3
      ? `${code}-${phones.int(200, 899)}-${String(phones.int(0, 9999)).padStart(4, '0')}`
      : `${code}-${phones.int(20, 99)}-${String(phones.int(0, 9999)).padStart(4, '0')}`;
  };

  // --- institutions, chambers, municipal governments ---------------------------------------------------------
  for (const inst of INSTITUTIONS) {
    const m = ref.muni(inst.muni);
    const corp =
      inst.corp === 'registered'
        ? registered(m.bureauCode, inst.kind === 'company' || inst.kind === 'financial_institution' ? '01' : '05')
        : inst.corp === 'prefecture'
          ? corporateNumber(corporateBase.localGovernment('010006'))
          : null;
    if (corp) corporateNumbers.add(corp);
    addOrganization({
      key: inst.key,
      bureau: m.bureauCode,
      domain: `${inst.domain}.example`,
      fields: inst.fields,
      founded: inst.founded,
      body: {
        kind: inst.kind,
        sector: inst.sector,
        name: inst.name,
        nameKana: inst.kana,
        nameEn: inst.en,
        corporateNumber: corp,
        jsicCode: inst.jsic,
        jsicRevision: 14,
        focusFields: inst.fields,
        postalCode: inst.postal,
        municipalityCode: m.code,
        address: inst.address,
        employees: inst.employees ?? null,
        foundedOn: inst.founded,
        contactEmail: `info@${inst.domain}.example`,
        contactPhone: phone(m.bureauCode),
      },
    });
  }
  for (const city of CHAMBERS) {
    const m = ref.muni(city);
    const [stem, stemKana, stemEn] = placeStem(m);
    addOrganization({
      key: `cci-${slug(stemEn)}`,
      bureau: m.bureauCode,
      domain: `${slug(stemEn)}-cci.example`,
      fields: ['other'],
      founded: '1950-04-01',
      body: {
        kind: 'economic_association',
        sector: 'industry',
        name: `${stem}商工会議所`,
        nameKana: `${stemKana}ショウコウカイギショ`,
        nameEn: `${stemEn} Chamber of Commerce and Industry`,
        corporateNumber: registered(m.bureauCode, '05'),
        jsicCode: 'R9311',
        jsicRevision: 14,
        focusFields: ['other'],
        municipalityCode: m.code,
        foundedOn: '1950-04-01',
        contactEmail: `info@${slug(stemEn)}-cci.example`,
        contactPhone: phone(m.bureauCode),
      },
    });
  }
  const municipalGovernment = (m) => {
    const key = `gov-${m.code}`;
    if (orgByKey.has(key)) return orgByKey.get(key);
    const [, , stemEn] = placeStem(m);
    const label = { city: 'City', town: 'Town', village: 'Village' }[m.kind];
    return addOrganization({
      key,
      bureau: m.bureauCode,
      domain: `${slug(stemEn)}-${m.kind}.example`,
      fields: [],
      founded: '1947-05-03',
      municipality: m,
      body: {
        kind: 'municipal_government',
        sector: 'government',
        name: m.nameJa,
        nameKana: m.nameKana,
        nameEn: `${stemEn} ${label}`,
        corporateNumber: corporateNumber(corporateBase.localGovernment(m.code)),
        jsicCode: 'S9821',
        jsicRevision: 14,
        focusFields: [],
        municipalityCode: m.code,
        address: `${m.nameJa}${m.kind === 'city' ? '役所' : '役場'}`,
        contactPhone: phone(m.bureauCode),
      },
    });
  };
  municipalGovernment(ref.muni('札幌市'));

  // --- study groups ------------------------------------------------------------------------------------------
  const groupsRng = rng(seed, 'study-groups');
  const groups = STUDY_GROUPS.map((g) => {
    const area = g.area.map((name) => ref.muni(name));
    if (area.some((m) => m.bureauCode !== g.bureau)) throw new Error(`${g.name}: its area is not all in ${g.bureau}`);
    const seat = area[0];
    const gov = municipalGovernment(seat);
    const foundedOn = addDays(fiscalYearStart(g.fy), groupsRng.int(30, 300));
    const org = addOrganization({
      key: `sg-${g.key}`,
      bureau: g.bureau,
      domain: `${g.key}.cluster.example`,
      fields: g.fields,
      founded: foundedOn,
      body: {
        kind: 'study_group',
        sector: 'industry',
        name: g.name,
        nameKana: g.kana,
        focusFields: g.fields,
        municipalityCode: seat.code,
        address: `事務局：${gov.body.address}内`,
        foundedOn,
        contactEmail: `office@${g.key}.cluster.example`,
        contactPhone: phone(g.bureau),
        areaMunicipalityCodes: area.map((m) => m.code),
        areaBureauCodes: [],
      },
    });
    return { ...g, org, area, seat, gov, foundedOn, companies: [] };
  });

  // --- companies ---------------------------------------------------------------------------------------------
  const companyRng = rng(seed, 'companies');
  const companyNames = new Set();
  const companies = [];
  const addCompany = ({ key, name, kana, en, fields, jsic, m, founded, employees, capitalYen, legal }) => {
    const bureau = m.bureauCode;
    const domain = `${slug(en.replace(/(Co\., Ltd\.|Inc\.|Ltd\.)$/, ''))}.example`;
    const org = addOrganization({
      key,
      bureau,
      domain,
      fields,
      founded,
      body: {
        kind: 'company',
        sector: 'industry',
        name,
        nameKana: kana,
        nameEn: en,
        corporateNumber: registered(bureau, legal === '有限会社' ? '02' : '01'),
        jsicCode: jsic,
        jsicRevision: 14,
        focusFields: fields,
        postalCode: `${POSTAL_PREFIX[bureau]}-${String(companyRng.int(0, 9999)).padStart(4, '0')}`,
        municipalityCode: m.code,
        address: `${m.nameJa}${companyRng.pick(STREET_WORDS)}${companyRng.int(1, 12)}丁目${companyRng.int(1, 30)}-${companyRng.int(1, 20)}`,
        capitalYen,
        employees,
        foundedOn: founded,
        website: `https://www.${domain}/`,
        contactEmail: `info@${domain}`,
        contactPhone: phone(bureau),
      },
    });
    companies.push(org);
    return org;
  };
  const generatedCompany = (m, field, secondField) => {
    for (let attempt = 0; ; attempt++) {
      const [word, wordKana, wordEn, jsic] = companyRng.pick(BUSINESS_WORDS[field]);
      const roll = companyRng.next();
      const [prefix, prefixKana, prefixEn] =
        roll < 0.45 ? placeStem(m) : roll < 0.7 ? REGION_WORDS[m.bureauCode] : companyRng.pick(NAME_PREFIXES);
      const legal = companyRng.chance(0.15) ? '有限会社' : '株式会社';
      const stem = `${prefix}${word}`;
      const name = legal === '株式会社' && companyRng.chance(0.4) ? `${stem}株式会社` : `${legal}${stem}`;
      if (companyNames.has(stem) && attempt < 50) continue;
      companyNames.add(stem);
      const small = companyRng.chance(0.7);
      return addCompany({
        key: `co-${companies.length + 1}`,
        name,
        kana: `${prefixKana}${wordKana}`,
        en: `${prefixEn} ${wordEn} ${legal === '有限会社' ? 'Ltd.' : 'Co., Ltd.'}`,
        fields: secondField && secondField !== field ? [field, secondField] : [field],
        jsic,
        m,
        founded: addDays('1950-04-01', companyRng.int(0, 17_000)),
        employees: small ? companyRng.int(3, 50) : companyRng.int(51, 400),
        capitalYen: (small ? companyRng.int(3, 30) : companyRng.int(30, 300)) * 1_000_000,
        legal,
      });
    }
  };
  for (const fc of FLAGSHIP_COMPANIES) {
    addCompany({
      key: fc.key,
      name: fc.name,
      kana: fc.kana,
      en: fc.en,
      fields: fc.fields,
      jsic: fc.jsic,
      m: ref.muni(fc.muni),
      founded: addDays('1996-04-01', companyRng.int(0, 700)),
      employees: companyRng.int(5, 30),
      capitalYen: companyRng.int(10, 50) * 1_000_000,
      legal: '株式会社',
    });
  }
  for (const g of groups) {
    const count = g.weight >= 1.2 ? 4 : 3;
    for (let i = 0; i < count; i++) {
      const m = companyRng.pick(g.area);
      g.companies.push(generatedCompany(m, g.fields[i % g.fields.length], companyRng.chance(0.3) ? companyRng.pick(g.fields) : null));
    }
  }
  const sapporo = ref.muni('札幌市');
  const sapporoCompanies = ['it', 'it', 'bio', 'medical', 'manufacturing', 'manufacturing', 'environment', 'energy', 'food', 'tourism'].map(
    (field) => generatedCompany(sapporo, field, null),
  );
  const sapporoIt = groups.find((g) => g.key === 'sapporo-it');
  sapporoIt.companies.push(...sapporoCompanies.filter((c) => c.fields.includes('it')));

  // --- people: staff ----------------------------------------------------------------------------------------
  const people = [];
  const personByEmail = new Map();
  const affiliated = new Map(); // organisation key -> people (in order)
  const addPerson = (person) => {
    people.push(person);
    personByEmail.set(person.body.email, person);
    if (person.affiliation) {
      const list = affiliated.get(person.affiliation.org) ?? [];
      list.push(person);
      affiliated.set(person.affiliation.org, list);
    }
    return person;
  };
  const names = nameGenerator(rng(seed, 'names'));
  const peopleRng = rng(seed, 'people');
  const makePerson = ({ name = names(), org, department = null, title = null, fields = [], language, consent, domain, bureau, from }) => {
    const n = name;
    const orgRecord = org ? orgByKey.get(org) : undefined;
    const email = emails.take(
      `${n.roman.given}.${n.roman.family}`,
      domain ?? orgRecord?.domain ?? peopleRng.pick(['mail.example', 'hokkaido-net.example', 'north-isp.example']),
    );
    return addPerson({
      body: {
        familyName: n.familyName,
        givenName: n.givenName,
        familyNameKana: n.familyNameKana,
        givenNameKana: n.givenNameKana,
        nameEn: n.nameEn,
        email,
        phone: peopleRng.chance(0.6) ? phone(bureau ?? orgRecord?.bureau ?? 'ishikari') : null,
        preferredLanguage: language ?? (peopleRng.chance(0.02) ? 'en' : 'ja'),
        consentToList: consent ?? peopleRng.chance(0.7),
        expertiseFields: fields,
      },
      affiliation: org ? { org, department, title, from: from ?? null } : null,
    });
  };

  const staff = [];
  const pastAffiliations = [];
  for (const c of [...COORDINATORS, ...ADVISORS, ...VIEWERS]) {
    const org = c.org ?? sapporoCompanies.find((co) => co.fields.includes(c.companyField)).key;
    const foreign = c.foreign ? FOREIGN_NAMES.find(([family]) => family === c.foreign) : null;
    const name = foreign
      ? {
          familyName: foreign[0],
          givenName: foreign[1],
          familyNameKana: foreign[2],
          givenNameKana: foreign[3],
          nameEn: `${foreign[1]} ${foreign[0]}`,
          roman: { given: foreign[1].toLowerCase(), family: foreign[0].toLowerCase() },
        }
      : names();
    const person = makePerson({
      name,
      org,
      department: c.department,
      title: c.title,
      fields: c.fields,
      language: c.language ?? (foreign ? 'en' : 'ja'),
      consent: true,
      from: c.since,
    });
    staff.push({
      email: person.body.email,
      roles: c.roles,
      sector: orgByKey.get(org).body.sector,
      fields: c.fields,
      org,
      since: c.since ?? null,
    });
    if (c.formerly) pastAffiliations.push({ email: person.body.email, ...c.formerly });
  }
  // researchers from abroad who are not staff
  for (const [family, given, familyKana, givenKana, local] of FOREIGN_NAMES) {
    if (people.some((p) => p.body.familyName === family)) continue;
    const home = { Korhonen: 'hokudai', Nieminen: 'muroran-it', Campbell: 'otaru-commerce', Kim: 'hakodate-fun', Chen: 'obihiro-agri' }[
      family
    ];
    const org = orgByKey.get(home);
    const person = addPerson({
      body: {
        familyName: family,
        givenName: given,
        familyNameKana: familyKana,
        givenNameKana: givenKana,
        nameEn: `${given} ${family}`,
        email: emails.take(local, org.domain),
        phone: null,
        preferredLanguage: 'en',
        consentToList: true,
        expertiseFields: org.fields.slice(0, 2),
      },
      affiliation: { org: home, department: '国際連携研究教育局', title: family === 'Chen' ? '特任助教' : '特任准教授', from: null },
    });
    person.foreign = true;
  }

  // --- people: study-group members ---------------------------------------------------------------------------
  const memberships = [];
  const sizes = apportion(
    TARGETS.membersFy2003,
    groups.map((g) => g.weight),
  );
  const early = groups.filter((g) => g.fy <= 2000);
  const leaverCounts = apportion(
    TARGETS.formerMembers,
    early.map((g) => g.weight),
  );
  const membersRng = rng(seed, 'members');
  const institutionsIn = (bureau, kinds) => organizations.filter((o) => o.bureau === bureau && kinds.includes(o.body.kind));
  const companyTitles = [
    ['取締役', 2],
    ['部長', 4],
    ['課長', 5],
    ['係長', 3],
    ['主任', 4],
    [null, 6],
  ];
  const departments = ['営業部', '開発部', '製造部', '総務部', '企画部', '技術部', '品質管理部'];
  const municipalDepartments = ['商工観光課', '農林課', '企画課', '水産課', '産業振興課'];

  const affiliationFor = (g, role) => {
    const roll = membersRng.next();
    const companyPerson = () => {
      const company = membersRng.pick(g.companies);
      const first = !affiliated.has(company.key);
      return {
        org: company.key,
        department: first ? null : membersRng.pick(departments),
        title: first ? '代表取締役' : membersRng.weighted(companyTitles),
      };
    };
    const government = () => ({
      org: g.gov.key,
      department: membersRng.pick(municipalDepartments),
      title: membersRng.pick(['課長', '係長', '主査', '主事']),
    });
    const academic = () => {
      const local = institutionsIn(g.bureau, ['university', 'college', 'public_research_institute']);
      const org =
        local.length && membersRng.chance(0.7)
          ? membersRng.pick(local)
          : orgByKey.get(membersRng.pick(['hokudai', 'hokkaido-iri', 'food-center']));
      const research = org.body.kind === 'public_research_institute';
      return {
        org: org.key,
        department: research
          ? membersRng.pick(['研究開発部', '技術支援部', '応用技術部'])
          : membersRng.pick(['地域連携推進センター', '工学研究院', '農学研究院', '産学連携本部']),
        title: research ? membersRng.pick(['研究主幹', '主任研究員', '研究職員']) : membersRng.pick(['教授', '准教授', '助教']),
      };
    };
    const association = () => {
      const local = institutionsIn(g.bureau, ['economic_association', 'financial_institution']);
      if (!local.length) return government();
      const org = membersRng.pick(local);
      return org.body.kind === 'financial_institution'
        ? { org: org.key, department: '融資部', title: membersRng.pick(['支店長', '課長', '調査役']) }
        : { org: org.key, department: '中小企業相談所', title: membersRng.pick(['経営指導員', '部長', '専務理事']) };
    };
    switch (role) {
      case 'representative':
        return roll < 0.75 ? companyPerson() : association();
      case 'deputy':
        return roll < 0.5 ? companyPerson() : roll < 0.75 ? academic() : association();
      case 'secretary':
        return roll < 0.7 ? companyPerson() : government();
      case 'auditor': {
        const local = institutionsIn(g.bureau, ['financial_institution']);
        return local.length ? { org: membersRng.pick(local).key, department: '融資部', title: '課長' } : companyPerson();
      }
      case 'office':
        return government();
      case 'counsellor':
        return roll < 0.5 ? { ...government(), title: '部長' } : association();
      case 'advisor':
        return academic();
      default:
        return roll < 0.45 ? companyPerson() : roll < 0.55 ? government() : roll < 0.6 ? academic() : roll < 0.65 ? association() : null;
    }
  };

  groups.forEach((g, gi) => {
    const size = sizes[gi];
    const roles = [];
    for (const [role, , count] of OFFICER_ROLES) for (let i = 0; i < count(size); i++) roles.push(role);
    while (roles.length < size) roles.push('member');
    const leavers = g.fy <= 2000 ? leaverCounts[early.indexOf(g)] : 0;
    const lastJoin = fiscalYearEnd(2003);
    const span = Math.round((Date.parse(lastJoin) - Date.parse(g.foundedOn)) / 86_400_000);
    g.members = [];
    const slots = [
      ...roles.map((role) => ({ role, leaver: false })),
      ...Array.from({ length: leavers }, () => ({ role: 'member', leaver: true })),
    ];
    for (const { role, leaver } of slots) {
      const aff = affiliationFor(g, role);
      const person = makePerson({
        org: aff?.org,
        department: aff?.department ?? null,
        title: aff?.title ?? null,
        fields: membersRng.chance(0.6) ? membersRng.sample(g.fields, membersRng.int(1, g.fields.length)) : [],
        bureau: g.bureau,
      });
      if (aff?.title === '代表取締役') orgByKey.get(aff.org).body.representative = `${person.body.familyName} ${person.body.givenName}`;
      let joinedOn;
      let leftOn = null;
      if (leaver) {
        joinedOn = addDays(g.foundedOn, membersRng.int(0, 200));
        leftOn = addDays(joinedOn, membersRng.int(180, 1400));
        if (leftOn > fiscalYearEnd(2002)) leftOn = addDays(fiscalYearEnd(2002), -membersRng.int(0, 60));
      } else if (role !== 'member' || membersRng.chance(0.35)) {
        joinedOn = g.foundedOn;
      } else {
        joinedOn = addDays(g.foundedOn, membersRng.int(0, span));
      }
      const membership = { group: g.org.key, email: person.body.email, role, joinedOn, leftOn };
      memberships.push(membership);
      g.members.push({ ...membership, person });
      if (role === 'representative') g.org.body.representative = `${person.body.familyName} ${person.body.givenName}`;
    }
  });

  // every company has at least its representative
  for (const company of companies) {
    if (affiliated.has(company.key)) continue;
    const person = makePerson({ org: company.key, title: '代表取締役', fields: company.fields.slice(0, 1) });
    company.body.representative = `${person.body.familyName} ${person.body.givenName}`;
  }
  for (const company of companies) {
    const staffCount = affiliated.get(company.key).length;
    if (staffCount < 2 && company.body.employees > 30) {
      makePerson({ org: company.key, department: '開発部', title: '部長', fields: company.fields.slice(0, 1) });
    }
  }

  // --- the centre's tenants and the North Campus consortium ---------------------------------------------------
  const tenancies = [
    { org: 'larynx', room: '2F-201', from: '1999-10-01', to: '2004-03-31', note: '電気式人工喉頭の開発拠点（グッドデザイン賞受賞）' },
    { org: 'transfer', room: '2F-205', from: '2000-04-01', to: null, note: '介助支援トランスファー装置の試作・評価' },
    { org: 'lactic', room: '3F-302', from: '2001-04-01', to: null, note: '乳酸菌の機能性評価ラボ' },
    { org: 'kelp', room: '3F-305', from: '2002-10-01', to: null, note: 'コンブ仮根素材の分析' },
    { org: sapporoCompanies.find((c) => c.fields.includes('bio')).key, room: '3F-301', from: '1998-07-01', to: '2001-03-31', note: null },
    { org: sapporoCompanies.find((c) => c.fields.includes('it')).key, room: '1F-103', from: '2003-04-01', to: null, note: null },
  ];
  const consortium = [];
  const contributions = [
    ['hokudai', 5, 0, '北キャンパス研究用地、共同利用機器'],
    ['aist-hokkaido', 2, 0, null],
    ['hokkaido-iri', 2, 0, '試作評価設備'],
    ['noastec', 2, 3_000_000, 'コラボほっかいどう交流スペース'],
    ['meti-hokkaido', 1, 0, null],
    ['hokkaido-gov', 1, 5_000_000, null],
    ['gov-011002', 1, 2_000_000, null],
    ['doukeiren', 0, 1_000_000, null],
    ['hokuyo', 0, 500_000, null],
  ];
  for (const fy of [2002, 2003]) {
    for (const [org, people_, yen, facilities] of contributions) {
      consortium.push({
        consortium: 'north-campus',
        org,
        fiscalYear: fy,
        contributedPeople: people_,
        contributedYen: yen,
        contributedFacilities: facilities,
      });
    }
  }

  // --- a likely duplicate person (issue #16): one researcher from abroad registered a second time, with the same
  // reading at the same university and the same address but for a +tag, for staff to find in the registry's
  // duplicates and merge. Added to the people only (not to `affiliated`), so that nothing else planned changes.
  const original = people.find((p) => p.foreign);
  if (original) {
    const [local, domain] = original.body.email.split('@');
    const twin = {
      body: { ...original.body, email: `${local}+events@${domain}`, consentToList: false, expertiseFields: [] },
      affiliation: { ...original.affiliation, department: null, title: null },
      duplicateOf: original.body.email,
    };
    people.push(twin);
    personByEmail.set(twin.body.email, twin);
  }

  const world = {
    seed,
    today,
    organizations,
    orgByKey,
    groups,
    companies,
    people,
    personByEmail,
    affiliated,
    staff,
    pastAffiliations,
    memberships,
    tenancies,
    consortium,
  };
  const proposals = planProposals(world, rng(seed, 'proposals'));
  const events = planEvents(world, rng(seed, 'events'), emails);
  // Added later, each drawn from a generator of its own so that everything above stays exactly as it was:
  // exchange events entered after they took place, and the proposals the CSV history import brings over.
  const pastEvents = planPastEvents(world, rng(seed, 'past-events')).map((e) => ({ ...e, publish: false, registrations: [] }));
  const imported = planProposalImport(world, rng(seed, 'proposal-import'));
  return { ...world, proposals: { ...proposals, imported }, events: [...events, ...pastEvents] };
}

/**
 * The registry's yearly study-group report, computed from the plan with the registry's definition
 * (services/registry/src/study-groups/study-group-report.ts): a group counts in a fiscal year when it existed
 * at some point in it; a membership when it overlapped the year.
 */
export function studyGroupCounts(plan, fy) {
  const start = fiscalYearStart(fy);
  const end = fiscalYearEnd(fy);
  const groups = plan.organizations.filter(
    (o) => o.body.kind === 'study_group' && o.body.foundedOn <= end && (!o.body.dissolvedOn || o.body.dissolvedOn >= start),
  );
  const keys = new Set(groups.map((g) => g.key));
  const members = plan.memberships.filter((m) => keys.has(m.group) && m.joinedOn <= end && (m.leftOn === null || m.leftOn >= start));
  return { studyGroups: groups.length, members: members.length, people: new Set(members.map((m) => m.email)).size };
}
