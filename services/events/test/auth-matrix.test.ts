import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventSummaryV1, GetRegistrantLinkV1, type StaffRole } from '@collabo/contracts';
import { NatsNaming, OutboxRelay, RpcClient } from '@collabo/service-kit';
import { databaseFingerprint, LogCapture, TestAuthority, TEST_NATS_URL, type OpenApiDocument } from '@collabo/service-kit/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { LotteryDrawJob } from '../src/lottery/lottery-draw.job.js';
import { OfferExpiryJob } from '../src/registrations/offer-expiry.job.js';
import { ReminderJob } from '../src/registrations/reminder.job.js';
import { startHarness, type Harness } from './support/harness.js';
import { buildScenario, type Scenario } from './support/scenario.js';

/**
 * Who may call what. `read`: every staff role; `staff`: every staff role but advisors (outside experts:
 * nothing about registrants, nor an event's proposals, which they see in the proposals service when
 * assigned); `write` and `personal` (registrant data): admins and coordinators; `public`: anyone, tokens
 * ignored (self-service routes check the registrant's own token).
 */
type Access = 'read' | 'staff' | 'write' | 'personal' | 'admin' | 'public';

interface Probe {
  path?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

interface Row {
  access: Access;
  /** The request; it must change nothing even when allowed (it is sent once per column). */
  probe: (w: Scenario) => Probe;
  /** The answer to a caller who is allowed. */
  allowed: number;
  /** Self-service routes: the registrant's own token is in `probe`; these are the answers without it. */
  selfService?: { wrongToken: number; noToken: number; with: (w: Scenario) => { id: string; token: string; other: string } };
}

const none = uuidv7();
const CASES: Record<string, Row> = {
  // Kit routes: dead letters are for admins and coordinators, reading included.
  'GET /v1/dead-letters': { access: 'personal', probe: () => ({}), allowed: 200 },
  'GET /v1/dead-letters/{id}': { access: 'personal', probe: () => ({ path: { id: none } }), allowed: 404 },
  'POST /v1/dead-letters/{id}/retry': { access: 'personal', probe: () => ({ path: { id: none } }), allowed: 404 },
  'POST /v1/dead-letters/{id}/dismiss': { access: 'personal', probe: () => ({ path: { id: none } }), allowed: 404 },
  // Privacy (issue #20): the retention report is for admins.
  'GET /v1/privacy/retention-report': { access: 'admin', probe: () => ({}), allowed: 200 },
  // Events.
  'POST /v1/events': { access: 'write', probe: () => ({ body: {} }), allowed: 400 },
  'GET /v1/events': { access: 'read', probe: () => ({}), allowed: 200 },
  'GET /v1/events/{id}': { access: 'read', probe: (w) => ({ path: { id: w.firstComeEventId } }), allowed: 200 },
  'PATCH /v1/events/{id}': { access: 'write', probe: (w) => ({ path: { id: w.firstComeEventId }, body: {} }), allowed: 428 },
  'POST /v1/events/{id}/publish': { access: 'write', probe: (w) => ({ path: { id: w.draftEventId } }), allowed: 428 },
  'POST /v1/events/{id}/cancel': { access: 'write', probe: (w) => ({ path: { id: w.firstComeEventId }, body: {} }), allowed: 400 },
  'POST /v1/events/{id}/complete': { access: 'write', probe: (w) => ({ path: { id: w.firstComeEventId } }), allowed: 428 },
  // Past events: attendance by registry person (writing needs If-Match: 428 here, nothing changes), the CSV import
  // (a JSON body is not a CSV file: 415).
  'POST /v1/events/{id}/attendance': {
    access: 'write',
    probe: (w) => ({ path: { id: w.historicalEventId }, body: { personIds: [uuidv7()] } }),
    allowed: 428,
  },
  'GET /v1/events/{id}/attendance': { access: 'staff', probe: (w) => ({ path: { id: w.historicalEventId } }), allowed: 200 },
  'POST /v1/events/import': { access: 'write', probe: () => ({ body: {} }), allowed: 415 },
  // Registrations and check-in.
  'POST /v1/events/{id}/registrations': { access: 'write', probe: (w) => ({ path: { id: w.firstComeEventId }, body: {} }), allowed: 400 },
  'GET /v1/events/{id}/registrations': { access: 'personal', probe: (w) => ({ path: { id: w.firstComeEventId } }), allowed: 200 },
  'POST /v1/events/{id}/check-ins': {
    access: 'write',
    // Checked in already: answered, nothing changes.
    probe: (w) => ({ path: { id: w.completedEventId }, body: { token: w.attendee.checkInToken } }),
    allowed: 200,
  },
  'GET /v1/registrations/{id}': { access: 'personal', probe: (w) => ({ path: { id: w.attendee.id } }), allowed: 200 },
  'PATCH /v1/registrations/{id}': { access: 'write', probe: (w) => ({ path: { id: w.attendee.id }, body: {} }), allowed: 428 },
  'POST /v1/registrations/{id}/cancel': { access: 'write', probe: (w) => ({ path: { id: w.cancelled.id } }), allowed: 409 },
  'POST /v1/registrations/{id}/attendance': { access: 'write', probe: (w) => ({ path: { id: w.attendee.id }, body: {} }), allowed: 400 },
  'GET /v1/registrations/{id}/calendar.ics': { access: 'staff', probe: (w) => ({ path: { id: w.attendee.id } }), allowed: 200 },
  // Lottery and seating.
  'POST /v1/events/{id}/lottery': { access: 'write', probe: (w) => ({ path: { id: w.firstComeEventId }, body: {} }), allowed: 409 },
  'GET /v1/events/{id}/lottery': { access: 'read', probe: (w) => ({ path: { id: w.lotteryEventId } }), allowed: 404 },
  'POST /v1/events/{id}/lottery/verify': { access: 'write', probe: (w) => ({ path: { id: w.lotteryEventId } }), allowed: 404 },
  'POST /v1/events/{id}/seating': { access: 'write', probe: (w) => ({ path: { id: w.firstComeEventId }, body: {} }), allowed: 400 },
  'GET /v1/events/{id}/seating': { access: 'personal', probe: (w) => ({ path: { id: w.firstComeEventId } }), allowed: 200 },
  'POST /v1/events/{id}/seating/moves': { access: 'write', probe: (w) => ({ path: { id: w.firstComeEventId }, body: {} }), allowed: 400 },
  // After the event and reports.
  'PUT /v1/registrations/{id}/questionnaire': { access: 'write', probe: (w) => ({ path: { id: w.attendee.id }, body: {} }), allowed: 400 },
  'GET /v1/events/{id}/questionnaire': { access: 'staff', probe: (w) => ({ path: { id: w.completedEventId } }), allowed: 200 },
  'POST /v1/events/{id}/connections': { access: 'write', probe: (w) => ({ path: { id: w.completedEventId }, body: {} }), allowed: 400 },
  'GET /v1/events/{id}/connections': { access: 'personal', probe: (w) => ({ path: { id: w.completedEventId } }), allowed: 200 },
  'POST /v1/events/{id}/follow-ups': { access: 'write', probe: (w) => ({ path: { id: w.completedEventId }, body: {} }), allowed: 400 },
  'GET /v1/events/{id}/follow-ups': { access: 'staff', probe: (w) => ({ path: { id: w.completedEventId } }), allowed: 200 },
  'GET /v1/follow-ups/{id}': { access: 'staff', probe: (w) => ({ path: { id: w.followUpId } }), allowed: 200 },
  'PATCH /v1/follow-ups/{id}': { access: 'write', probe: (w) => ({ path: { id: w.followUpId }, body: {} }), allowed: 428 },
  'GET /v1/events/{id}/proposals': { access: 'staff', probe: (w) => ({ path: { id: w.completedEventId } }), allowed: 200 },
  'GET /v1/events/{id}/attendee-list': { access: 'staff', probe: (w) => ({ path: { id: w.completedEventId } }), allowed: 200 },
  'GET /v1/events/{id}/report': { access: 'read', probe: (w) => ({ path: { id: w.completedEventId } }), allowed: 200 },
  'GET /v1/reports/fiscal-years/{year}': { access: 'read', probe: () => ({ path: { year: '2026' } }), allowed: 200 },
  // Public: the listing, the feed, an event, a drawn lottery, guest registration.
  'GET /v1/public/events': { access: 'public', probe: () => ({}), allowed: 200 },
  'GET /v1/public/events.ics': { access: 'public', probe: () => ({}), allowed: 200 },
  'GET /v1/public/events/{id}': { access: 'public', probe: (w) => ({ path: { id: w.firstComeEventId } }), allowed: 200 },
  'GET /v1/public/events/{id}/lottery': { access: 'public', probe: (w) => ({ path: { id: w.lotteryEventId } }), allowed: 404 },
  'POST /v1/public/events/{id}/registrations': {
    access: 'public',
    probe: (w) => ({ path: { id: w.firstComeEventId }, body: {} }),
    allowed: 400,
  },
  // Self-service: the registrant's own token (a wrong one is answered like an unknown id).
  'GET /v1/public/registrations/{id}': selfService(own('attendee', 'noShow'), 200),
  'POST /v1/public/registrations/{id}/cancel': selfService(own('cancelled', 'attendee'), 409),
  'GET /v1/public/registrations/{id}/calendar.ics': selfService(own('attendee', 'noShow'), 200),
  'GET /v1/public/registrations/{id}/questionnaire': selfService(own('attendee', 'noShow'), 200),
  // The one who did not come answers no questionnaire.
  'PUT /v1/public/registrations/{id}/questionnaire': selfService(own('noShow', 'attendee'), 409, { satisfaction: 3 }),
  'GET /v1/public/seat-offers/{offerId}/accept': selfService(own('offered', 'accepter', 'offerId'), 200, undefined, 'offerId'),
  // Accepted already.
  'POST /v1/public/seat-offers/{offerId}/accept': selfService(own('accepter', 'offered', 'acceptedOfferId'), 409, undefined, 'offerId'),
  'POST /v1/public/seat-offers/{offerId}/decline': selfService(own('accepter', 'offered', 'acceptedOfferId'), 409, undefined, 'offerId'),
};

type RegistrantOf = 'attendee' | 'noShow' | 'cancelled' | 'offered' | 'accepter';

/**
 * The registrant's own token for a self-service route: the record (`id`: the registration itself, or one of its
 * seat offers), the registrant's manage token, and another registrant's token (which must not open it).
 */
function own(
  registrant: RegistrantOf,
  other: RegistrantOf,
  offer?: 'offerId' | 'acceptedOfferId',
): (w: Scenario) => { id: string; token: string; other: string } {
  return (w) => ({ id: offer ? w[offer] : w[registrant].id, token: w[registrant].manageToken, other: w[other].manageToken });
}

function selfService(
  with_: (w: Scenario) => { id: string; token: string; other: string },
  allowed: number,
  body?: unknown,
  param = 'id',
): Row {
  return {
    access: 'public',
    probe: (w) => ({ path: { [param]: with_(w).id }, query: { token: with_(w).token }, body }),
    allowed,
    selfService: { wrongToken: 404, noToken: 400, with: with_ },
  };
}

const ROLES: StaffRole[] = ['admin', 'coordinator', 'advisor', 'viewer'];
const ALLOWED: Record<Exclude<Access, 'public'>, StaffRole[]> = {
  read: ['admin', 'coordinator', 'advisor', 'viewer'],
  staff: ['admin', 'coordinator', 'viewer'],
  write: ['admin', 'coordinator'],
  personal: ['admin', 'coordinator'],
  admin: ['admin'],
};

describe('the auth matrix and the logs', () => {
  const logs = new LogCapture();
  let h: Harness;
  let world: Scenario;
  let document: OpenApiDocument;
  let stranger: TestAuthority;
  const bearers: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ LOG_LEVEL: 'trace' }, { logDestination: logs });
    stranger = await TestAuthority.start();
    world = await buildScenario(h);
    document = (await request(h.svc.http).get('/docs-json')).body;
  });
  afterAll(async () => {
    await stranger?.close();
    await h?.close();
  });

  it('has a row for every operation of the OpenAPI document, and none for an operation that does not exist', () => {
    const operations = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.filter((op) => !(op in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((op) => !operations.includes(op))).toEqual([]);
  });

  it('answers every route x every caller as the table says, and changes nothing doing so', async () => {
    const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const valid = await h.auth.token({ roles: ['admin'] });
    const [, payload] = valid.split('.');
    const callers: { name: string; bearer: string | null; expect: (row: Row) => number; code?: string }[] = [
      ...(await Promise.all(
        ROLES.map(async (role) => ({
          name: role,
          bearer: await h.auth.token({ roles: [role], sub: uuidv7() }),
          expect: (row: Row) => (row.access === 'public' || ALLOWED[row.access].includes(role) ? row.allowed : 403),
        })),
      )),
      {
        name: 'no role',
        bearer: await h.auth.token({ roles: [] }),
        expect: (row) => (row.access === 'public' ? row.allowed : 403),
        code: 'AUTH.FORBIDDEN',
      },
      { name: 'no token', bearer: null, expect: (row) => (row.access === 'public' ? row.allowed : 401), code: 'AUTH.UNAUTHENTICATED' },
      {
        name: 'expired',
        bearer: await h.auth.token({ roles: ['admin'], expiresIn: -60 }),
        expect: (row) => (row.access === 'public' ? row.allowed : 401),
        code: 'AUTH.TOKEN_EXPIRED',
      },
      {
        name: 'wrong signature',
        bearer: await stranger.token({ roles: ['admin'] }),
        expect: (row) => (row.access === 'public' ? row.allowed : 401),
        code: 'AUTH.INVALID_TOKEN',
      },
      {
        name: 'alg none',
        bearer: `${base64url({ alg: 'none', typ: 'JWT' })}.${payload}.`,
        expect: (row) => (row.access === 'public' ? row.allowed : 401),
        code: 'AUTH.INVALID_TOKEN',
      },
      {
        name: 'another issuer',
        bearer: await h.auth.token({ roles: ['admin'], issuer: 'someone-else' }),
        expect: (row) => (row.access === 'public' ? row.allowed : 401),
        code: 'AUTH.INVALID_TOKEN',
      },
    ];
    bearers.push(valid, ...callers.flatMap((c) => (c.bearer ? [c.bearer] : [])));

    const fingerprint = databaseFingerprint(h.svc.app.get(DataSource));
    const before = await fingerprint();
    const send = (op: string, probe: Probe, bearer: string | null) => {
      const [method, template] = op.split(' ') as [string, string];
      const url = template.replace(/\{(\w+)\}/g, (_, name: string) => probe.path?.[name] ?? 'missing');
      let call = request(h.svc.http)[method.toLowerCase() as 'get'](url);
      if (probe.query) call = call.query(probe.query);
      if (bearer) call = call.set('authorization', `Bearer ${bearer}`);
      if (probe.body !== undefined) call = call.send(probe.body as object);
      return call;
    };
    const mismatches: string[] = [];
    let cells = 0;
    for (const [op, row] of Object.entries(CASES)) {
      const probe = row.probe(world);
      for (const caller of callers) {
        const res = await send(op, probe, caller.bearer);
        cells++;
        const expected = caller.expect(row);
        if (res.status !== expected) mismatches.push(`${op} as ${caller.name}: ${res.status}, expected ${expected} (${res.body?.code})`);
        else if (caller.code && expected >= 401 && expected <= 403 && res.body.code !== caller.code)
          mismatches.push(`${op} as ${caller.name}: ${res.body.code}, expected ${caller.code}`);
        else if (res.status >= 400 && !String(res.headers['content-type']).startsWith('application/problem+json'))
          mismatches.push(`${op} as ${caller.name}: ${res.status} without problem+json`);
      }
      if (row.selfService) {
        const own = row.selfService.with(world);
        const wrong = await send(op, { ...probe, query: { token: own.other } }, null);
        const missing = await send(op, { ...probe, query: {} }, null);
        cells += 2;
        if (wrong.status !== row.selfService.wrongToken) mismatches.push(`${op} with another registrant's token: ${wrong.status}`);
        if (missing.status !== row.selfService.noToken) mismatches.push(`${op} without a token: ${missing.status}`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(cells).toBe(Object.keys(CASES).length * callers.length + Object.values(CASES).filter((r) => r.selfService).length * 2);
    expect(await fingerprint()).toBe(before);
  });

  it('an advisor gets no guest’s personal data and no proposal of an event from any route they can reach', async () => {
    // What the scenario knows about its registrants, and the proposal that came out of the completed event.
    const guestOrganizations = world.registrations.filter((r) => r.name.includes(' ')).map((r) => `株式会社 ${r.name.split(' ')[0]}`);
    const personal = [
      ...world.secrets.tokens,
      ...world.secrets.emails,
      ...world.secrets.names,
      ...guestOrganizations,
      '異分野の方と話せました', // the questionnaire comment
      '研究室訪問', // the follow-up between two attendees
    ];
    const proposal = ['P2026-0007', '十勝の乳製品の新素材'];
    const found = (text: string, needles: string[]) => needles.filter((n) => text.includes(n));
    const bearerOf = async (role: StaffRole) => `Bearer ${await h.auth.token({ roles: [role], sub: uuidv7() })}`;
    const advisor = await bearerOf('advisor');
    const coordinator = await bearerOf('coordinator');
    const get = (url: string, bearer: string) => request(h.svc.http).get(url).set('authorization', bearer);

    // Every staff read route, with every id the scenario has (events, registrations, offers, the follow-up).
    const reads = Object.keys(CASES).filter((op) => op.startsWith('GET ') && CASES[op]!.access !== 'public');
    const leaks: string[] = [];
    let answered = 0;
    for (const op of reads) {
      const template = op.slice(4);
      const urls = /\{id\}/.test(template) ? world.ids.map((id) => template.replace('{id}', id)) : [template.replace('{year}', '2026')];
      for (const url of urls) {
        const res = await get(url, advisor);
        if (res.status === 200) answered++;
        if (res.status >= 500) leaks.push(`${url}: ${res.status}`);
        const hits = found(res.text, [...personal, ...proposal]);
        if (hits.length) leaks.push(`${url} (${res.status}): ${hits.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(answered).toBeGreaterThan(5); // events, the reports, an event's lottery …: advisors do read here

    // The routes that hold registrants' data refuse advisors outright (403), whatever the id.
    for (const op of reads.filter((o) => ['personal', 'staff'].includes(CASES[o]!.access))) {
      const url = op.slice(4).replace('{id}', world.completedEventId);
      const res = await get(url, advisor);
      expect([op, res.status, res.body.code]).toEqual([op, 403, 'AUTH.FORBIDDEN']);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // The event report gives advisors the counts, not the proposals; the scan finds what a coordinator sees.
    const report = await get(`/v1/events/${world.completedEventId}/report`, advisor);
    expect([report.status, report.body.proposals, report.body.proposalList]).toEqual([200, 1, []]);
    const full = await get(`/v1/events/${world.completedEventId}/report`, coordinator);
    expect(found(full.text, proposal)).toEqual(proposal);
    const registrations = await get(`/v1/events/${world.completedEventId}/registrations?limit=100`, coordinator);
    expect(found(registrations.text, personal).length).toBeGreaterThan(5);
    const answers = await get(`/v1/events/${world.completedEventId}/questionnaire`, await bearerOf('viewer'));
    expect(found(answers.text, personal)).toEqual(['異分野の方と話せました']);
  });

  it('keeps tokens (bearer, check-in, registrant links), emails and names out of the logs of the whole run', async () => {
    // The rest of a day's work: the RPC, the periodic jobs (reminders, expired offers, the automatic draw), the relay.
    const client = new RpcClient({ url: TEST_NATS_URL, service: 'proposals', naming: new NatsNaming(h.prefix), timeoutMs: 3000 });
    await client.connect();
    await client.request(EventSummaryV1, { eventId: world.firstComeEventId });
    await client.close();
    // The notifications service asks for registrants' usable links: the answer carries the manage token.
    const notifications = new RpcClient({
      url: TEST_NATS_URL,
      service: 'notifications',
      naming: new NatsNaming(h.prefix),
      timeoutMs: 3000,
    });
    await notifications.connect();
    const links = [
      await notifications.request(GetRegistrantLinkV1, { registrationId: world.offered.id, purpose: 'seat-offer', offerId: world.offerId }),
      await notifications.request(GetRegistrantLinkV1, { registrationId: world.attendee.id, purpose: 'questionnaire' }),
    ];
    await notifications.close();
    expect(links.map((l) => l.url)).toEqual([
      expect.stringContaining(world.offered.manageToken),
      expect.stringContaining(world.attendee.manageToken),
    ]);
    h.clock.set('2026-11-30T00:00:00Z');
    expect(await h.svc.app.get(ReminderJob).runOnce()).toBe(2); // the first-come event and the lottery
    expect(await h.svc.app.get(OfferExpiryJob).runOnce()).toBe(1);
    expect(await h.svc.app.get(LotteryDrawJob).runOnce()).toBe(1);
    await h.svc.app.get(OutboxRelay).drain();

    // The capture did see the run: request lines of public, self-service and staff routes, and the jobs.
    expect(logs.text).toContain('"route":"/v1/public/registrations/:id/questionnaire"');
    expect(logs.text).toContain('"route":"/v1/events/:id/check-ins"');
    expect(logs.text).toContain('lottery drawn automatically');
    const secrets = [
      ...bearers,
      ...bearers.flatMap((b) => b.split('.').filter((part) => part.length >= 16)),
      ...world.secrets.tokens,
      ...world.secrets.emails,
      ...world.secrets.names,
    ];
    expect(secrets.length).toBeGreaterThan(50);
    expect(logs.leaks(secrets)).toEqual([]);
    // The scan finds what is there: ids are logged (they are not personal), so it finds an event id.
    expect(logs.leaks([world.lotteryEventId]).length).toBeGreaterThan(0);
  });
});
