#!/usr/bin/env node
// `npm run seed:demo`: loads a believable Hokkaido world into a running platform (`npm start`) through the
// services' own HTTP APIs. Idempotent: everything is looked up by a natural key before it is written, so a
// second run writes nothing. Deterministic: the world comes from a seeded generator (plan.mjs).
//
//   REGISTRY_URL, PROPOSALS_URL, EVENTS_URL, NOTIFICATIONS_URL   default http://127.0.0.1:3001 … 3004
//   ADMIN_EMAIL, ADMIN_PASSWORD                                   the first admin (same defaults as npm start)
//   SEED                                                          another world (default 20030331)
//   MAILDEV_URL                                                   the mail catcher's page, for the walkthrough
//
// Options: --plan (print what would be loaded, touch nothing), --fingerprint (print counts and versions of
// what the services hold, to compare two runs).
import { createClient } from './client.mjs';
import { fiscalYearOf, tokyoDate } from './dates.mjs';
import { fingerprint } from './fingerprint.mjs';
import { finishJustHeld, loadEvents } from './load-events.mjs';
import { loadProposalImport } from './load-proposal-import.mjs';
import { loadProposals } from './load-proposals.mjs';
import { loadRegistry, loadRegistryLinks } from './load-registry.mjs';
import { buildPlan, DEFAULT_SEED, studyGroupCounts, TARGETS } from './plan.mjs';
import { historyKpi } from './plan-proposals.mjs';
import { createTally } from './tally.mjs';

const args = process.argv.slice(2);
const urls = {
  registry: process.env.REGISTRY_URL ?? 'http://127.0.0.1:3001',
  proposals: process.env.PROPOSALS_URL ?? 'http://127.0.0.1:3002',
  events: process.env.EVENTS_URL ?? 'http://127.0.0.1:3003',
  notifications: process.env.NOTIFICATIONS_URL ?? 'http://127.0.0.1:3004',
};
const admin = { email: process.env.ADMIN_EMAIL ?? 'admin@collabo.example', password: process.env.ADMIN_PASSWORD ?? 'collabo-admin-dev' };
const seed = process.env.SEED ? Number(process.env.SEED) : DEFAULT_SEED;
const log = (line) => console.log(`[seed:demo] ${line}`);
const started = Date.now();

const api = createClient({ urls, email: admin.email, password: admin.password, log });

try {
  await api.login();
} catch (err) {
  console.error(`[seed:demo] cannot log in as ${admin.email} at ${urls.registry}: ${err.message}`);
  console.error(
    '[seed:demo] Is the platform running (npm start in another terminal)? Are ADMIN_EMAIL / ADMIN_PASSWORD the ones it was started with?',
  );
  process.exit(1);
}

if (args.includes('--fingerprint')) {
  console.log(JSON.stringify(await fingerprint(api), null, 2));
  process.exit(0);
}

// The reference data the plan is drawn on comes from the registry itself.
const [{ items: municipalities }, { items: bureaus }] = await Promise.all([
  api.registry.get('/v1/municipalities'),
  api.registry.get('/v1/bureaus'),
]);
const today = tokyoDate();
const plan = buildPlan({ seed, reference: { municipalities, bureaus }, today });

const fy1998 = studyGroupCounts(plan, 1998);
const fy2003 = studyGroupCounts(plan, 2003);
const kpi2002 = historyKpi(plan.proposals.historical, 2002);
const pastEvents = plan.events.filter((e) => e.historical);
const imported = plan.proposals.imported;
log(
  `seed ${seed}: ${plan.organizations.length} organisations, ${plan.people.length} people, ${plan.memberships.length} memberships, ` +
    `${plan.proposals.historical.length + plan.proposals.current.length} proposals, ${plan.events.length - pastEvents.length} events`,
);
log(
  `plan, the foundation's record brought over: ${pastEvents.length} past exchange events with ${pastEvents.reduce((n, e) => n + e.attendees.length, 0)} attendees; ` +
    `${imported.proposals.length} proposals by old reference number (CSV history import) with ${imported.assignments.length + imported.proposals.reduce((n, p) => n + p.assignments.length, 0)} review assignments, ` +
    `${imported.interviews.length} hearings and ${imported.documentRequests.length} document requests`,
);
log(`plan: study groups FY1998 ${fy1998.studyGroups}; FY2003 ${fy2003.studyGroups} with ${fy2003.members} members`);
log(`plan: by the end of FY2002 ${kpi2002.cumulativeScreened} screened, ${kpi2002.onSale} on sale, ${kpi2002.salesPlanned} planning sales`);
if (args.includes('--plan')) process.exit(0);

// Features that arrived with newer versions of the services are used when the running one has them.
const proposalsDoc = await api.proposals.get('/docs-json').catch(() => null);
const outcomeHistoricalFlag = !!proposalsDoc?.components?.schemas?.RecordOutcomeDto?.properties?.historical;
const importAssignments = !!proposalsDoc?.components?.schemas?.HistoryImportReportView?.properties?.assignments;

const tally = createTally();
const ids = await loadRegistry(api, plan, tally, log);
// Each service limits the writes of one caller per minute: the registry's memberships and the proposals'
// history go side by side. Events come after the memberships (a registration copies the registrant's study
// groups), today's proposals after the events (one of them came out of the exchange meeting held today).
const [, history] = await Promise.all([
  loadRegistryLinks(api, plan, ids, tally, log),
  loadProposals(api, plan.proposals.historical, ids, tally, log, { outcomeHistoricalFlag }),
]);
const events = await loadEvents(api, plan, ids, tally, log);
const today_ = await loadProposals(api, plan.proposals.current, ids, tally, log, { outcomeHistoricalFlag, eventIds: events.eventIds });
const proposals = new Map([...history, ...today_]);
await finishJustHeld(api, plan, ids, events, tally, log);
// last, so that the service numbers everything above exactly as before (P<FY>-NNNN in order of arrival)
await loadProposalImport(api, plan, ids, tally, log, { importAssignments });

// --- what the services now say --------------------------------------------------------------------------------
const report = await api.registry.get('/v1/reports/study-groups', { query: { from: 1998, to: 2003 } });
const kpi = await api.proposals.get('/v1/reports/kpi', { query: { fiscalYear: 2002 } });
const kpiLater = await api.proposals.get('/v1/reports/kpi', { query: { fromFiscalYear: 2003, toFiscalYear: 2005 } });
const eventYears = await Promise.all(
  [...new Set(pastEvents.map((e) => fiscalYearOf(e.body.startsAt)))].map((fy) => api.events.get(`/v1/reports/fiscal-years/${fy}`)),
);
const stats = api.stats();
console.log('');
log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (${Object.values(stats.writes).reduce((a, b) => a + b, 0)} writes)`);
console.log(tally.table());
console.log(
  `  writes per service: ${Object.entries(stats.writes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
if (stats.throttled) console.log(`  ${stats.throttled} requests were asked to wait (429) and sent again`);
console.log('');
console.log('  The study-group report (GET /v1/reports/study-groups?from=1998&to=2003):');
for (const y of report.fiscalYears) console.log(`    FY${y.fiscalYear}: ${y.studyGroups} study groups, ${y.members} members`);
const totals = kpi.totals;
console.log(
  `  The KPI report (GET /v1/reports/kpi?fiscalYear=2002): ${totals.cumulativeScreened} screened, ${totals.onSale} on sale, ` +
    `${totals.salesPlanned} planning sales by the end of FY2002`,
);
console.log('  Start-ups and jobs (GET /v1/reports/kpi?fromFiscalYear=2003&toFiscalYear=2005):');
for (const y of kpiLater.byFiscalYear)
  console.log(`    FY${y.fiscalYear}: ${y.startupsFounded} start-ups founded, ${y.jobsCreated} jobs created`);
console.log('  Past exchange events in the fiscal-year event report (GET /v1/reports/fiscal-years/{year}):');
for (const r of eventYears)
  console.log(`    FY${r.fiscalYear}: ${r.events.historical} recorded after they took place, ${r.attendance.historical} attendees`);
const expected = [
  [report.fiscalYears.find((y) => y.fiscalYear === 1998)?.studyGroups, TARGETS.studyGroupsFy1998, 'study groups FY1998'],
  [report.fiscalYears.find((y) => y.fiscalYear === 2003)?.studyGroups, TARGETS.studyGroupsFy2003, 'study groups FY2003'],
  [report.fiscalYears.find((y) => y.fiscalYear === 2003)?.members, TARGETS.membersFy2003, 'members FY2003'],
  [totals.cumulativeScreened, TARGETS.screenedByFy2002, 'screened by FY2002'],
  [totals.onSale, TARGETS.onSaleAtFy2002, 'on sale at FY2002'],
  [totals.salesPlanned, TARGETS.salesPlannedAtFy2002, 'planning sales at FY2002'],
];
for (const [got, want, what] of expected) {
  if (got !== want) console.log(`  NOTE: ${what} is ${got}, the seed document says ${want} (other data in these databases?)`);
}

// --- the walkthrough -------------------------------------------------------------------------------------------
// the planned one, or (once someone has moved it on) another one in screening with two written reviews
const candidates = [...plan.proposals.current]
  .filter((p) => p.steps.at(-1)?.to === 'screening' && p.assignments.filter((a) => a.review).length >= 2)
  .sort((a, b) => Number(b.walkthrough) - Number(a.walkthrough));
let target;
let proposal;
for (const p of candidates) {
  target = p;
  proposal = await api.proposals.get(`/v1/proposals/${proposals.get(p.key).id}`);
  if (proposal.stage.code === 'screening') break;
}
const mail = process.env.MAILDEV_URL ?? 'http://127.0.0.1:1080/';
const contact = plan.personByEmail.get(target.body.contact).body;
const tokenCurl = `curl -s -X POST ${urls.registry}/v1/auth/token -H 'content-type: application/json' -d '{"email":"${admin.email}","password":"${process.env.ADMIN_PASSWORD ? '$ADMIN_PASSWORD' : admin.password}"}'`;
console.log(`
Walkthrough: move a proposal forward and read the email it sends
  1. Log in (tokens last 15 minutes):
       TOKEN=$(${tokenCurl} | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
     or open ${urls.proposals}/docs, "Authorize", and paste the accessToken from ${urls.registry}/docs (POST /v1/auth/token).
  2. Find the proposals in screening:
       curl -s -H "authorization: Bearer $TOKEN" '${urls.proposals}/v1/proposals?stage=screening' | node -pe 'JSON.parse(require("fs").readFileSync(0)).items.map(p => p.referenceNumber + " " + p.id + " " + p.title.ja).join("\\n")'
     ${proposal.referenceNumber} 「${proposal.title.ja}」 (id ${proposal.id}) has its ${target.assignments.filter((a) => a.review).length} written reviews:
       curl -s -H "authorization: Bearer $TOKEN" ${urls.proposals}/v1/proposals/${proposal.id}/review-summary
  3. Accept it: the screening committee's decision (If-Match is the proposal's ETag, now "${proposal.version}"):
       curl -s -X POST ${urls.proposals}/v1/proposals/${proposal.id}/transitions -H "authorization: Bearer $TOKEN" \\
         -H 'content-type: application/json' -H 'if-match: "${proposal.version}"' -d '{"to":"accepted","reason":"審査委員会にて採択"}'
     (in the API docs: ${urls.proposals}/docs, POST /v1/proposals/{id}/transitions)${proposal.stage.code === 'screening' ? '' : `\n     NOTE: this proposal is already at "${proposal.stage.code}" (moved since seeding); pick another one from step 2.`}
  4. Read the emails it sent: the screening result to the applicant's contact, ${contact.familyName} ${contact.givenName} 様 <${contact.email}>,
     and the stage change to the contact and the coordinator, in the mail catcher: ${mail}
     (npm start prints the mail catcher's address; MailDev's default is shown). A first seeding queues several hundred
     emails (invitations, registrations, today's proposals), sent at a few a second: give the mail catcher a minute or two.
     Staff can also list them:
       curl -s -H "authorization: Bearer $TOKEN" '${urls.notifications}/v1/deliveries?proposalId=${proposal.id}'
`);
