import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { formatInstant } from '@collabo/calendar';
import {
  PersonUpdatedV1,
  RegistrationCancelledV1,
  RegistrationConfirmedV1,
  RegistrationOfferExpiredV1,
  RegistrationReceivedV1,
  RegistrationSeatOfferedV2,
  RegistrationWaitlistedV1,
  type EventEnvelope,
} from '@collabo/contracts';
import { readEvents } from '@collabo/service-kit/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { guest, publishedEvent, registryPerson, startHarness, type Harness } from './support/harness.js';
import { publishEvent } from './support/messages.js';

const HOUR = 60 * 60 * 1000;

/** Events on a subject for one registration (streams keep every suite's messages in order). */
async function eventsFor<T extends { registration?: { registrationId: string } }>(
  h: Harness,
  subject: Parameters<typeof readEvents>[2],
  registrationId: string,
  count = 1,
): Promise<EventEnvelope<T>[]> {
  for (let seen = count; ; seen++) {
    const { envelopes } = await readEvents<T>(h.nc, h.prefix, subject, seen, 10_000);
    const mine = envelopes.filter((e) => e.data.registration?.registrationId === registrationId);
    if (mine.length >= count) return mine;
  }
}

describe('registration', () => {
  let h: Harness;
  beforeAll(async () => {
    // Seat offers run for an hour here, and the expiry job looks every 100 ms.
    h = await startHarness({ SEAT_OFFER_TTL_MINUTES: '60', SEAT_OFFER_SWEEP_MS: '100' });
  });
  afterAll(async () => h?.close());

  describe('who registers', () => {
    it('registers a registry person with their details, organisation and study group from the registry', async () => {
      const kelp = h.registry.organization('company', { name: '株式会社 北の昆布', focusFields: ['food'] });
      const group = uuidv7();
      const person = registryPerson(h, '昆布', '太郎', {
        organization: kelp,
        fields: ['food', 'bio'],
        studyGroupId: group,
        language: 'en',
      });
      const { id } = await publishedEvent(h);
      const api = await h.as();
      const res = await api.post(`/v1/events/${id}/registrations`).send({ personId: person.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'confirmed',
        queueNumber: 1,
        waitlistPosition: null,
        source: 'staff',
        registrant: {
          personId: person.id,
          name: '昆布 太郎',
          email: person.email,
          language: 'en',
          organizationId: kelp.id,
          organizationName: '株式会社 北の昆布',
          sector: 'industry',
          focusFields: ['food', 'bio'],
          studyGroupIds: [group],
        },
      });
      expect(res.body.checkInToken).toMatch(/^[0-9A-Z]{26}$/);
      const received = await eventsFor<RegistrationReceivedV1.Data>(h, RegistrationReceivedV1.subject, res.body.id);
      expect(received[0]!.data.registration).toMatchObject({ status: 'received', registrant: { personId: person.id, language: 'en' } });
      const confirmed = await eventsFor<RegistrationConfirmedV1.Data>(h, RegistrationConfirmedV1.subject, res.body.id);
      expect(confirmed[0]!.data.checkInToken).toBe(res.body.checkInToken);
      expect(confirmed[0]!.data.calendar).toContain('BEGIN:VCALENDAR');
      expect(confirmed[0]!.data.calendar).toContain('SUMMARY:Food cluster exchange meeting');
    });

    it('refuses a person the registry does not know, and both or neither of person and guest', async () => {
      const { id } = await publishedEvent(h);
      const api = await h.as();
      const unknown = await api.post(`/v1/events/${id}/registrations`).send({ personId: uuidv7() });
      expect([unknown.status, unknown.body.code, unknown.body.errors[0].field]).toEqual([422, 'EVENTS.PERSON_NOT_FOUND', 'personId']);
      const both = await api.post(`/v1/events/${id}/registrations`).send({ personId: uuidv7(), guest: guest() });
      expect(both.status).toBe(400);
      const neither = await api.post(`/v1/events/${id}/registrations`).send({});
      expect(neither.status).toBe(400);
      const badGuest = await api
        .post(`/v1/events/${id}/registrations`)
        .send({ guest: { name: '', email: 'not-an-email', language: 'de', sector: 'church', focusFields: ['fishing'] } });
      expect(badGuest.status).toBe(400);
      expect([...new Set(badGuest.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
        'guest.email',
        'guest.focusFields',
        'guest.language',
        'guest.name',
        'guest.sector',
      ]);
      expect((await api.post(`/v1/events/${uuidv7()}/registrations`).send({ guest: guest() })).status).toBe(404);
      const viewer = await h.as('viewer');
      expect((await viewer.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).status).toBe(403);
      expect((await viewer.get(`/v1/events/${id}/registrations`)).status).toBe(403);
    });

    it('allows one active registration per person per event (409 naming the existing one), again after a cancellation', async () => {
      const person = registryPerson(h, '重複', '花子');
      const { id } = await publishedEvent(h);
      const api = await h.as();
      const first = await api.post(`/v1/events/${id}/registrations`).send({ personId: person.id });
      const again = await api.post(`/v1/events/${id}/registrations`).send({ personId: person.id });
      expect([again.status, again.body.code, again.body.existingId]).toEqual([409, 'EVENTS.ALREADY_REGISTERED', first.body.id]);
      const g = guest({ email: 'Same.Guest@Example.jp' });
      const guestFirst = await api.post(`/v1/events/${id}/registrations`).send({ guest: g });
      const guestAgain = await api.post(`/v1/events/${id}/registrations`).send({ guest: { ...g, email: 'same.guest@example.jp' } });
      expect([guestAgain.status, guestAgain.body.existingId]).toEqual([409, guestFirst.body.id]);
      expect((await api.post(`/v1/registrations/${first.body.id}/cancel`)).status).toBe(200);
      const back = await api.post(`/v1/events/${id}/registrations`).send({ personId: person.id });
      expect(back.status).toBe(201);
      expect(back.body.id).not.toBe(first.body.id);
    });
  });

  describe('the registration window', () => {
    it('refuses registrations before the window, after it, for a draft and for a cancelled event, saying why', async () => {
      const api = await h.as();
      const later = await publishedEvent(h, { registrationOpensAt: '2026-11-01T10:00', registrationClosesAt: '2026-11-20T17:00' });
      const early = await api.post(`/v1/events/${later.id}/registrations`).send({ guest: guest() });
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ code: 'EVENTS.REGISTRATION_NOT_OPEN_YET', at: '2026-11-01T10:00:00.000+09:00' });

      const closed = await publishedEvent(h, { registrationClosesAt: '2026-10-01T08:59' });
      const late = await api.post(`/v1/events/${closed.id}/registrations`).send({ guest: guest() });
      expect([late.status, late.body.code]).toEqual([409, 'EVENTS.REGISTRATION_CLOSED']);

      const draft = await api.post('/v1/events').send({
        kind: 'seminar',
        title: { ja: '下書き' },
        organizerId: h.organizer.id,
        venue: { kind: 'hall', name: 'ホール', capacity: 10 },
        startsAt: '2026-12-10T10:00',
        endsAt: '2026-12-10T12:00',
        capacity: 10,
        admission: 'first_come',
        feeYen: 0,
        partyFeeYen: 0,
        language: 'ja',
      });
      const toDraft = await api.post(`/v1/events/${draft.body.id}/registrations`).send({ guest: guest() });
      expect([toDraft.status, toDraft.body.code]).toEqual([409, 'EVENTS.EVENT_NOT_OPEN']);

      const doomed = await publishedEvent(h);
      await api.post(`/v1/events/${doomed.id}/cancel`).set('if-match', doomed.etag).send({ reason: '会場の都合により中止' });
      const toCancelled = await api.post(`/v1/events/${doomed.id}/registrations`).send({ guest: guest() });
      expect(toCancelled.status).toBe(409);
      expect(toCancelled.body).toMatchObject({ code: 'EVENTS.EVENT_CANCELLED', detail: 'This event has been cancelled.' });
      const publicAttempt = await request(h.svc.http).post(`/v1/public/events/${doomed.id}/registrations`).send(guest());
      expect([publicAttempt.status, publicAttempt.body.code]).toEqual([409, 'EVENTS.EVENT_CANCELLED']);
    });
  });

  describe('waiting list and seat offers', () => {
    it('waitlists in arrival order, offers a freed seat to the next in line, and confirms an accepted offer', async () => {
      const { id } = await publishedEvent(h, { capacity: 2 });
      const api = await h.as();
      const regs = [];
      for (let k = 0; k < 4; k++) regs.push((await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body);
      expect(regs.map((r) => [r.status, r.waitlistPosition])).toEqual([
        ['confirmed', null],
        ['confirmed', null],
        ['waitlisted', 1],
        ['waitlisted', 2],
      ]);
      const waitlisted = await eventsFor<RegistrationWaitlistedV1.Data & { registration: { registrationId: string } }>(
        h,
        RegistrationWaitlistedV1.subject,
        regs[3].id,
      );
      expect(waitlisted[0]!.data.position).toBe(2);

      const cancelled = await api.post(`/v1/registrations/${regs[0].id}/cancel`);
      expect(cancelled.body.status).toBe('cancelled');
      const offered = await eventsFor<RegistrationSeatOfferedV2.Data>(h, RegistrationSeatOfferedV2.subject, regs[2].id);
      const inAnHour = formatInstant(new Date(h.clock.now().getTime() + HOUR));
      expect(offered[0]!.data).toMatchObject({ registration: { status: 'offered' }, expiresAt: inAnHour });
      // The event names the accept page with the token masked; the usable link is asked for over RPC
      // (GetRegistrantLinkV1, test/registrant-links.test.ts).
      expect(offered[0]!.data.maskedAcceptUrl).toBe(
        `http://127.0.0.1:3003/v1/public/seat-offers/${offered[0]!.data.offerId}/accept?token=•••`,
      );
      expect(JSON.stringify(offered[0])).not.toContain(regs[2].manageToken);
      const cancelEvent = await eventsFor<RegistrationCancelledV1.Data>(h, RegistrationCancelledV1.subject, regs[0].id);
      expect(cancelEvent[0]!.data.cancelledBy).toBe('staff');

      // The seat is held by the offer: a newcomer waits behind the others.
      const newcomer = await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() });
      expect([newcomer.body.status, newcomer.body.waitlistPosition]).toEqual(['waitlisted', 2]);
      const list = await api.get(`/v1/events/${id}/registrations?status=waitlisted`);
      expect(list.body.items.map((r: { id: string; waitlistPosition: number }) => [r.id, r.waitlistPosition])).toEqual([
        [regs[3].id, 1],
        [newcomer.body.id, 2],
      ]);

      const offerId = offered[0]!.data.offerId;
      const peek = await request(h.svc.http).get(`/v1/public/seat-offers/${offerId}/accept?token=${regs[2].manageToken}`);
      expect(peek.body).toMatchObject({ offer: { id: offerId, status: 'open' }, registration: { status: 'offered' } });
      const wrong = await request(h.svc.http).post(`/v1/public/seat-offers/${offerId}/accept?token=${regs[3].manageToken}`);
      expect([wrong.status, wrong.body.code]).toEqual([404, 'EVENTS.OFFER_NOT_FOUND']);
      const accepted = await request(h.svc.http).post(`/v1/public/seat-offers/${offerId}/accept?token=${regs[2].manageToken}`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'confirmed', checkInToken: regs[2].checkInToken });
      const confirmed = await eventsFor<RegistrationConfirmedV1.Data>(h, RegistrationConfirmedV1.subject, regs[2].id);
      expect(confirmed[0]!.data.registration.status).toBe('confirmed');
      const twice = await request(h.svc.http).post(`/v1/public/seat-offers/${offerId}/accept?token=${regs[2].manageToken}`);
      expect([twice.status, twice.body.code]).toEqual([409, 'EVENTS.OFFER_NOT_OPEN']);
      const seats = await api.get(`/v1/events/${id}`);
      expect(seats.body.seats).toMatchObject({ held: 2, confirmed: 2, offered: 0, waitlisted: 2 });
    });

    it('lets an unanswered offer run out (the periodic job), passes the seat on, and refuses the late acceptance clearly', async () => {
      const { id } = await publishedEvent(h, { capacity: 1 });
      const api = await h.as();
      const holder = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      const first = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      const second = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      await api.post(`/v1/registrations/${holder.id}/cancel`);
      const [offer] = await eventsFor<RegistrationSeatOfferedV2.Data>(h, RegistrationSeatOfferedV2.subject, first.id);

      h.clock.advance(HOUR + 1000);
      const [expired] = await eventsFor<RegistrationOfferExpiredV1.Data>(h, RegistrationOfferExpiredV1.subject, first.id);
      expect(expired!.data).toMatchObject({ offerId: offer!.data.offerId, registration: { status: 'cancelled' } });
      const [next] = await eventsFor<RegistrationSeatOfferedV2.Data>(h, RegistrationSeatOfferedV2.subject, second.id);
      expect(next!.data.registration.status).toBe('offered');

      const late = await request(h.svc.http).post(`/v1/public/seat-offers/${offer!.data.offerId}/accept?token=${first.manageToken}`);
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('EVENTS.OFFER_EXPIRED');
      expect(late.body.detail).toBe(
        `This seat offer expired at ${offer!.data.expiresAt} and the seat has passed to the next person on the waiting list.`,
      );
      const mine = await request(h.svc.http).get(`/v1/public/registrations/${first.id}?token=${first.manageToken}`);
      expect(mine.body.status).toBe('cancelled');

      // The next person declines: the seat would go on, but nobody else waits.
      const declined = await request(h.svc.http).post(`/v1/public/seat-offers/${next!.data.offerId}/decline?token=${second.manageToken}`);
      expect([declined.status, declined.body.status]).toEqual([200, 'cancelled']);
      const seats = await api.get(`/v1/events/${id}`);
      expect(seats.body.seats).toMatchObject({ held: 0, free: 1, waitlisted: 0 });
    });

    it('refuses an expired offer on acceptance even before the job has passed it on', async () => {
      const { id } = await publishedEvent(h, { capacity: 1 });
      const api = await h.as();
      const holder = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      const waiting = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      const after = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      await api.post(`/v1/registrations/${holder.id}/cancel`);
      const [offer] = await eventsFor<RegistrationSeatOfferedV2.Data>(h, RegistrationSeatOfferedV2.subject, waiting.id);
      h.clock.advance(HOUR);
      // Exactly at the expiry time: whichever comes first (this request or the job), the answer is the same.
      const late = await request(h.svc.http).post(`/v1/public/seat-offers/${offer!.data.offerId}/accept?token=${waiting.manageToken}`);
      expect([late.status, late.body.code]).toEqual([409, 'EVENTS.OFFER_EXPIRED']);
      const [passed] = await eventsFor<RegistrationSeatOfferedV2.Data>(h, RegistrationSeatOfferedV2.subject, after.id);
      expect(passed!.data.registration.registrationId).toBe(after.id);
    });
  });

  describe('check-in', () => {
    it('checks in by QR token, refuses a wrong token and a waitlisted registrant', async () => {
      const { id } = await publishedEvent(h, { capacity: 1 });
      const other = await publishedEvent(h);
      const api = await h.as();
      const seat = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      const waiting = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      const elsewhere = (await api.post(`/v1/events/${other.id}/registrations`).send({ guest: guest() })).body;

      for (const token of ['0000000000000000000000000Z', 'not a token', elsewhere.checkInToken]) {
        const res = await api.post(`/v1/events/${id}/check-ins`).send({ token });
        expect([token, res.status, res.body.code]).toEqual([token, 404, 'EVENTS.CHECK_IN_TOKEN_UNKNOWN']);
      }
      expect((await api.post(`/v1/events/${id}/check-ins`).send({})).status).toBe(400);
      const notConfirmed = await api.post(`/v1/events/${id}/check-ins`).send({ token: waiting.checkInToken });
      expect([notConfirmed.status, notConfirmed.body.code, notConfirmed.body.registrationStatus]).toEqual([
        409,
        'EVENTS.NOT_CONFIRMED',
        'waitlisted',
      ]);

      const typed = `${seat.checkInToken.slice(0, 6).toLowerCase()}-${seat.checkInToken.slice(6)}`;
      const ok = await api.post(`/v1/events/${id}/check-ins`).send({ token: typed });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        alreadyCheckedIn: false,
        registration: { id: seat.id, status: 'attended', checkedInAt: formatInstant(h.clock.now()) },
      });
      const again = await api.post(`/v1/events/${id}/check-ins`).send({ token: seat.checkInToken });
      expect(again.body.alreadyCheckedIn).toBe(true);
    });
  });

  describe('registrants on their own', () => {
    it('registers a guest publicly and lets them see, download and cancel it with their token only', async () => {
      const { id } = await publishedEvent(h, { capacity: 5 });
      const created = await request(h.svc.http)
        .post(`/v1/public/events/${id}/registrations`)
        .send(
          guest({ name: 'Jane Doe', language: 'en', organizationName: 'Kelp Works Co., Ltd.', sector: 'industry', focusFields: ['food'] }),
        );
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ status: 'confirmed', name: 'Jane Doe' });
      const { id: registrationId, manageToken } = created.body;
      const bad = await request(h.svc.http)
        .post(`/v1/public/events/${id}/registrations`)
        .send({ name: 'x', email: 'x@example.jp', language: 'ja', personId: uuidv7() });
      expect(bad.status).toBe(400);

      expect((await request(h.svc.http).get(`/v1/public/registrations/${registrationId}?token=${'A'.repeat(26)}`)).status).toBe(404);
      expect((await request(h.svc.http).get(`/v1/public/registrations/${registrationId}`)).status).toBe(400);
      const mine = await request(h.svc.http).get(`/v1/public/registrations/${registrationId}?token=${manageToken}`);
      expect(mine.body).toMatchObject({ id: registrationId, status: 'confirmed' });
      expect(JSON.stringify(mine.body)).not.toContain('@example.jp');

      const ics = await request(h.svc.http).get(`/v1/public/registrations/${registrationId}/calendar.ics?token=${manageToken}`);
      expect(ics.status).toBe(200);
      expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
      expect(ics.text).toContain(`UID:${registrationId}@events.collabo`);
      expect(ics.text).toContain('DTSTART:20261201T090000Z');
      expect(ics.text).toContain('SUMMARY:Food cluster exchange meeting');
      const staffIcs = await (await h.as()).get(`/v1/registrations/${registrationId}/calendar.ics`);
      expect(staffIcs.text).toContain(`UID:${registrationId}@events.collabo`);

      const cancelled = await request(h.svc.http).post(`/v1/public/registrations/${registrationId}/cancel?token=${manageToken}`);
      expect(cancelled.body.status).toBe('cancelled');
      const [event] = await eventsFor<RegistrationCancelledV1.Data>(h, RegistrationCancelledV1.subject, registrationId);
      expect(event!.data.cancelledBy).toBe('registrant');
      const twice = await request(h.svc.http).post(`/v1/public/registrations/${registrationId}/cancel?token=${manageToken}`);
      expect([twice.status, twice.body.code]).toEqual([409, 'EVENTS.REGISTRATION_NOT_ACTIVE']);
    });

    it('lets staff correct seating data with If-Match', async () => {
      const { id } = await publishedEvent(h);
      const api = await h.as();
      const reg = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
      expect((await api.patch(`/v1/registrations/${reg.id}`).send({ sector: 'academia' })).status).toBe(428);
      const ok = await api
        .patch(`/v1/registrations/${reg.id}`)
        .set('if-match', '"1"')
        .send({ sector: 'academia', focusFields: ['bio'], consentToList: true });
      expect(ok.status).toBe(200);
      expect(ok.body.registrant).toMatchObject({ sector: 'academia', focusFields: ['bio'], consentToList: true });
      expect(ok.headers['etag']).toBe('"2"');
      expect((await api.patch(`/v1/registrations/${reg.id}`).set('if-match', '"1"').send({ sector: 'industry' })).status).toBe(412);
      expect((await api.patch(`/v1/registrations/${reg.id}`).set('if-match', '"2"').send({ sector: 'church' })).status).toBe(400);
    });
  });

  describe('bounds and dependencies', () => {
    it('confirms a seat for an event with a very long description (the calendar entry stays bounded)', async () => {
      const description = { ja: '交流会、セミナー、見学会。\n'.repeat(700).slice(0, 10000) };
      const { id } = await publishedEvent(h, { description });
      const res = await (await h.as()).post(`/v1/events/${id}/registrations`).send({ guest: guest() });
      expect(res.body.status).toBe('confirmed');
      const [confirmed] = await eventsFor<RegistrationConfirmedV1.Data>(h, RegistrationConfirmedV1.subject, res.body.id);
      expect(confirmed!.data.calendar.length).toBeLessThan(20000);
      expect(confirmed!.data.calendar).toContain('…');
    });

    it('answers 503 when the registry cannot be reached, and registers nothing', async () => {
      const { id } = await publishedEvent(h);
      const person = registryPerson(h, '届か', 'ない');
      await h.registry.stop();
      try {
        const res = await (await h.as()).post(`/v1/events/${id}/registrations`).send({ personId: person.id });
        expect(res.status).toBe(503);
        expect(['COMMON.RPC_UNAVAILABLE', 'COMMON.RPC_TIMEOUT']).toContain(res.body.code);
        const list = await (await h.as()).get(`/v1/events/${id}/registrations`);
        expect(list.body.total).toBe(0);
      } finally {
        await h.registry.restart();
      }
    });
  });

  describe('registry updates', () => {
    it('keeps active registrations in step with PersonUpdated, ignoring older versions', async () => {
      const person = registryPerson(h, '旧姓', '花子');
      const { id } = await publishedEvent(h);
      const api = await h.as();
      const reg = (await api.post(`/v1/events/${id}/registrations`).send({ personId: person.id })).body;
      const updated = {
        ...person,
        familyName: '新姓',
        displayName: '新姓 花子',
        preferredLanguage: 'en' as const,
        email: 'hanako.new@example.jp',
        version: 3,
      };
      const sent = await publishEvent(
        h.nc,
        h.prefix,
        PersonUpdatedV1,
        { person: updated, changedFields: ['familyName', 'preferredLanguage', 'email'] },
        person.id,
      );
      await h.svc.waitForProcessed((n) => n.messageId === sent.id);
      const stale = await publishEvent(
        h.nc,
        h.prefix,
        PersonUpdatedV1,
        { person: { ...person, displayName: '古い 名前', version: 2 }, changedFields: ['familyName'] },
        person.id,
      );
      const [notice] = await h.svc.waitForProcessed((n) => n.messageId === stale.id);
      expect(notice!.outcome).toBe('applied');
      const read = await api.get(`/v1/registrations/${reg.id}`);
      expect(read.body.registrant).toMatchObject({ name: '新姓 花子', language: 'en', email: 'hanako.new@example.jp' });
    });
  });
});
