// Unit tests of the seeder's pure parts: `node --test scripts/seed-demo/`. No service is needed; the reference
// data comes from the registry's own CSV files.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { corporateCheckDigit, corporateNumber, isValidCorporateNumber } from './corporate-number.mjs';
import { addDays, fiscalYearOf } from './dates.mjs';
import { toCsv } from './load-registry.mjs';
import { emailAllocator, isKanaReading, nameGenerator } from './names.mjs';
import { buildPlan, studyGroupCounts, TARGETS } from './plan.mjs';
import { ASSIGNMENT_COLUMNS, AWARD_TENANCY, IMPORT_COLUMNS, importRows } from './plan-proposal-import.mjs';
import { historyKpi } from './plan-proposals.mjs';
import { apportion, rng } from './prng.mjs';
import { referenceFromCsv } from './reference-csv.mjs';

const reference = referenceFromCsv();
const today = '2026-05-20';
const plan = buildPlan({ reference, today });

describe('corporate numbers', () => {
  it('accepts the examples DOMAIN.md gives and refuses a wrong check digit', () => {
    for (const n of ['7010705000725', '4011001098993', '2120901007402']) assert.equal(isValidCorporateNumber(n), true, n);
    assert.equal(isValidCorporateNumber('8010705000725'), false);
    assert.equal(isValidCorporateNumber('701070500072'), false);
    assert.equal(isValidCorporateNumber(7010705000725), false);
  });

  it('computes the check digit from the 12 digits after it', () => {
    assert.equal(corporateCheckDigit('010705000725'), 7);
    assert.equal(corporateNumber('011001098993'), '4011001098993');
    // a local government: 000020 + its code; Hokkaido (010006) and Sapporo (011002)
    assert.equal(corporateNumber('000020010006'), '7000020010006');
    assert.equal(corporateNumber('000020011002'), '9000020011002');
    assert.throws(() => corporateCheckDigit('12345'));
  });

  it('gives every planned organisation that has one a valid, unique number', () => {
    const numbers = plan.organizations.map((o) => o.body.corporateNumber).filter(Boolean);
    assert.ok(numbers.length > 150);
    for (const n of numbers) assert.ok(isValidCorporateNumber(n), n);
    assert.equal(new Set(numbers).size, numbers.length);
    assert.equal(plan.organizations.filter((o) => o.body.kind === 'study_group' && o.body.corporateNumber).length, 0);
  });
});

describe('names', () => {
  it('draws Japanese names with kana readings and a romanised form', () => {
    const next = nameGenerator(rng(1, 'names'));
    for (let i = 0; i < 500; i++) {
      const n = next();
      assert.ok(isKanaReading(n.familyNameKana) && isKanaReading(n.givenNameKana), JSON.stringify(n));
      assert.match(n.nameEn, /^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });

  it('hands out each email address once', () => {
    const emails = emailAllocator();
    assert.equal(emails.take('kenichi.sato', 'a.example'), 'kenichi.sato@a.example');
    assert.equal(emails.take('kenichi.sato', 'a.example'), 'kenichi.sato2@a.example');
    assert.equal(emails.take('Kenichi.Sato', 'b.example'), 'kenichi.sato@b.example');
  });

  it('gives every planned person a unique email, kana readings and a language', () => {
    const emails = plan.people.map((p) => p.body.email.toLowerCase());
    assert.equal(new Set(emails).size, emails.length);
    for (const p of plan.people) {
      assert.ok(isKanaReading(p.body.familyNameKana) && isKanaReading(p.body.givenNameKana), p.body.email);
      assert.ok(['ja', 'en'].includes(p.body.preferredLanguage));
    }
    assert.ok(plan.people.filter((p) => p.body.preferredLanguage === 'en').length >= 6, 'some prefer English');
  });
});

describe('the plan', () => {
  it('is the same for the same seed and different for another', () => {
    const again = buildPlan({ reference, today });
    assert.deepEqual(JSON.stringify(again.people), JSON.stringify(plan.people));
    assert.deepEqual(JSON.stringify(again.proposals), JSON.stringify(plan.proposals));
    assert.deepEqual(JSON.stringify(again.events), JSON.stringify(plan.events));
    const other = buildPlan({ seed: 7, reference, today });
    assert.notDeepEqual(JSON.stringify(other.people), JSON.stringify(plan.people));
  });

  it('has every kind of body the foundation works with, with readings, JSIC codes and known municipalities', () => {
    const kinds = new Set(plan.organizations.map((o) => o.body.kind));
    for (const k of [
      'company',
      'university',
      'college',
      'public_research_institute',
      'national_government',
      'prefectural_government',
      'municipal_government',
      'economic_association',
      'financial_institution',
      'foundation',
      'study_group',
    ]) {
      assert.ok(kinds.has(k), k);
    }
    const codes = new Set(reference.municipalities.map((m) => m.code));
    for (const o of plan.organizations) {
      assert.match(o.body.nameKana, /^[\p{Script=Katakana}ー・\s]+$/u, o.body.name);
      if (o.body.jsicCode) assert.match(o.body.jsicCode, /^[A-T](\d{2}|\d{3}|\d{4})?$/, o.body.name);
      if (o.body.postalCode) assert.match(o.body.postalCode, /^\d{3}-\d{4}$/);
      assert.ok(codes.has(o.body.municipalityCode), o.body.name);
      for (const c of o.body.areaMunicipalityCodes ?? []) assert.ok(codes.has(c));
    }
    const names = plan.organizations.map((o) => `${o.body.kind}|${o.body.name}`);
    assert.equal(new Set(names).size, names.length, 'kind + name is a natural key');
    for (const name of ['国立大学法人北海道大学', '国立大学法人小樽商科大学', '北海道庁', '経済産業省北海道経済産業局']) {
      assert.ok(
        plan.organizations.some((o) => o.body.name === name),
        name,
      );
    }
    const focus = new Set(plan.organizations.flatMap((o) => o.body.focusFields));
    for (const f of ['food', 'housing', 'tourism']) assert.ok(focus.has(f));
  });

  it('has coordinators and advisors from industry, academia and government with expertise', () => {
    const advisors = plan.staff.filter((s) => s.roles.includes('advisor'));
    assert.ok(plan.staff.filter((s) => s.roles.includes('coordinator')).length >= 5);
    for (const sector of ['industry', 'academia', 'government'])
      assert.ok(
        advisors.some((a) => a.sector === sector),
        sector,
      );
    for (const a of advisors) assert.ok(plan.personByEmail.get(a.email).body.expertiseFields.length > 0);
  });
});

describe('the study groups', () => {
  it('are 28, two in each of the 14 bureaus', () => {
    const groups = plan.organizations.filter((o) => o.body.kind === 'study_group');
    assert.equal(groups.length, 28);
    const perBureau = new Map();
    for (const g of plan.groups) perBureau.set(g.bureau, (perBureau.get(g.bureau) ?? 0) + 1);
    assert.equal(perBureau.size, 14);
    for (const [bureau, n] of perBureau) assert.equal(n, 2, bureau);
    for (const g of plan.groups) for (const m of g.area) assert.equal(m.bureauCode, g.bureau, `${g.name}: ${m.nameJa}`);
  });

  it('give the yearly report the seed document describes: 12 areas in FY1998, 28 with 1,200 members in FY2003', () => {
    assert.equal(studyGroupCounts(plan, 1998).studyGroups, TARGETS.studyGroupsFy1998);
    assert.deepEqual(studyGroupCounts(plan, 2003), { studyGroups: 28, members: 1200, people: 1200 });
    // growing year by year
    const members = [1998, 1999, 2000, 2001, 2002, 2003].map((fy) => studyGroupCounts(plan, fy).members);
    for (let i = 1; i < members.length; i++) assert.ok(members[i] > members[i - 1], JSON.stringify(members));
  });

  it('have memberships that start after the group was founded, end after they start, and officers in every group', () => {
    const founded = new Map(plan.groups.map((g) => [g.org.key, g.foundedOn]));
    for (const m of plan.memberships) {
      assert.ok(m.joinedOn >= founded.get(m.group), JSON.stringify(m));
      assert.ok(m.leftOn === null || m.leftOn >= m.joinedOn);
      assert.ok(m.leftOn === null || m.leftOn < '2003-04-01', 'those who left, left before FY2003');
    }
    assert.equal(plan.memberships.filter((m) => m.leftOn).length, TARGETS.formerMembers);
    for (const g of plan.groups) {
      for (const role of ['representative', 'secretary', 'office'])
        assert.ok(
          g.members.some((m) => m.role === role),
          `${g.name} ${role}`,
        );
    }
  });
});

describe('the proposals', () => {
  const MAIN = [
    'received',
    'pre_screening',
    'screening',
    'accepted',
    'team_formed',
    'prototyping',
    'commercializing',
    'sales_planned',
    'on_sale',
  ];
  const allowed = (from, to, held) =>
    (MAIN.indexOf(to) === MAIN.indexOf(from) + 1 && MAIN.includes(from)) ||
    (from === 'screening' && to === 'declined') ||
    (['received', 'pre_screening', 'screening'].includes(from) && to === 'returned') ||
    (from === 'returned' && (to === 'received' || to === held)) ||
    (MAIN.slice(0, -1).includes(from) && to === 'on_hold') ||
    (from === 'on_hold' && to === held) ||
    (['received', 'pre_screening', 'screening', 'accepted', 'returned', 'on_hold'].includes(from) && to === 'withdrawn') ||
    (['accepted', 'team_formed', 'prototyping', 'commercializing', 'sales_planned', 'on_hold'].includes(from) && to === 'discontinued');

  it('reproduce the figures of FY2002: about 200 screened, 45 on sale, 20 planning sales', () => {
    const kpi = historyKpi(plan.proposals.historical, 2002);
    assert.equal(kpi.cumulativeScreened, TARGETS.screenedByFy2002);
    assert.equal(kpi.onSale, TARGETS.onSaleAtFy2002);
    assert.equal(kpi.salesPlanned, TARGETS.salesPlannedAtFy2002);
    assert.equal(historyKpi(plan.proposals.historical, 1997).cumulativeReceived, 0, 'nothing before FY1998');
  });

  it('move only as the support track allows, in date order, all in the past', () => {
    for (const p of plan.proposals.historical) {
      let stage = 'received';
      let held = null;
      let last = `${p.body.broughtInOn}T00:00:00+09:00`;
      for (const s of p.steps) {
        assert.ok(allowed(stage, s.to, held), `${p.key}: ${stage} -> ${s.to}`);
        assert.ok(s.at > last, `${p.key}: ${s.at} after ${last}`);
        if (['returned', 'on_hold'].includes(s.to)) held = stage;
        stage = s.to;
        last = s.at;
      }
      assert.ok(last < `${today}T00:00:00+09:00`);
      for (const o of p.outcomes) assert.ok(o.occurredOn >= p.body.broughtInOn && o.occurredOn < today, `${p.key} ${o.kind}`);
    }
    for (const p of plan.proposals.current) {
      let stage = 'received';
      for (const s of p.steps) {
        assert.ok(allowed(stage, s.to, null), `${p.key}: ${stage} -> ${s.to}`);
        stage = s.to;
      }
    }
  });

  it('have unique titles and are brought in by study groups that existed then, or by companies', () => {
    const all = [...plan.proposals.historical, ...plan.proposals.current];
    assert.equal(new Set(all.map((p) => p.key)).size, all.length);
    const founded = new Map(plan.groups.map((g) => [g.org.key, g.foundedOn]));
    const byGroups = plan.proposals.historical.filter((p) => p.body.studyGroup);
    assert.ok(byGroups.length > 50 && byGroups.length < 120, String(byGroups.length));
    for (const p of byGroups) assert.ok(founded.get(p.body.studyGroup) < p.body.broughtInOn);
    for (const p of all) assert.ok(plan.personByEmail.has(p.body.contact) && plan.personByEmail.has(p.body.coordinator));
    // brought in in date order (the service numbers them as they arrive)
    const days = plan.proposals.historical.map((p) => p.body.broughtInOn);
    assert.deepEqual(days, [...days].sort());
    assert.ok(fiscalYearOf(days[0]) === 1998);
  });

  it('give today’s screening reviews by advisors with no tie to the proposer, from different sectors', () => {
    const walkthrough = plan.proposals.current.filter((p) => p.walkthrough);
    assert.equal(walkthrough.length, 1);
    assert.equal(walkthrough[0].steps.at(-1).to, 'screening');
    assert.equal(walkthrough[0].assignments.filter((a) => a.review).length, 2, 'two reviews: enough for a decision');
    for (const p of plan.proposals.current) {
      const blocked = new Set([p.body.proposer, ...p.body.participants]);
      const advisors = p.assignments.map((a) => plan.staff.find((s) => s.email === a.advisor));
      for (const a of advisors) assert.ok(!blocked.has(a.org), `${p.key}: ${a.email}`);
      assert.equal(new Set(advisors.map((a) => a.email)).size, advisors.length);
      if (advisors.length >= 2) assert.ok(new Set(advisors.map((a) => a.sector)).size >= 2, p.key);
      if (p.steps.some((s) => s.to === 'team_formed'))
        assert.ok(p.team.some((m) => m.role === 'coordinator') && p.team.some((m) => m.role !== 'coordinator'));
    }
  });
});

describe('the events', () => {
  it('register each person or guest once per event, with guests’ addresses unique', () => {
    for (const e of plan.events) {
      const keys = e.registrations.map((r) => r.email ?? r.guest.email);
      assert.equal(new Set(keys).size, keys.length, e.key);
    }
    const guests = plan.events.flatMap((e) => e.registrations.filter((r) => r.guest).map((r) => r.guest.email));
    assert.equal(new Set(guests).size, guests.length);
    const food = plan.events.find((e) => e.key === 'food-exchange');
    assert.ok(food.registrations.length > food.body.capacity, 'some wait for a seat');
    for (const kind of ['centre', 'izakaya', 'university'])
      assert.ok(
        plan.events.some((e) => e.body.venue.kind === kind),
        kind,
      );
    for (const e of plan.events.filter((x) => x.body.startsAt && !x.historical)) assert.ok(e.body.startsAt > `${addDays(today, 1)}`);
  });

  it('are the 8 run here, food-exchange over capacity, and 3 past exchange events with their attendees', () => {
    const run = plan.events.filter((e) => !e.historical);
    const past = plan.events.filter((e) => e.historical);
    assert.equal(run.length, 8);
    assert.equal(past.length, 3);
    const titles = plan.events.map((e) => e.body.title.ja);
    assert.equal(new Set(titles).size, titles.length, 'the Japanese title is the natural key');
    for (const e of past) {
      assert.equal(e.body.kind, 'exchange_meeting', e.key);
      assert.ok(e.body.startsAt < e.body.endsAt && e.body.endsAt < `${today}T00:00:00+09:00`, `${e.key} has ended`);
      assert.ok(fiscalYearOf(e.body.startsAt) >= 2001 && fiscalYearOf(e.body.startsAt) <= 2002, e.key);
      assert.equal(e.publish, false);
      assert.deepEqual(e.registrations, []);
      assert.ok(e.attendees.length >= 20 && e.attendees.length <= e.body.capacity, e.key);
      assert.equal(new Set(e.attendees).size, e.attendees.length, `${e.key}: each person once`);
      for (const email of e.attendees) assert.ok(plan.personByEmail.has(email), email);
      assert.ok(!e.attendees.some((email) => plan.staff.some((s) => s.email === email)), `${e.key}: no staff`);
    }
  });
});

describe('the CSV history import', () => {
  const { proposals, assignments, interviews, documentRequests } = plan.proposals.imported;
  const ids = { org: (k) => `org:${k}`, person: (e) => `person:${e}`, tenancy: (t) => `tenancy:${t.org}|${t.room}|${t.from}` };

  it('brings ~10 proposals keyed by old reference numbers, unique and distinct from every other title', () => {
    assert.equal(proposals.length, 10);
    const refs = proposals.map((p) => p.legacyRef);
    assert.equal(new Set(refs).size, refs.length);
    for (const r of refs) assert.match(r, /^NX-[HR]\d{2}-\d{3}$/);
    const all = [...plan.proposals.historical, ...plan.proposals.current].map((p) => p.key);
    const titles = proposals.map((p) => p.body.title.ja);
    assert.equal(new Set([...all, ...titles]).size, all.length + titles.length);
    for (const p of proposals) assert.ok(plan.personByEmail.has(p.body.contact) && plan.personByEmail.has(p.body.coordinator), p.legacyRef);
  });

  it('leaves the seed document’s figures alone: everything dated FY2003 or later, FY1998–FY2002 counts as before', () => {
    for (const p of proposals) {
      assert.ok(fiscalYearOf(p.body.broughtInOn) >= 2003, p.legacyRef);
      for (const s of p.steps) assert.ok(fiscalYearOf(s.day) >= 2003);
      for (const o of p.outcomes) assert.ok(fiscalYearOf(o.occurredOn) >= 2003);
    }
    const asHistory = proposals.map((p) => ({ ...p, steps: p.steps.map((s) => ({ to: s.to, at: `${s.day}T${s.time}:00+09:00` })) }));
    const withImport = historyKpi([...plan.proposals.historical, ...asHistory], 2002);
    assert.deepEqual(withImport, historyKpi(plan.proposals.historical, 2002));
    assert.equal(withImport.cumulativeScreened, TARGETS.screenedByFy2002);
    assert.equal(withImport.onSale, TARGETS.onSaleAtFy2002);
    assert.equal(withImport.salesPlanned, TARGETS.salesPlannedAtFy2002);
  });

  it('has start-ups founded, jobs created and the Good Design award naming the centre’s tenancy', () => {
    const outcomes = proposals.flatMap((p) => p.outcomes);
    assert.ok(outcomes.filter((o) => o.kind === 'startup_founded').length >= 2);
    const jobs = outcomes.filter((o) => o.kind === 'jobs_created');
    assert.ok(jobs.length >= 2 && jobs.every((o) => Number.isInteger(o.jobsCreated) && o.jobsCreated >= 1));
    const award = outcomes.find((o) => o.kind === 'award' && o.tenancy);
    assert.match(award.summary, /グッドデザイン賞/);
    assert.deepEqual(award.tenancy, AWARD_TENANCY);
    const tenancy = plan.tenancies.find(
      (t) => t.org === AWARD_TENANCY.org && t.room === AWARD_TENANCY.room && t.from === AWARD_TENANCY.from,
    );
    assert.ok(tenancy, 'the award names a tenancy the seed loads');
    assert.ok(award.occurredOn >= tenancy.from && (tenancy.to === null || award.occurredOn <= tenancy.to), 'won while a tenant');
  });

  it('moves only as the support track allows, in date order, outcomes after bringing in, all before today', () => {
    const next = {
      received: ['pre_screening'],
      pre_screening: ['screening', 'withdrawn'],
      screening: ['accepted', 'declined'],
      accepted: ['team_formed'],
      team_formed: ['prototyping'],
      prototyping: ['commercializing'],
      commercializing: ['sales_planned'],
      sales_planned: ['on_sale'],
    };
    for (const p of proposals) {
      let stage = 'received';
      let last = p.body.broughtInOn;
      for (const s of p.steps) {
        assert.ok(next[stage]?.includes(s.to), `${p.legacyRef}: ${stage} -> ${s.to}`);
        assert.ok(s.day > last, `${p.legacyRef}: ${s.day} after ${last}`);
        assert.match(s.time, /^\d{2}:\d{2}$/);
        stage = s.to;
        last = s.day;
      }
      assert.ok(last < today);
      for (const o of p.outcomes) assert.ok(o.occurredOn > p.body.broughtInOn && o.occurredOn < today, `${p.legacyRef} ${o.kind}`);
    }
  });

  it('writes one CSV row per act with the import’s columns and registry ids', () => {
    const rows = importRows(proposals, ids);
    const acts = proposals.reduce((n, p) => n + 1 + p.steps.length + p.outcomes.length + p.assignments.length, 0);
    assert.equal(rows.length, acts);
    for (const row of rows) assert.equal(row.length, IMPORT_COLUMNS.length);
    const col = (name) => IMPORT_COLUMNS.indexOf(name);
    const broughtIn = rows.filter((r) => r[col('record')] === 'brought_in');
    assert.equal(broughtIn.length, proposals.length);
    for (const r of broughtIn) {
      assert.match(r[col('proposing_organization_id')], /^org:/);
      assert.match(r[col('contact_person_id')], /^person:/);
      assert.equal(r[col('programme')], 'support-track');
    }
    const award = rows.find((r) => r[col('outcome_kind')] === 'award');
    assert.equal(award[col('tenancy_id')], 'tenancy:larynx|2F-201|1999-10-01');
    const assigned = rows.filter((r) => r[col('record')] === 'review_assigned');
    assert.deepEqual(
      assigned.map((r) => [r[col('legacy_ref')], r[col('date')], r[col('due_on')]]),
      [['NX-R08-014', addDays(today, -10), addDays(today, -3)]],
    );
    assert.match(assigned[0][col('advisor_id')], /^person:/);
    const csv = toCsv(IMPORT_COLUMNS, rows);
    assert.ok(csv.startsWith(`${IMPORT_COLUMNS.join(',')}\r\n`));
    assert.equal(csv.trim().split('\r\n').length, rows.length + 1, 'no cell breaks a line');
    // for a proposals service without review_assigned rows: neither their columns nor their rows
    const older = IMPORT_COLUMNS.filter((c) => !ASSIGNMENT_COLUMNS.includes(c));
    const withoutAssignments = importRows(proposals, ids, older);
    assert.equal(withoutAssignments.length, rows.length - assigned.length);
    for (const row of withoutAssignments) assert.equal(row.length, older.length);
  });

  it('gives today’s work on the open ones: a review overdue from the spreadsheet, one due in 2 days, hearings, document requests', () => {
    const live = new Map(proposals.filter((p) => p.key).map((p) => [p.key, p]));
    const screening = live.get('live-screening');
    assert.equal(screening.steps.at(-1).to, 'screening', 'reviews are assigned during screening');
    // the spreadsheet's: assigned 10 days ago (after screening began), due 3 days ago (overdue); the API's: due in 2 days
    assert.deepEqual(screening.assignments, [
      { advisor: screening.assignments[0].advisor, assignedOn: addDays(today, -10), dueOn: addDays(today, -3) },
    ]);
    assert.ok(screening.assignments[0].assignedOn >= screening.steps.at(-1).day);
    for (const p of proposals.filter((x) => x !== screening)) assert.deepEqual(p.assignments, [], p.legacyRef);
    assert.deepEqual(
      assignments.map((a) => [a.proposal, a.dueOn]),
      [['live-screening', addDays(today, 2)]],
    );
    const all = [...screening.assignments.map((a) => a.advisor), ...assignments.map((a) => a.advisor)];
    assert.equal(new Set(all).size, 2, 'an advisor once per proposal');
    const proposer = screening.body.proposer;
    for (const email of all) {
      const advisor = plan.staff.find((s) => s.email === email);
      assert.ok(advisor.roles.includes('advisor'));
      assert.notEqual(advisor.org, proposer, 'no conflict of interest');
      assert.ok(!plan.pastAffiliations.some((a) => a.email === email && a.org === proposer), 'nor a former one');
    }
    for (const x of [...interviews, ...documentRequests]) assert.ok(live.has(x.proposal));
    const [scheduled, rescheduled, cancelled] = interviews;
    assert.ok(scheduled.body.place && scheduled.body.onlineUrl, 'a place and an online link');
    assert.ok(!scheduled.rescheduleTo && !scheduled.cancel);
    assert.ok(rescheduled.rescheduleTo > rescheduled.body.startsAt);
    assert.ok(cancelled.cancel);
    for (const i of interviews) assert.ok(i.body.startsAt > `${addDays(today, 1)}`, 'hearings are in the future');
    assert.equal(new Set(interviews.map((i) => `${i.proposal}|${i.note}`)).size, interviews.length, 'natural key');
    assert.deepEqual(
      documentRequests.map((d) => (d.fulfil ? 'fulfilled' : d.withdraw ? 'withdrawn' : 'open')),
      ['open', 'fulfilled', 'withdrawn'],
    );
    for (const d of documentRequests) assert.ok(d.body.dueOn >= today && d.body.items.length >= 1);
    assert.equal(new Set(documentRequests.map((d) => `${d.proposal}|${d.body.items[0]}`)).size, documentRequests.length, 'natural key');
  });
});

describe('helpers', () => {
  it('apportion splits exactly', () => {
    assert.deepEqual(apportion(10, [1, 1, 1]), [4, 3, 3]);
    assert.equal(
      apportion(1200, [1.6, 1, 0.7]).reduce((a, b) => a + b, 0),
      1200,
    );
  });

  it('writes CSV the registry reads back: quotes, lists, empty cells', () => {
    assert.equal(toCsv(['a', 'b', 'c'], [['x, Ltd.', ['food', 'bio'], null]]), 'a,b,c\r\n"x, Ltd.",food;bio,\r\n');
    assert.equal(toCsv(['a'], [['say "hi"']]), 'a\r\n"say ""hi"""\r\n');
  });
});
