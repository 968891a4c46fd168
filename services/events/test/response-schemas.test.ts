import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { answerProblems, documentedAnswerOperations, type OpenApiAnswerDocument } from '@collabo/service-kit/testing';
import request, { type Response } from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { eventBody, guest, registryPerson, startHarness, type Api, type Harness } from './support/harness.js';
import { buildScenario, type Scenario } from './support/scenario.js';

/**
 * The console's API types are generated from this service's OpenAPI document (apps/console/src/api/generated/events.ts),
 * so the document must say what the routes really answer. Real answers, made through the API on real Postgres and NATS,
 * are checked here against the schema the document declares for the route and status: every object closed (a property
 * the document does not declare fails), types, `nullable`, required properties, enums and the formats uuid, date and
 * date-time. Every operation whose answer the document describes as JSON must be checked here, and every other operation
 * is listed below with what it answers instead: a new route fails the suite until it is one or the other.
 */

/** Documented JSON answers this suite does not call: the kit's dead letters (checked against real answers in the notifications suite). */
const UNCHECKED = [
  'GET /v1/dead-letters',
  'GET /v1/dead-letters/{id}',
  'POST /v1/dead-letters/{id}/dismiss',
  'POST /v1/dead-letters/{id}/retry',
];

/** Operations the document declares no JSON answer for, and why; the calendar files are checked here as text/calendar. */
const CALENDARS = [
  'GET /v1/public/events.ics',
  'GET /v1/registrations/{id}/calendar.ics',
  'GET /v1/public/registrations/{id}/calendar.ics',
];
const NOT_JSON: Record<string, string> = {
  ...Object.fromEntries(CALENDARS.map((route) => [route, 'an iCalendar file (text/calendar), declared as a string'])),
};

/** The service's clock starts at 2026-10-01 09:00 in Tokyo; the scenario moves it to 2026-10-02 10:30. */
const SOON = { startsAt: '2026-10-05T10:00', endsAt: '2026-10-05T12:00' };

describe('the OpenAPI document describes what the routes answer', () => {
  let h: Harness;
  let api: Api;
  let w: Scenario;
  let document: OpenApiAnswerDocument;
  const checked = new Set<string>();
  const http = () => request(h.svc.http);

  beforeAll(async () => {
    h = await startHarness();
    api = await h.as('coordinator');
    document = (await http().get('/docs-json')).body as OpenApiAnswerDocument;
    w = await buildScenario(h);
  });
  afterAll(async () => h?.close());

  /** Checks the answer against the schema the document declares for `method path` at the answer's status. */
  function expectDocumented(res: Response, method: string, path: string): void {
    expect(answerProblems(document, res, method, path, checked)).toEqual({ route: `${method.toUpperCase()} ${path}`, problems: [] });
  }

  /** Checks a calendar file: text/calendar as the document declares it (a string), and an iCalendar text. */
  function expectCalendar(res: Response, path: string, kind: 'VCALENDAR' | 'VEVENT'): void {
    const route = `GET ${path}`;
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.text).toContain(`BEGIN:${kind}`);
    expect({ route, schema: document.paths[path]?.['get']?.responses['200']?.content?.['text/calendar']?.schema }).toEqual({
      route,
      schema: { type: 'string' },
    });
    checked.add(route);
  }

  const ok = (res: Response, status: number): Response => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${res.text}`);
    return res;
  };

  /** A published event (default body with `overrides`); answers the publish answer. */
  async function published(overrides: Record<string, unknown> = {}): Promise<Response> {
    const created = ok(await api.post('/v1/events').send(eventBody(h, overrides)), 201);
    return ok(await api.post(`/v1/events/${created.body.id}/publish`).set('if-match', created.headers['etag']!), 200);
  }

  it('events: draft, list, one, change, publish, cancel; the public listing, one public event and the feed', async () => {
    const partner = h.registry.organization('university', { name: '国立大学法人 図式大学' });
    const created = ok(
      await api.post('/v1/events').send(
        eventBody(h, {
          title: { ja: '図式の交流会', en: 'Schema exchange meeting' },
          description: { ja: '図式を語る会です。', en: 'About schemas.' },
          coOrganizerIds: [partner.id],
          registrationOpensAt: '2026-10-01T12:00',
          registrationClosesAt: '2026-11-30T17:00',
        }),
      ),
      201,
    );
    expect(created.body.coOrganizers).toEqual([{ id: partner.id, name: partner.name }]);
    expectDocumented(created, 'post', '/v1/events');
    const id = created.body.id as string;
    // a draft: never published, no registration window of its own (nulls where the document allows them)
    const draft = ok(await api.post('/v1/events').send(eventBody(h, { title: { ja: '図式の下書き' } })), 201);
    expect([draft.body.publishedAt, draft.body.registrationOpensAt, draft.body.title.en]).toEqual([null, null, null]);
    expectDocumented(draft, 'post', '/v1/events');

    const changed = ok(
      await api
        .patch(`/v1/events/${id}`)
        .set('if-match', created.headers['etag']!)
        .send({ venue: { kind: 'hall', name: '図式ホール', address: null, capacity: 80 }, partyFeeYen: 3000 }),
      200,
    );
    expect(changed.body.venue.address).toBeNull();
    expectDocumented(changed, 'patch', '/v1/events/{id}');
    const publication = ok(await api.post(`/v1/events/${id}/publish`).set('if-match', changed.headers['etag']!), 200);
    expect(publication.body.status).toBe('published');
    expectDocumented(publication, 'post', '/v1/events/{id}/publish');
    expectDocumented(ok(await api.get(`/v1/events/${id}`), 200), 'get', '/v1/events/{id}');
    // the scenario's completed event: counts of every kind, completedAt set
    expectDocumented(ok(await api.get(`/v1/events/${w.completedEventId}`), 200), 'get', '/v1/events/{id}');

    const list = ok(await api.get('/v1/events').query({ limit: 50 }), 200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(6);
    expectDocumented(list, 'get', '/v1/events');
    expectDocumented(ok(await api.get('/v1/events').query({ q: '図式', status: 'published' }), 200), 'get', '/v1/events');

    const doomed = await published({ title: { ja: '中止になる会' } });
    const cancelled = ok(
      await api
        .post(`/v1/events/${doomed.body.id}/cancel`)
        .set('if-match', doomed.headers['etag']!)
        .send({ reason: '大雪のため中止します。' }),
      200,
    );
    expect(cancelled.body.cancelReason).toBe('大雪のため中止します。');
    expectDocumented(cancelled, 'post', '/v1/events/{id}/cancel');

    const listing = ok(await http().get('/v1/public/events').query({ limit: 50 }), 200);
    // first come (seats left) and a lottery (seatsLeft null) among them
    const seatsLeft = listing.body.items.map((e: { seatsLeft: number | null }) => e.seatsLeft);
    expect(seatsLeft).toContain(null);
    expect(seatsLeft).toContain(50);
    expectDocumented(listing, 'get', '/v1/public/events');
    expectDocumented(ok(await http().get(`/v1/public/events/${id}`), 200), 'get', '/v1/public/events/{id}');
    expectDocumented(ok(await http().get(`/v1/public/events/${w.lotteryEventId}`), 200), 'get', '/v1/public/events/{id}');

    expectCalendar(ok(await http().get('/v1/public/events.ics'), 200), '/v1/public/events.ics', 'VCALENDAR');
  });

  it('registrations: by staff (registry person, guest), public, waiting list, seat offers, own view, change, cancel', async () => {
    const event = await published({ capacity: 2, title: { ja: '図式の二席の会' } });
    const eventId = event.body.id as string;
    const org = h.registry.organization('company', { name: '株式会社 図式' });
    const group = h.registry.organization('study_group', { name: '図式研究会' });
    const person = registryPerson(h, '図式', '一郎', { organization: org, fields: ['food', 'tourism'], studyGroupId: group.id });
    const byPerson = ok(await api.post(`/v1/events/${eventId}/registrations`).send({ personId: person.id }), 201);
    expect(byPerson.body.registrant).toMatchObject({ personId: person.id, organizationId: org.id, studyGroupIds: [group.id] });
    expectDocumented(byPerson, 'post', '/v1/events/{id}/registrations');
    const byGuest = ok(await api.post(`/v1/events/${eventId}/registrations`).send({ guest: guest({ nameKana: 'ズシキ' }) }), 201);
    expect(byGuest.body.registrant.personId).toBeNull();
    expectDocumented(byGuest, 'post', '/v1/events/{id}/registrations');

    // two more come through the public form: both wait
    const waiting = [];
    for (let k = 0; k < 2; k++) {
      const own = ok(
        await http()
          .post(`/v1/public/events/${eventId}/registrations`)
          .send(guest({ sector: 'academia' })),
        201,
      );
      expect([own.body.status, own.body.waitlistPosition, own.body.checkInToken]).toEqual(['waitlisted', k + 1, null]);
      expectDocumented(own, 'post', '/v1/public/events/{id}/registrations');
      waiting.push(own.body as { id: string; manageToken: string });
    }
    const list = ok(await api.get(`/v1/events/${eventId}/registrations`), 200);
    expect(list.body.items.map((r: { waitlistPosition: number | null }) => r.waitlistPosition)).toEqual([null, null, 1, 2]);
    expectDocumented(list, 'get', '/v1/events/{id}/registrations');

    const one = ok(await api.get(`/v1/registrations/${byGuest.body.id}`), 200);
    expectDocumented(one, 'get', '/v1/registrations/{id}');
    const corrected = ok(
      await api
        .patch(`/v1/registrations/${byGuest.body.id}`)
        .set('if-match', one.headers['etag']!)
        .send({ organizationName: '図式大学', sector: 'academia', focusFields: ['it'], consentToList: true }),
      200,
    );
    expectDocumented(corrected, 'patch', '/v1/registrations/{id}');

    // staff cancel a seat: the first in line is offered it (staff and own views with the open offer)
    const cancelled = ok(await api.post(`/v1/registrations/${byGuest.body.id}/cancel`), 200);
    expect(cancelled.body.cancelledBy).toBe('staff');
    expectDocumented(cancelled, 'post', '/v1/registrations/{id}/cancel');
    const offered = ok(await api.get(`/v1/registrations/${waiting[0]!.id}`), 200);
    expect(offered.body.offer.status).toBe('open');
    expectDocumented(offered, 'get', '/v1/registrations/{id}');
    const ownView = ok(await http().get(`/v1/public/registrations/${waiting[0]!.id}`).query({ token: waiting[0]!.manageToken }), 200);
    expectDocumented(ownView, 'get', '/v1/public/registrations/{id}');
    const offerId = ownView.body.offer.id as string;
    const offer = ok(await http().get(`/v1/public/seat-offers/${offerId}/accept`).query({ token: waiting[0]!.manageToken }), 200);
    expectDocumented(offer, 'get', '/v1/public/seat-offers/{offerId}/accept');
    const declined = ok(await http().post(`/v1/public/seat-offers/${offerId}/decline`).query({ token: waiting[0]!.manageToken }), 200);
    expect(declined.body.status).toBe('cancelled');
    expectDocumented(declined, 'post', '/v1/public/seat-offers/{offerId}/decline');

    // the seat goes on to the next in line, who accepts it; then the registrant cancels it themselves
    const next = ok(await http().get(`/v1/public/registrations/${waiting[1]!.id}`).query({ token: waiting[1]!.manageToken }), 200);
    const accepted = ok(
      await http().post(`/v1/public/seat-offers/${next.body.offer.id}/accept`).query({ token: waiting[1]!.manageToken }),
      200,
    );
    // the own view shows open offers only: none once accepted
    expect([accepted.body.status, accepted.body.offer]).toEqual(['confirmed', null]);
    expect(accepted.body.checkInToken).toEqual(expect.any(String));
    expectDocumented(accepted, 'post', '/v1/public/seat-offers/{offerId}/accept');
    const ownCancel = ok(
      await http().post(`/v1/public/registrations/${waiting[1]!.id}/cancel`).query({ token: waiting[1]!.manageToken }),
      200,
    );
    expect(ownCancel.body.status).toBe('cancelled');
    expectDocumented(ownCancel, 'post', '/v1/public/registrations/{id}/cancel');

    const staffEntry = ok(await api.get(`/v1/registrations/${byPerson.body.id}/calendar.ics`), 200);
    expectCalendar(staffEntry, '/v1/registrations/{id}/calendar.ics', 'VEVENT');
    const ownEntry = ok(
      await http().get(`/v1/public/registrations/${w.attendee.id}/calendar.ics`).query({ token: w.attendee.manageToken }),
      200,
    );
    expectCalendar(ownEntry, '/v1/public/registrations/{id}/calendar.ics', 'VEVENT');
  });

  it('the day of the event and after: check-in, attendance by hand, completion, questionnaire, connections, follow-ups', async () => {
    const event = await published({ ...SOON, capacity: 10, title: { ja: '図式の当日' } });
    const eventId = event.body.id as string;
    const regs: { id: string; checkInToken: string; manageToken: string }[] = [];
    for (let k = 0; k < 4; k++) regs.push(ok(await api.post(`/v1/events/${eventId}/registrations`).send({ guest: guest() }), 201).body);
    h.clock.set('2026-10-05T01:30:00Z'); // 10:30 in Tokyo: the event is on

    const checkIn = ok(await api.post(`/v1/events/${eventId}/check-ins`).send({ token: regs[0]!.checkInToken }), 200);
    expect([checkIn.body.alreadyCheckedIn, checkIn.body.registration.status]).toEqual([false, 'attended']);
    expectDocumented(checkIn, 'post', '/v1/events/{id}/check-ins');
    const again = ok(await api.post(`/v1/events/${eventId}/check-ins`).send({ token: regs[0]!.checkInToken }), 200);
    expect(again.body.alreadyCheckedIn).toBe(true);
    expectDocumented(again, 'post', '/v1/events/{id}/check-ins');
    for (const [reg, attended] of [
      [regs[1]!, true],
      [regs[3]!, true],
      [regs[2]!, false],
    ] as const) {
      const marked = ok(await api.post(`/v1/registrations/${reg.id}/attendance`).send({ attended }), 200);
      expect(marked.body.status).toBe(attended ? 'attended' : 'no_show');
      expectDocumented(marked, 'post', '/v1/registrations/{id}/attendance');
    }
    const current = ok(await api.get(`/v1/events/${eventId}`), 200);
    const completed = ok(await api.post(`/v1/events/${eventId}/complete`).set('if-match', current.headers['etag']!), 200);
    expect(completed.body.seats).toMatchObject({ attended: 3, noShow: 1 });
    expectDocumented(completed, 'post', '/v1/events/{id}/complete');

    const byStaff = ok(await api.put(`/v1/registrations/${regs[1]!.id}/questionnaire`).send({ satisfaction: 4 }), 200);
    expect([byStaff.body.comments, byStaff.body.wouldJoinAgain]).toEqual([null, null]);
    expectDocumented(byStaff, 'put', '/v1/registrations/{id}/questionnaire');
    const token = { token: regs[0]!.manageToken };
    const before = ok(await http().get(`/v1/public/registrations/${regs[0]!.id}/questionnaire`).query(token), 200);
    expect([before.body.canAnswer, before.body.answer]).toEqual([true, null]);
    expectDocumented(before, 'get', '/v1/public/registrations/{id}/questionnaire');
    const own = ok(
      await http()
        .put(`/v1/public/registrations/${regs[0]!.id}/questionnaire`)
        .query(token)
        .send({ satisfaction: 5, comments: '図式が分かりました', wouldJoinAgain: true }),
      200,
    );
    expectDocumented(own, 'put', '/v1/public/registrations/{id}/questionnaire');
    const after = ok(await http().get(`/v1/public/registrations/${regs[0]!.id}/questionnaire`).query(token), 200);
    expect(after.body.answer.satisfaction).toBe(5);
    expectDocumented(after, 'get', '/v1/public/registrations/{id}/questionnaire');
    const answers = ok(await api.get(`/v1/events/${eventId}/questionnaire`), 200);
    expect(answers.body.summary).toMatchObject({ responses: 2, averageSatisfaction: 4.5 });
    expectDocumented(answers, 'get', '/v1/events/{id}/questionnaire');
    // no answer yet: the mean is null
    const none = ok(await api.get(`/v1/events/${w.firstComeEventId}/questionnaire`), 200);
    expect(none.body.summary.averageSatisfaction).toBeNull();
    expectDocumented(none, 'get', '/v1/events/{id}/questionnaire');

    const met = ok(
      await api.post(`/v1/events/${eventId}/connections`).send({ registrationIds: [regs[0]!.id, regs[1]!.id], note: '名刺交換' }),
      201,
    );
    expectDocumented(met, 'post', '/v1/events/{id}/connections');
    const talked = ok(
      await api.post(`/v1/events/${eventId}/connections`).send({ registrationIds: [regs[1]!.id, regs[3]!.id], kind: 'conversation' }),
      201,
    );
    expect(talked.body.note).toBeNull();
    const connections = ok(await api.get(`/v1/events/${eventId}/connections`), 200);
    expect(connections.body.total).toBe(2);
    expectDocumented(connections, 'get', '/v1/events/{id}/connections');

    const followUp = ok(
      await api
        .post(`/v1/events/${eventId}/follow-ups`)
        .send({ kind: 'site_visit', note: '研究室訪問', registrationIds: [regs[0]!.id], dueOn: '2026-11-15', ownerId: h.staffId }),
      201,
    );
    expectDocumented(followUp, 'post', '/v1/events/{id}/follow-ups');
    const bare = ok(
      await api.post(`/v1/events/${eventId}/follow-ups`).send({ kind: 'meeting', note: '打合せ', registrationIds: [regs[1]!.id] }),
      201,
    );
    // no due day, not done: nulls where the document allows them (the owner defaults to whoever recorded it)
    expect([bare.body.dueOn, bare.body.doneOn, bare.body.ownerId]).toEqual([null, null, h.staffId]);
    expectDocumented(bare, 'post', '/v1/events/{id}/follow-ups');
    const done = ok(await api.patch(`/v1/follow-ups/${followUp.body.id}`).set('if-match', '"1"').send({ status: 'done' }), 200);
    expect(done.body.doneOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expectDocumented(done, 'patch', '/v1/follow-ups/{id}');
    expectDocumented(ok(await api.get(`/v1/follow-ups/${followUp.body.id}`), 200), 'get', '/v1/follow-ups/{id}');
    const followUps = ok(await api.get(`/v1/events/${eventId}/follow-ups`), 200);
    expect(followUps.body.total).toBe(2);
    expectDocumented(followUps, 'get', '/v1/events/{id}/follow-ups');

    const listed = ok(await api.get(`/v1/events/${w.completedEventId}/attendee-list`), 200);
    expect(listed.body.listed.length).toBeGreaterThan(0);
    expectDocumented(listed, 'get', '/v1/events/{id}/attendee-list');
    const proposals = ok(await api.get(`/v1/events/${w.completedEventId}/proposals`), 200);
    expect(proposals.body.items).toHaveLength(1);
    expectDocumented(proposals, 'get', '/v1/events/{id}/proposals');
  });

  it('lottery: the draw, the recorded draw (staff and public), its verification', async () => {
    const event = await published({ admission: 'lottery', capacity: 2, registrationClosesAt: '2026-10-06T12:00' });
    const eventId = event.body.id as string;
    for (let k = 0; k < 3; k++) ok(await api.post(`/v1/events/${eventId}/registrations`).send({ guest: guest() }), 201);
    h.clock.set('2026-10-06T04:00:00Z'); // 13:00 in Tokyo: the window has closed
    const drawn = ok(await api.post(`/v1/events/${eventId}/lottery`).send({ seed: '図式 7-3-9' }), 201);
    expect(drawn.body.order).toHaveLength(3);
    expectDocumented(drawn, 'post', '/v1/events/{id}/lottery');
    expectDocumented(ok(await api.get(`/v1/events/${eventId}/lottery`), 200), 'get', '/v1/events/{id}/lottery');
    expectDocumented(ok(await http().get(`/v1/public/events/${eventId}/lottery`), 200), 'get', '/v1/public/events/{id}/lottery');
    const verified = ok(await api.post(`/v1/events/${eventId}/lottery/verify`), 200);
    expect(verified.body.matches).toBe(true);
    expectDocumented(verified, 'post', '/v1/events/{id}/lottery/verify');
  });

  it('seating: a plan, the stored plan, moves by hand', async () => {
    const event = await published({ capacity: 20, title: { ja: '図式の席' } });
    const eventId = event.body.id as string;
    const sectors = ['industry', 'academia', 'government', 'finance'] as const;
    const ids: string[] = [];
    for (let k = 0; k < 7; k++) {
      const g = guest({ organizationName: `図式 ${k % 3}`, sector: sectors[k % 4], focusFields: k % 2 ? ['food'] : [] });
      ids.push(ok(await api.post(`/v1/events/${eventId}/registrations`).send({ guest: g }), 201).body.id);
    }
    const plan = ok(await api.post(`/v1/events/${eventId}/seating`).send({ tableSize: 3, hostsPerTable: 1 }), 201);
    expect(plan.body.tables.length).toBeGreaterThan(1);
    expectDocumented(plan, 'post', '/v1/events/{id}/seating');
    // someone cancels after the plan was made, someone registers: noLongerAttending and unseated
    ok(await api.post(`/v1/registrations/${ids[0]}/cancel`), 200);
    ok(await api.post(`/v1/events/${eventId}/registrations`).send({ guest: guest() }), 201);
    const stored = ok(await api.get(`/v1/events/${eventId}/seating`), 200);
    expect([stored.body.noLongerAttending.length, stored.body.unseated.length]).toEqual([1, 1]);
    expectDocumented(stored, 'get', '/v1/events/{id}/seating');
    const moved = ok(
      await api
        .post(`/v1/events/${eventId}/seating/moves`)
        .set('if-match', stored.headers['etag']!)
        .send({ moves: [{ registrationId: ids[0], toTable: null }] }),
      200,
    );
    expect(moved.body.adjustedAt).not.toBeNull();
    expectDocumented(moved, 'post', '/v1/events/{id}/seating/moves');
  });

  it('past events: recorded, their attendance, the CSV import (dry run with problems, commit)', async () => {
    const past = ok(
      await api
        .post('/v1/events')
        .send(eventBody(h, { startsAt: '2025-09-10T18:00', endsAt: '2025-09-10T20:00', historical: true, title: { ja: '図式の昔' } })),
      201,
    );
    expect(past.body).toMatchObject({ historical: true, status: 'completed' });
    expectDocumented(past, 'post', '/v1/events');
    const [p, q] = [registryPerson(h, '図式', '過去'), registryPerson(h, '図式', '昔')];
    const recorded = ok(
      await api
        .post(`/v1/events/${past.body.id}/attendance`)
        .set('if-match', past.headers['etag']!)
        .send({ personIds: [p.id, q.id] }),
      200,
    );
    expect(recorded.body).toMatchObject({ added: 2, total: 2 });
    expectDocumented(recorded, 'post', '/v1/events/{id}/attendance');
    const attendees = ok(await api.get(`/v1/events/${past.body.id}/attendance`), 200);
    expect(attendees.body.total).toBe(2);
    expectDocumented(attendees, 'get', '/v1/events/{id}/attendance');

    const header = 'kind,title_ja,organizer_id,venue_kind,venue_name,venue_capacity,starts_at,ends_at,attendee_person_ids';
    const good = `seminar,図式セミナー,${h.organizer.id},centre,会場,40,2025-07-01T13:00,2025-07-01T15:00,${p.id}`;
    const file = (lines: string[]) => Buffer.from(`${[header, ...lines].join('\r\n')}\r\n`, 'utf8');
    const importCsv = (body: Buffer, dryRun: string) =>
      api.post('/v1/events/import').query({ dryRun }).set('content-type', 'text/csv').send(body);
    const dryRun = ok(await importCsv(file([good, `cocktail,壊れた行,${uuidv7()},centre,会場,40,2025-07-02T13:00,,`]), 'true'), 200);
    expect(dryRun.body).toMatchObject({ dryRun: true, rows: 2, valid: 1, invalid: 1 });
    expect(dryRun.body.errors.length).toBeGreaterThan(0);
    expect(dryRun.body).not.toHaveProperty('created'); // optional in the document: only a commit answers it
    expectDocumented(dryRun, 'post', '/v1/events/import');
    const committed = ok(await importCsv(file([good]), 'false'), 200);
    expect(committed.body.created).toHaveLength(1);
    expectDocumented(committed, 'post', '/v1/events/import');
  });

  it('reports: one event (staff and advisors), fiscal years, the retention report', async () => {
    const report = ok(await api.get(`/v1/events/${w.completedEventId}/report`), 200);
    expect(report.body.proposalList).toHaveLength(1);
    expectDocumented(report, 'get', '/v1/events/{id}/report');
    const advisor = ok(await (await h.as('advisor')).get(`/v1/events/${w.completedEventId}/report`), 200);
    expect(advisor.body.proposalList).toEqual([]);
    expectDocumented(advisor, 'get', '/v1/events/{id}/report');
    // a draft: nothing to count (rates and means null)
    expectDocumented(ok(await api.get(`/v1/events/${w.draftEventId}/report`), 200), 'get', '/v1/events/{id}/report');
    for (const year of [2025, 2026, 2030]) {
      const fiscal = ok(await api.get(`/v1/reports/fiscal-years/${year}`), 200);
      expect(fiscal.body.fiscalYear).toBe(year);
      expectDocumented(fiscal, 'get', '/v1/reports/fiscal-years/{year}');
    }
    const retention = ok(await (await h.as('admin')).get('/v1/privacy/retention-report'), 200);
    expectDocumented(retention, 'get', '/v1/privacy/retention-report');
  });

  it('checked every operation whose answer the document describes as JSON, but those listed here', () => {
    const documented = documentedAnswerOperations(document);
    expect(documented.filter((route) => !checked.has(route)).sort()).toEqual(UNCHECKED);
  });

  it('every other operation answers something other than JSON, for a reason given here', () => {
    const json = new Set(documentedAnswerOperations(document));
    const all = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(all.filter((route) => !json.has(route)).sort()).toEqual(Object.keys(NOT_JSON).sort());
    expect(CALENDARS.filter((route) => !checked.has(route))).toEqual([]);
  });

  it('fails answers the document does not describe (the check is not vacuous)', async () => {
    const fake = (body: unknown) => ({ status: 200, body, text: '' }) as unknown as Response;
    const one = ok(await api.get(`/v1/registrations/${w.attendee.id}`), 200).body as Record<string, unknown>;
    const registrant = one['registrant'] as Record<string, unknown>;
    const spoilt: [unknown, RegExp][] = [
      [{ ...one, extra: 1 }, /extra is not in the document/],
      [{ ...one, status: 'lost' }, /status: .*lost.* is not one of/],
      [{ ...one, checkedInAt: '2026-10-02' }, /checkedInAt: .* is not a date-time/],
      [{ ...one, id: 'someone' }, /id: .* is not a uuid/],
      [{ ...one, version: '1' }, /version: .* is not a number/],
      [{ ...one, createdAt: null }, /createdAt: null where the document says not nullable/],
      [{ ...one, registrant: { ...registrant, email: undefined } }, /registrant: email is missing|registrant.email/],
      [{ ...one, registrant: { ...registrant, focusFields: 'food' } }, /focusFields: not an array/],
      [{ ...one, registrant: { ...registrant, studyGroupIds: ['図式研究会'] } }, /studyGroupIds\[0\]: .* is not a uuid/],
      [{ ...one, cancelledBy: 'someone' }, /cancelledBy: .*someone.* is not one of/],
      [{ ...one, offer: { id: uuidv7(), status: 'open', offeredAt: '2026-10-01T09:00:00.000+09:00' } }, /offer: expiresAt is missing/],
    ];
    for (const [body, message] of spoilt)
      expect(() => expectDocumented(fake(JSON.parse(JSON.stringify(body))), 'get', '/v1/registrations/{id}')).toThrow(message);

    const report = ok(await api.get(`/v1/events/${w.completedEventId}/report`), 200).body as Record<string, unknown>;
    const fieldMix = report['fieldMix'] as Record<string, unknown>;
    expect(() =>
      expectDocumented(fake({ ...report, fieldMix: { ...fieldMix, sectors: { industry: 'many' } } }), 'get', '/v1/events/{id}/report'),
    ).toThrow(/sectors.industry: .* is not an integer/);
    expect(() =>
      expectDocumented(
        fake({
          ...report,
          proposalList: [{ proposalId: uuidv7(), referenceNumber: 'P', title: { ja: 'x', en: null }, broughtInOn: '2026-10-20T00:00' }],
        }),
        'get',
        '/v1/events/{id}/report',
      ),
    ).toThrow(/broughtInOn: .* is not a date/);
    const plan = ok(await api.get(`/v1/events/${w.firstComeEventId}/seating`), 200).body as { tables: Record<string, unknown>[] };
    const table = plan.tables[0]!;
    expect(() =>
      expectDocumented(fake({ ...plan, tables: [{ ...table, sectors: { industry: 1.5 } }] }), 'get', '/v1/events/{id}/seating'),
    ).toThrow(/sectors.industry: 1.5 is not an integer/);
    const listing = ok(await http().get('/v1/public/events'), 200).body as { items: Record<string, unknown>[] };
    const { seatsLeft: _left, ...withoutSeatsLeft } = listing.items[0]!;
    expect(() => expectDocumented(fake({ ...listing, items: [withoutSeatsLeft] }), 'get', '/v1/public/events')).toThrow(
      /seatsLeft is missing/,
    );
  });
});
