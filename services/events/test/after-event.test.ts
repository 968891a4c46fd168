import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventCompletedV2, GetRegistrantLinkV1, isLinkFor, ProposalSubmittedV1 } from '@collabo/contracts';
import { NatsNaming, OutboxRelay, RpcClient } from '@collabo/service-kit';
import { countEvents, readEvents, TEST_NATS_URL } from '@collabo/service-kit/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { guest, publishedEvent, registryPerson, startHarness, type Harness } from './support/harness.js';
import { proposalSubmitted, publishEvent, republish } from './support/messages.js';

interface Reg {
  id: string;
  status: string;
  checkInToken: string;
  manageToken: string;
}

describe('after the event', () => {
  let h: Harness;
  let eventId: string;
  let etag: string;
  const regs: Reg[] = [];

  beforeAll(async () => {
    h = await startHarness();
    ({ id: eventId, etag } = await publishedEvent(h, { capacity: 5 }));
    const api = await h.as();
    const uni = h.registry.organization('university', { name: '北海道大学' });
    const city = h.registry.organization('municipal_government', { name: '札幌市' });
    const bodies = [
      { personId: registryPerson(h, '学', '一', { organization: uni, fields: ['bio'], consentToList: true }).id },
      { personId: registryPerson(h, '官', '二', { organization: city, fields: ['tourism'], consentToList: true }).id },
      { guest: guest({ organizationName: '株式会社 北の昆布', sector: 'industry', focusFields: ['food'] }) },
      { guest: guest({ organizationName: 'ニセコ観光', sector: 'industry', focusFields: ['tourism'] }) },
      { guest: guest({ organizationName: '北の住まい', sector: 'industry', focusFields: ['housing'], consentToList: true }) },
      { guest: guest({ organizationName: '遅れて来た会社', sector: 'industry' }) },
    ];
    for (const body of bodies) regs.push((await api.post(`/v1/events/${eventId}/registrations`).send(body)).body);
    expect(regs.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'confirmed', 'confirmed', 'waitlisted']);
  });
  afterAll(async () => h?.close());

  it('records attendance only once the event has started, and completes it with no-shows', async () => {
    const api = await h.as();
    const early = await api.post(`/v1/registrations/${regs[0]!.id}/attendance`).send({ attended: true });
    expect([early.status, early.body.code]).toEqual([409, 'EVENTS.EVENT_NOT_STARTED']);
    expect((await api.post(`/v1/events/${eventId}/complete`).set('if-match', etag)).body.code).toBe('EVENTS.EVENT_NOT_STARTED');
    const beforeQuestionnaire = await api.put(`/v1/registrations/${regs[0]!.id}/questionnaire`).send({ satisfaction: 5 });
    expect([beforeQuestionnaire.status, beforeQuestionnaire.body.code]).toEqual([409, 'EVENTS.NOT_ATTENDED']);

    h.clock.set('2026-12-01T09:30:00Z'); // 18:30 in Sapporo
    for (const r of regs.slice(0, 3))
      expect((await api.post(`/v1/events/${eventId}/check-ins`).send({ token: r.checkInToken })).status).toBe(200);
    const byHand = await api.post(`/v1/registrations/${regs[3]!.id}/attendance`).send({ attended: true });
    expect(byHand.body).toMatchObject({ status: 'attended', checkedInAt: '2026-12-01T18:30:00.000+09:00' });
    expect((await api.post(`/v1/registrations/${regs[5]!.id}/attendance`).send({ attended: true })).body.code).toBe('EVENTS.NOT_CONFIRMED');
    expect((await api.post(`/v1/registrations/${regs[3]!.id}/attendance`).send({ attended: 'yes' })).status).toBe(400);

    // Two staff members complete it at the same moment: it completes once.
    const attempts = await Promise.all([0, 1].map(() => api.post(`/v1/events/${eventId}/complete`).set('if-match', etag)));
    const completed = attempts.find((r) => r.status === 200)!;
    expect(attempts.map((r) => r.status).sort()).toEqual([200, 412]);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ status: 'completed', seats: { attended: 4, noShow: 1, waitlisted: 1 } });
    etag = completed.headers['etag'];
    const noShow = await api.get(`/v1/registrations/${regs[4]!.id}`);
    expect(noShow.body.status).toBe('no_show');
  });

  it('thanks the attendees once (EventCompleted, through the outbox), each with the masked link to their own questionnaire', async () => {
    const api = await h.as();
    const [{ n: rows }] = await h.svc.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND aggregate_id = $2`, [EventCompletedV2.subject, eventId]);
    expect(rows).toBe(1);
    const { envelopes } = await readEvents<EventCompletedV2.Data>(h.nc, h.prefix, EventCompletedV2.subject, 1);
    const thanks = envelopes[0]!;
    expect(thanks).toMatchObject({
      type: 'events.evt.event.completed',
      aggregateId: eventId,
      data: { event: { eventId, title: { ja: '食クラスター交流会' }, startsAt: '2026-12-01T18:00:00.000+09:00' } },
    });
    // The attendees only (not the no-show, not the waiting list), in registration order, each with their own link.
    expect(thanks.data.attendees.map((a) => [a.registration.registrationId, a.registration.status])).toEqual(
      regs.slice(0, 4).map((r) => [r.id, 'attended']),
    );
    // The links are masked (no manage token travels); the sender asks for the usable one over RPC.
    expect(thanks.data.attendees.map((a) => a.maskedQuestionnaireUrl)).toEqual(
      regs.slice(0, 4).map((r) => `http://127.0.0.1:3003/v1/public/registrations/${r.id}/questionnaire?token=•••`),
    );
    expect(JSON.stringify(thanks)).not.toMatch(new RegExp(regs.map((r) => r.manageToken).join('|')));
    expect(thanks.data.attendees[2]!.registration.registrant).toMatchObject({ personId: null, organizationName: '株式会社 北の昆布' });
    const rpc = new RpcClient({ url: TEST_NATS_URL, service: 'notifications', naming: new NatsNaming(h.prefix), timeoutMs: 3000 });
    await rpc.connect();
    const { url } = await rpc
      .request(GetRegistrantLinkV1, { registrationId: regs[1]!.id, purpose: 'questionnaire' })
      .finally(() => rpc.close());
    expect(isLinkFor(thanks.data.attendees[1]!.maskedQuestionnaireUrl, url)).toBe(true);

    // The link opens the attendee's own questionnaire; another attendee's token does not.
    const link = new URL(url);
    const own = await request(h.svc.http).get(`${link.pathname}${link.search}`);
    expect(own.status).toBe(200);
    expect(own.body).toEqual({
      registrationId: regs[1]!.id,
      event: {
        id: eventId,
        titleJa: '食クラスター交流会',
        titleEn: 'Food cluster exchange meeting',
        startsAt: '2026-12-01T18:00:00.000+09:00',
      },
      canAnswer: true,
      answer: null,
    });
    const foreign = await request(h.svc.http).get(`${link.pathname}?token=${regs[0]!.manageToken}`);
    expect(foreign.status).toBe(404);
    const noShow = await request(h.svc.http).get(`/v1/public/registrations/${regs[4]!.id}/questionnaire?token=${regs[4]!.manageToken}`);
    expect(noShow.body).toMatchObject({ canAnswer: false, answer: null });

    // Completing again is refused and sends nothing more.
    const again = await api.post(`/v1/events/${eventId}/complete`).set('if-match', etag);
    expect([again.status, again.body.code]).toEqual([409, 'EVENTS.INVALID_TRANSITION']);
    await h.svc.app.get(OutboxRelay).drain();
    expect(await countEvents(h.nc, h.prefix, EventCompletedV2.subject)).toBe(1);
  });

  it('takes questionnaire answers from attendees (their own link or staff), and summarises them', async () => {
    const api = await h.as();
    const own = await request(h.svc.http)
      .put(`/v1/public/registrations/${regs[0]!.id}/questionnaire?token=${regs[0]!.manageToken}`)
      .send({ satisfaction: 4, comments: '異分野の方と話せて有益でした。', wouldJoinAgain: true });
    expect(own.status).toBe(200);
    const corrected = await request(h.svc.http)
      .put(`/v1/public/registrations/${regs[0]!.id}/questionnaire?token=${regs[0]!.manageToken}`)
      .send({ satisfaction: 5, wouldJoinAgain: true });
    expect(corrected.body).toMatchObject({ satisfaction: 5, comments: null });
    expect(
      (await api.put(`/v1/registrations/${regs[1]!.id}/questionnaire`).send({ satisfaction: 3, comments: '会場が狭かった' })).status,
    ).toBe(200);
    expect((await api.put(`/v1/registrations/${regs[2]!.id}/questionnaire`).send({ satisfaction: 4 })).status).toBe(200);
    const noShow = await api.put(`/v1/registrations/${regs[4]!.id}/questionnaire`).send({ satisfaction: 1 });
    expect([noShow.status, noShow.body.code]).toEqual([409, 'EVENTS.NOT_ATTENDED']);
    for (const bad of [{ satisfaction: 6 }, { satisfaction: 0 }, { satisfaction: 2.5 }, {}, { satisfaction: 3, extra: true }]) {
      expect((await api.put(`/v1/registrations/${regs[1]!.id}/questionnaire`).send(bad)).status).toBe(400);
    }
    const wrongToken = await request(h.svc.http)
      .put(`/v1/public/registrations/${regs[1]!.id}/questionnaire?token=${regs[0]!.manageToken}`)
      .send({ satisfaction: 1 });
    expect(wrongToken.status).toBe(404);
    const summary = await api.get(`/v1/events/${eventId}/questionnaire`);
    expect(summary.body.summary).toEqual({
      responses: 3,
      averageSatisfaction: 4,
      wouldJoinAgain: 1,
      distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1 },
    });
    expect(summary.body.total).toBe(3);
  });

  it('records who met whom, once per pair, between attendees only', async () => {
    const api = await h.as();
    const met = await api
      .post(`/v1/events/${eventId}/connections`)
      .send({ registrationIds: [regs[0]!.id, regs[2]!.id], note: '共同研究の可能性' });
    expect(met.status).toBe(201);
    expect(met.body).toMatchObject({ kind: 'business_cards', note: '共同研究の可能性' });
    const reversed = await api.post(`/v1/events/${eventId}/connections`).send({ registrationIds: [regs[2]!.id, regs[0]!.id] });
    expect([reversed.status, reversed.body.code, reversed.body.existingId]).toEqual([409, 'EVENTS.CONNECTION_EXISTS', met.body.id]);
    expect(
      (await api.post(`/v1/events/${eventId}/connections`).send({ registrationIds: [regs[1]!.id, regs[3]!.id], kind: 'conversation' }))
        .status,
    ).toBe(201);
    const waitlisted = await api.post(`/v1/events/${eventId}/connections`).send({ registrationIds: [regs[0]!.id, regs[5]!.id] });
    expect([waitlisted.status, waitlisted.body.code]).toEqual([409, 'EVENTS.NOT_AN_ATTENDEE']);
    expect((await api.post(`/v1/events/${eventId}/connections`).send({ registrationIds: [regs[0]!.id, regs[0]!.id] })).status).toBe(400);
    expect((await api.post(`/v1/events/${eventId}/connections`).send({ registrationIds: [regs[0]!.id] })).status).toBe(400);
    const list = await api.get(`/v1/events/${eventId}/connections`);
    expect(list.body.total).toBe(2);
    expect(list.body.items[0].names).toEqual(expect.arrayContaining(['学 一']));
  });

  it('keeps follow-ups with If-Match', async () => {
    const api = await h.as();
    const created = await api
      .post(`/v1/events/${eventId}/follow-ups`)
      .send({ kind: 'site_visit', note: '昆布工場の見学', registrationIds: [regs[0]!.id, regs[2]!.id], dueOn: '2027-01-20' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', dueOn: '2027-01-20', ownerId: h.staffId, version: 1 });
    expect(
      (await api.post(`/v1/events/${eventId}/follow-ups`).send({ kind: 'meeting', note: 'x', registrationIds: [uuidv7()] })).status,
    ).toBe(409);
    expect(
      (
        await api
          .post(`/v1/events/${eventId}/follow-ups`)
          .send({ kind: 'party', note: 'x', registrationIds: [regs[0]!.id], dueOn: '2027-02-30' })
      ).status,
    ).toBe(400);
    expect((await api.patch(`/v1/follow-ups/${created.body.id}`).send({ status: 'done' })).status).toBe(428);
    const done = await api.patch(`/v1/follow-ups/${created.body.id}`).set('if-match', '"1"').send({ status: 'done' });
    expect(done.body).toMatchObject({ status: 'done', doneOn: '2026-12-01', version: 2 });
    expect((await api.patch(`/v1/follow-ups/${created.body.id}`).set('if-match', '"1"').send({ note: 'late' })).status).toBe(412);
    expect((await api.get(`/v1/events/${eventId}/follow-ups?status=done`)).body.total).toBe(1);
    expect((await api.get(`/v1/events/${eventId}/follow-ups?status=open`)).body.total).toBe(0);
  });

  it('records proposals that name the event as their origin (ProposalSubmitted), and ignores the others', async () => {
    const proposal = (originEventId: string | null) =>
      proposalSubmitted({
        referenceNumber: 'P2026-0042',
        title: '昆布の根を使った食品素材',
        proposingOrganizationId: uuidv7(),
        contactPersonId: uuidv7(),
        focusFields: ['food'],
        broughtInOn: '2027-01-15',
        originEventId,
      });
    const linked = proposal(eventId);
    const sent = [
      await publishEvent(h.nc, h.prefix, ProposalSubmittedV1, linked, linked.proposal.proposalId),
      await publishEvent(h.nc, h.prefix, ProposalSubmittedV1, proposal(null), uuidv7()),
      await publishEvent(h.nc, h.prefix, ProposalSubmittedV1, proposal(uuidv7()), uuidv7()),
    ];
    const notices = await h.svc.waitForProcessed((n) => sent.some((s) => s.id === n.messageId), 3);
    expect(notices.map((n) => n.outcome)).toEqual(['applied', 'applied', 'applied']);
    // The same message delivered again is recognised by the inbox and changes nothing.
    await republish(h.nc, h.prefix, ProposalSubmittedV1.subject, sent[0]!);
    const again = await h.svc.waitForProcessed((n) => n.messageId === sent[0]!.id, 2);
    expect(again.map((n) => n.outcome)).toEqual(['applied', 'duplicate']);
    const api = await h.as();
    const proposals = await api.get(`/v1/events/${eventId}/proposals`);
    expect(proposals.body).toEqual({
      total: 1,
      limit: 20,
      offset: 0,
      items: [
        {
          proposalId: linked.proposal.proposalId,
          referenceNumber: 'P2026-0042',
          title: { ja: '昆布の根を使った食品素材', en: null },
          proposingOrganizationId: linked.proposal.proposingOrganizationId,
          contactPersonId: linked.proposal.contactPersonId,
          focusFields: ['food'],
          broughtInOn: '2027-01-15',
        },
      ],
    });
  });

  it('shares the attendee list only with the names of people who consented', async () => {
    const list = await (await h.as()).get(`/v1/events/${eventId}/attendee-list`);
    expect(list.body.listed.map((p: { name: string }) => p.name)).toEqual(['学 一', '官 二']);
    expect(list.body.withheld).toBe(2);
  });

  it('reports the event: registrations, attendance rate, field mix, connections, follow-ups, proposals, satisfaction', async () => {
    const report = await (await h.as('viewer')).get(`/v1/events/${eventId}/report`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      event: { id: eventId, status: 'completed', fiscalYear: 2026 },
      registrations: { total: 6, active: 6, cancelled: 0, byStatus: { attended: 4, no_show: 1, waitlisted: 1 } },
      attendance: { attended: 4, noShow: 1, stillConfirmed: 0, rate: 0.8 },
      fieldMix: { participants: 4, sectors: { academia: 1, government: 1, industry: 2 }, organizations: 4 },
      connections: { count: 2, crossSector: 2, peopleConnected: 4 },
      followUps: { total: 1, byStatus: { done: 1 }, byKind: { site_visit: 1 } },
      proposals: 1,
      questionnaire: { responses: 3, averageSatisfaction: 4 },
    });
    expect(report.body.proposalList).toHaveLength(1);
  });

  it('reports a fiscal year (April to March, Tokyo time)', async () => {
    const march = await publishedEvent(h, { kind: 'forum', startsAt: '2027-03-31T18:00', endsAt: '2027-03-31T20:00' });
    const april = await publishedEvent(h, { kind: 'seminar', startsAt: '2027-04-01T10:00', endsAt: '2027-04-01T12:00' });
    const api = await h.as();
    const fy2026 = await api.get('/v1/reports/fiscal-years/2026');
    expect(fy2026.status).toBe(200);
    expect(fy2026.body).toMatchObject({
      fiscalYear: 2026,
      from: '2026-04-01T00:00:00.000+09:00',
      to: '2027-04-01T00:00:00.000+09:00',
      events: { held: 2, byKind: { exchange_meeting: 1, forum: 1 } },
      attendance: { attended: 4, noShow: 1, rate: 0.8 },
      proposals: 1,
    });
    expect(fy2026.body.perEvent.map((e: { eventId: string }) => e.eventId)).toEqual([eventId, march.id]);
    expect(fy2026.body.perEvent[0]).toMatchObject({ registrations: 6, attended: 4, attendanceRate: 0.8, connections: 2, proposals: 1 });
    const fy2027 = await api.get('/v1/reports/fiscal-years/2027');
    expect(fy2027.body.perEvent.map((e: { eventId: string }) => e.eventId)).toEqual([april.id]);
    for (const bad of ['1850', 'abc', '2026.5']) expect((await api.get(`/v1/reports/fiscal-years/${bad}`)).status).toBe(400);
  });
});
