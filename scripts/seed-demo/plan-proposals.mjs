// The proposals of the plan: a history brought over from spreadsheets (FY1998 to FY2003, shaped so that by
// the end of FY2002 about 200 had been screened, 45 were on sale and 20 were planning sales), and a dozen
// proposals in the pipeline today. Each planned proposal names organisations and people by their plan keys
// (organisation key, email); the loader turns those into registry ids.
import { addDays, fiscalYearOf } from './dates.mjs';
import { ACTIONS, CURRENT_PROPOSALS, FLAGSHIP_PROPOSALS, REASONS, REVIEW_COMMENTS, SUBJECTS, SUPPORT_REQUESTS } from './data/proposals.mjs';

/** How many of each kind of history, the fiscal years they were brought in and how far into the year (days). */
export const HISTORY = [
  { category: 'on_sale', count: 45, years: [1998, 1999, 2000], maxDay: 300 },
  { category: 'sales_planned', count: 20, years: [1999, 2000, 2001], maxDay: 150 },
  { category: 'prototyping', count: 15, years: [2000, 2001, 2002], maxDay: 150 },
  { category: 'discontinued', count: 10, years: [1998, 1999, 2000, 2001], maxDay: 200 },
  { category: 'commercializing', count: 10, years: [2000, 2001], maxDay: 200 },
  { category: 'declined', count: 100, years: [1998, 1999, 2000, 2001, 2002], maxDay: 240 },
  { category: 'pending', count: 12, years: [2002], maxDay: 300 },
  { category: 'withdrawn', count: 4, years: [2001, 2002], maxDay: 200 },
];

const at10 = (day) => `${day}T10:00:00+09:00`;

export function planProposals(world, r) {
  const { groups, companies, orgByKey, affiliated, staff } = world;
  const titles = new Set();
  const coordinators = staff.filter((s) => s.roles.includes('coordinator'));
  const advisors = staff.filter((s) => s.roles.includes('advisor'));
  const flagshipKeys = new Set(FLAGSHIP_PROPOSALS.map((f) => f.company));
  const ordinaryCompanies = companies.filter((c) => !flagshipKeys.has(c.key));
  const institutions = world.organizations.filter((o) => ['university', 'college', 'public_research_institute'].includes(o.body.kind));
  const representativeOf = (g) => g.members.find((m) => m.role === 'representative').email;
  const contactOf = (company) => affiliated.get(company.key)[0].body.email;

  const titleFor = (field, place) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const [subject, subjectEn] = r.pick(SUBJECTS[field] ?? SUBJECTS.other);
      const [action, actionEn] = r.pick(ACTIONS);
      const ja = attempt < 20 ? `${subject}${action}` : `${place}における${subject}${action}`;
      if (titles.has(ja)) continue;
      titles.add(ja);
      return { ja, en: `${actionEn} ${subjectEn}${attempt < 20 ? '' : ` (${place})`}`, subject, action };
    }
    throw new Error(`no free title for ${field}`);
  };
  const summaryFor = (proposerName, subject, action, partners) =>
    `${proposerName}から持ち込まれた事業案。${subject}について、${partners.length ? `${partners.join('・')}と連携し、` : ''}道内の資源と技術を生かした${action.replace(/^の/, '')}を目指す。`;
  const partnersFor = (fields, bureau, proposerKey) => {
    const out = [];
    if (r.chance(0.6)) {
      const near = institutions.filter((o) => o.fields.some((f) => fields.includes(f)) && o.key !== proposerKey);
      const local = near.filter((o) => o.bureau === bureau);
      const pool = local.length && r.chance(0.6) ? local : near;
      if (pool.length) out.push(r.pick(pool).key);
    }
    if (r.chance(0.2)) {
      const others = ordinaryCompanies.filter((c) => c.bureau === bureau && c.key !== proposerKey);
      if (others.length) out.push(r.pick(others).key);
    }
    return [...new Set(out)];
  };
  const coordinatorOn = (day) => r.pick(coordinators.filter((c) => (c.since ?? '1998-04-01') <= day)).email;

  // --- history ------------------------------------------------------------------------------------------------
  const historical = [];
  let flagshipIndex = 0;
  for (const { category, count, years, maxDay } of HISTORY) {
    for (let i = 0; i < count; i++) {
      const broughtInOn = addDays(`${r.pick(years)}-04-01`, r.int(0, maxDay));
      const flagship =
        category === 'on_sale' && i % 11 === 0 && flagshipIndex < FLAGSHIP_PROPOSALS.length ? FLAGSHIP_PROPOSALS[flagshipIndex++] : null;
      let proposer;
      let studyGroup = null;
      let contact;
      let fields;
      let municipalityCodes;
      let bureau;
      if (flagship) {
        proposer = orgByKey.get(flagship.company);
        contact = contactOf(proposer);
        fields = flagship.fields;
      } else {
        const eligibleGroups = groups.filter((g) => g.foundedOn <= addDays(broughtInOn, -30));
        if (eligibleGroups.length && r.chance(0.4)) {
          const g = r.pick(eligibleGroups);
          proposer = g.org;
          studyGroup = g;
          contact = representativeOf(g);
          municipalityCodes = g.area.map((m) => m.code);
        } else {
          proposer = r.pick(ordinaryCompanies.filter((c) => c.founded < broughtInOn));
          contact = contactOf(proposer);
        }
        fields = r.chance(0.3) && proposer.fields.length > 1 ? r.sample(proposer.fields, 2) : [r.pick(proposer.fields)];
      }
      bureau = proposer.bureau;
      municipalityCodes ??= [proposer.body.municipalityCode];
      const place = orgByKey.get(`gov-${proposer.body.municipalityCode}`)?.body.name ?? proposer.body.name;
      const title = flagship
        ? { ja: flagship.title[0], en: flagship.title[1], subject: flagship.title[0], action: '' }
        : titleFor(fields[0], place.replace(/[市町村]$/, ''));
      if (flagship) titles.add(title.ja);
      const participants = partnersFor(fields, bureau, proposer.key);
      const partnerNames = participants.map((k) => orgByKey.get(k).body.name.replace(/^(国立大学法人|株式会社|有限会社)|株式会社$/g, ''));

      // the moves, in Tokyo wall-clock time
      let day = broughtInOn;
      const steps = [];
      const outcomes = [];
      const step = (to, after) => {
        day = addDays(day, r.int(...after));
        steps.push({ to, at: at10(day), reason: REASONS[to] });
      };
      const early = broughtInOn < '2001-04-01';
      step('pre_screening', [5, 15]);
      if (early && r.chance(0.08)) {
        step('returned', [3, 10]);
        step('pre_screening', [7, 20]);
        steps[steps.length - 1].reason = '不足書類の提出を受け事前審査を再開';
      }
      if (category === 'withdrawn') {
        step('withdrawn', [5, 30]);
      } else {
        step('screening', [10, 20]);
        if (category === 'declined') step('declined', [20, 40]);
        else if (category !== 'pending') {
          step('accepted', [20, 40]);
          step('team_formed', [10, 20]);
          step('prototyping', [15, 30]);
          if (early && r.chance(0.06)) {
            step('on_hold', [10, 30]);
            step('prototyping', [20, 40]);
            steps[steps.length - 1].reason = '提案者の体制が整い試作を再開';
          }
          if (flagship || r.chance(0.5))
            outcomes.push({ kind: 'prototype', summary: `${title.subject}の試作品完成`, occurredOn: addDays(day, 20) });
          if (category === 'discontinued') step('discontinued', [30, 90]);
          if (['on_sale', 'sales_planned', 'commercializing'].includes(category)) step('commercializing', [30, 60]);
          if (['on_sale', 'sales_planned'].includes(category)) step('sales_planned', [30, 60]);
          if (category === 'on_sale') {
            step('on_sale', [30, 60]);
            for (let k = 0, sold = day, n = r.int(1, 3); k < n; k++) {
              sold = addDays(sold, r.int(10, 120));
              if (sold > '2003-03-31') break;
              // a sale in April is sometimes booked in the year before (年度末の売上): say so explicitly
              const fiscalYear = sold.slice(5, 7) === '04' ? fiscalYearOf(sold) - 1 : undefined;
              outcomes.push({
                kind: 'sale',
                summary: `${title.subject}の販売`,
                occurredOn: sold,
                amountYen: r.int(10, 400) * 100_000,
                ...(fiscalYear ? { fiscalYear } : {}),
              });
            }
          }
          const lastDay = steps[steps.length - 1].at.slice(0, 10);
          if (flagship) {
            for (const o of flagship.outcomes) {
              const occurredOn = o.kind === 'patent_granted' ? addDays(lastDay, 240) : addDays(lastDay, r.int(20, 90));
              outcomes.push({
                ...o,
                occurredOn: occurredOn > '2003-03-31' ? '2003-03-20' : occurredOn,
                ...patentNumber(o.kind, occurredOn, r),
              });
            }
          } else if (r.chance(0.3)) {
            const filed = addDays(lastDay, r.int(1, 30));
            outcomes.push({
              kind: 'patent_filed',
              summary: `${title.subject}に関する特許出願`,
              occurredOn: filed,
              ...patentNumber('patent_filed', filed, r),
            });
            if (r.chance(0.5) && addDays(filed, 200) <= '2003-03-31') {
              outcomes.push({
                kind: 'patent_granted',
                summary: `${title.subject}に関する特許取得`,
                occurredOn: addDays(filed, 200),
                ...patentNumber('patent_granted', filed, r),
              });
            }
          }
        }
      }
      historical.push({
        key: title.ja,
        category,
        historical: true,
        body: {
          title: { ja: title.ja, en: title.en },
          summary: { ja: flagship ? flagship.summary : summaryFor(proposer.body.name, title.subject, title.action, partnerNames) },
          proposer: proposer.key,
          studyGroup: studyGroup?.org.key ?? null,
          contact,
          coordinator: coordinatorOn(broughtInOn),
          focusFields: fields,
          municipalityCodes,
          bureauCodes: [bureau],
          participants,
          supportRequested: r.pick(SUPPORT_REQUESTS),
          broughtInOn,
        },
        steps,
        outcomes: outcomes.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0)),
      });
    }
  }
  // Decided in FY2003: the pending ones (half accepted and supported, half declined); and two of the
  // commercialising ones plan sales only in FY2003, so they must not count in FY2002.
  historical
    .filter((p) => p.category === 'pending')
    .forEach((p, i) => {
      const day = addDays('2003-04-10', i * 9);
      if (i % 2 === 0) {
        p.steps.push({ to: 'accepted', at: at10(day), reason: REASONS.accepted });
        p.steps.push({ to: 'team_formed', at: at10(addDays(day, 14)), reason: REASONS.team_formed });
        p.steps.push({ to: 'prototyping', at: at10(addDays(day, 40)), reason: REASONS.prototyping });
      } else {
        p.steps.push({ to: 'declined', at: at10(day), reason: REASONS.declined });
      }
    });
  historical
    .filter((p) => p.category === 'commercializing')
    .slice(0, 2)
    .forEach((p, i) => p.steps.push({ to: 'sales_planned', at: at10(addDays('2003-06-02', i * 20)), reason: REASONS.sales_planned }));
  // brought in order: the proposals service numbers them P<FY>-NNNN in the order they arrive
  historical.sort((a, b) => (a.body.broughtInOn < b.body.broughtInOn ? -1 : a.body.broughtInOn > b.body.broughtInOn ? 1 : 0));

  // --- today's pipeline ---------------------------------------------------------------------------------------
  const current = CURRENT_PROPOSALS.map((c) => {
    titles.add(c.title[0]);
    let proposer;
    let studyGroup = null;
    let contact;
    if (c.proposer.group) {
      const g = groups.find((x) => x.key === c.proposer.group);
      proposer = g.org;
      studyGroup = g;
      contact = representativeOf(g);
    } else {
      const { field, bureau } = c.proposer.company;
      proposer =
        ordinaryCompanies.find((co) => co.bureau === bureau && co.fields.includes(field)) ??
        ordinaryCompanies.find((co) => co.fields.includes(field));
      contact = contactOf(proposer);
    }
    const blocked = new Set([proposer.key, ...c.participants]);
    // advisors with no tie to the proposer or the participants, mixed across sectors, strongest field match first
    const candidates = advisors
      .filter((a) => !blocked.has(a.org))
      .map((a) => ({ a, score: a.fields.filter((f) => c.fields.includes(f)).length * 10 + r.next() }))
      .sort((x, y) => y.score - x.score)
      .map(({ a }) => a);
    const chosen = [];
    for (const a of candidates) {
      if (chosen.length >= (c.reviews?.length ?? 0)) break;
      if (
        chosen.some((x) => x.sector === a.sector) &&
        candidates.some((b) => !chosen.includes(b) && !chosen.some((x) => x.sector === b.sector))
      )
        continue;
      chosen.push(a);
    }
    for (const a of candidates) if (chosen.length < (c.reviews?.length ?? 0) && !chosen.includes(a)) chosen.push(a);
    const assignments = (c.reviews ?? []).map((quality, i) => ({
      advisor: chosen[i].email,
      review: quality === null ? null : reviewFor(quality, r),
    }));
    const coordinator = r.pick(coordinators).email;
    const team = c.team
      ? [
          { email: coordinator, role: 'coordinator' },
          { email: chosen[0].email, role: 'lead_advisor' },
          ...chosen.slice(1).map((a) => ({ email: a.email, role: 'advisor' })),
        ]
      : null;
    return {
      key: c.title[0],
      historical: false,
      walkthrough: !!c.walkthrough,
      fromEvent: c.fromEvent ?? null,
      body: {
        title: { ja: c.title[0], en: c.title[1] },
        summary: { ja: c.summary },
        proposer: proposer.key,
        studyGroup: studyGroup?.org.key ?? null,
        contact,
        coordinator,
        focusFields: c.fields,
        municipalityCodes: studyGroup ? studyGroup.area.map((m) => m.code) : [proposer.body.municipalityCode],
        bureauCodes: [proposer.bureau],
        participants: c.participants,
        supportRequested: r.pick(SUPPORT_REQUESTS),
      },
      steps: c.stages.map((to) => ({ to, reason: REASONS[to] })),
      assignments,
      team,
      outcomes: [],
    };
  });
  return { historical, current };
}

function patentNumber(kind, day, r) {
  if (kind === 'patent_filed') return { patentNumber: `特願${day.slice(0, 4)}-${r.int(100000, 999999)}` };
  if (kind === 'patent_granted') return { patentNumber: `特許第${r.int(3_300_000, 3_499_999)}号` };
  return {};
}

/** A written review: a quality per criterion around `quality` (0..1); the loader scales them to the rubric's points. */
function reviewFor(quality, r) {
  const ratios = Array.from({ length: 6 }, () => Math.max(0.35, Math.min(1, quality + (r.next() - 0.5) * 0.2)));
  const band = quality >= 0.75 ? 'high' : quality >= 0.6 ? 'mid' : 'low';
  return {
    ratios,
    comment: r.pick(REVIEW_COMMENTS[band]),
    recommendation: band === 'high' ? 'accept' : band === 'mid' ? 'accept_with_conditions' : 'decline',
  };
}

/**
 * The KPI report's figures for one fiscal year, counted from the plan's history with the proposals service's
 * definitions (services/proposals/README.md, "KPI report"): screened = first decision, either way; the
 * standing counts are the stage each proposal is in at the end of the year.
 */
export function historyKpi(proposals, fy) {
  const first = (p, stages) => p.steps.find((s) => stages.includes(s.to))?.at ?? null;
  const byEnd = (at) => at !== null && fiscalYearOf(at) <= fy;
  const inYear = (at) => at !== null && fiscalYearOf(at) === fy;
  const stageAtEnd = (p) =>
    [...p.steps].reverse().find((s) => fiscalYearOf(s.at) <= fy)?.to ?? (fiscalYearOf(p.body.broughtInOn) <= fy ? 'received' : null);
  return {
    received: proposals.filter((p) => fiscalYearOf(p.body.broughtInOn) === fy).length,
    screened: proposals.filter((p) => inYear(first(p, ['accepted', 'declined']))).length,
    cumulativeReceived: proposals.filter((p) => fiscalYearOf(p.body.broughtInOn) <= fy).length,
    cumulativeScreened: proposals.filter((p) => byEnd(first(p, ['accepted', 'declined']))).length,
    cumulativeAccepted: proposals.filter((p) => byEnd(first(p, ['accepted']))).length,
    onSale: proposals.filter((p) => stageAtEnd(p) === 'on_sale').length,
    salesPlanned: proposals.filter((p) => stageAtEnd(p) === 'sales_planned').length,
    inPrototype: proposals.filter((p) => stageAtEnd(p) === 'prototyping').length,
  };
}
