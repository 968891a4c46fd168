import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  EventCompletedV2,
  GetRegistrantLinkV1,
  isLinkFor,
  MASKED_URL_PATTERN,
  RegistrationSeatOfferedV2,
  type EventEnvelope,
} from '@collabo/contracts';
import { NatsNaming, OutboxRelay, RpcClient, type AppError } from '@collabo/service-kit';
import { readEvents, TEST_NATS_URL } from '@collabo/service-kit/testing';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { MaskRegistrantLinksInOutbox1764500000000 } from '../src/database/migrations/1764500000000-mask-registrant-links-in-outbox.js';
import { guest, publishedEvent, startHarness, type Harness } from './support/harness.js';

interface Reg {
  id: string;
  status: string;
  checkInToken: string;
  manageToken: string;
}

/**
 * The registrant's own links (seat offer, questionnaire) carry their manage token. They never travel in an
 * event or sit in an outbox row: messages carry them masked, and the notifications service asks for the
 * usable one over RPC when it sends the email.
 */
describe('registrant links', () => {
  let h: Harness;
  let rpc: RpcClient;
  let db: DataSource;

  /** Every outbox row (subject and whole envelope as text) in which `secret` appears. */
  const outboxRowsHolding = async (secret: string): Promise<string[]> =>
    (await db.query(`SELECT subject FROM outbox WHERE strpos(envelope::text, $1) > 0 ORDER BY seq`, [secret])).map(
      (r: { subject: string }) => r.subject,
    );

  const link = (payload: GetRegistrantLinkV1.Request) => rpc.request(GetRegistrantLinkV1, payload);
  const refusal = async (payload: GetRegistrantLinkV1.Request) => {
    const error = (await link(payload).then(
      () => null,
      (e: unknown) => e,
    )) as AppError | null;
    return error && [error.status, error.code];
  };

  /** An event of one seat, the seat freed: `offered` holds an open offer, `waiting` is next in line. */
  async function openOffer(): Promise<{ eventId: string; holder: Reg; offered: Reg; waiting: Reg; offerId: string }> {
    const { id } = await publishedEvent(h, { capacity: 1 });
    const api = await h.as();
    const holder: Reg = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
    const offered: Reg = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
    const waiting: Reg = (await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body;
    expect((await api.post(`/v1/registrations/${holder.id}/cancel`)).status).toBe(200);
    const own = await request(h.svc.http).get(`/v1/public/registrations/${offered.id}?token=${offered.manageToken}`);
    expect(own.body).toMatchObject({ status: 'offered', offer: { status: 'open' } });
    return { eventId: id, holder, offered, waiting, offerId: own.body.offer.id };
  }

  beforeAll(async () => {
    h = await startHarness();
    db = h.svc.app.get(DataSource);
    rpc = new RpcClient({ url: TEST_NATS_URL, service: 'notifications', naming: new NatsNaming(h.prefix), timeoutMs: 3000 });
    await rpc.connect();
  });
  afterAll(async () => {
    await rpc?.close();
    await h?.close();
  });

  it('a seat offer puts no usable accept link in its event or its outbox row (the registrant’s manage token is in neither)', async () => {
    const { offered, offerId } = await openOffer();
    await h.svc.app.get(OutboxRelay).drain();

    const [row] = await db.query(`SELECT envelope FROM outbox WHERE subject = $1 AND aggregate_id = $2`, [
      RegistrationSeatOfferedV2.subject,
      offered.id,
    ]);
    expect(row.envelope.data.acceptUrl).toBeUndefined();
    expect(row.envelope.data.maskedAcceptUrl).toBe(`http://127.0.0.1:3003/v1/public/seat-offers/${offerId}/accept?token=•••`);
    expect(row.envelope.data.maskedAcceptUrl).toMatch(MASKED_URL_PATTERN);
    // Not in this row, not in any row (confirmation, waiting list, …) of this registrant.
    expect(await outboxRowsHolding(offered.manageToken)).toEqual([]);

    const published = await eventFor<RegistrationSeatOfferedV2.Data>(RegistrationSeatOfferedV2.subject, offered.id);
    expect(JSON.stringify(published)).not.toContain(offered.manageToken);
    expect(published.data).toMatchObject({ offerId, maskedAcceptUrl: row.envelope.data.maskedAcceptUrl });
    expect(validateSync(plainToInstance(RegistrationSeatOfferedV2.Data, published.data))).toEqual([]);

    // The sender gets the usable link over RPC: the masked one stands for it, and it opens the offer.
    const { url } = await link({ registrationId: offered.id, purpose: 'seat-offer', offerId });
    expect(url).toBe(`http://127.0.0.1:3003/v1/public/seat-offers/${offerId}/accept?token=${offered.manageToken}`);
    expect(isLinkFor(published.data.maskedAcceptUrl, url)).toBe(true);
    const target = new URL(url);
    const page = await request(h.svc.http).get(`${target.pathname}${target.search}`);
    expect(page.body).toMatchObject({ offer: { id: offerId, status: 'open' }, registration: { id: offered.id } });
  });

  it('GetRegistrantLinkV1 answers a seat-offer link only for the registration the offer was made to', async () => {
    const first = await openOffer();
    const second = await openOffer();
    // Another registration of the same event, another event's registrant, or an unknown offer: refused alike.
    for (const [registrationId, offerId] of [
      [first.waiting.id, first.offerId],
      [first.holder.id, first.offerId],
      [second.offered.id, first.offerId],
      [first.offered.id, second.offerId],
      [first.offered.id, uuidv7()],
    ] as const) {
      expect([registrationId, offerId, await refusal({ registrationId, purpose: 'seat-offer', offerId })]).toEqual([
        registrationId,
        offerId,
        [404, 'EVENTS.SEAT_OFFER_NOT_FOUND'],
      ]);
    }
    expect(await refusal({ registrationId: uuidv7(), purpose: 'seat-offer', offerId: first.offerId })).toEqual([
      404,
      'EVENTS.REGISTRATION_NOT_FOUND',
    ]);
    // A seat-offer link names its offer; the purpose and the ids are checked against the contract.
    expect(await refusal({ registrationId: first.offered.id, purpose: 'seat-offer' })).toEqual([400, 'COMMON.VALIDATION_FAILED']);
    expect(await refusal({ registrationId: first.offered.id, purpose: 'set-password' as 'seat-offer', offerId: first.offerId })).toEqual([
      400,
      'COMMON.VALIDATION_FAILED',
    ]);
    expect(await refusal({ registrationId: 'not-an-id', purpose: 'questionnaire' })).toEqual([400, 'COMMON.VALIDATION_FAILED']);
    // The right pairing, each with its own token.
    expect((await link({ registrationId: second.offered.id, purpose: 'seat-offer', offerId: second.offerId })).url).toContain(
      `/seat-offers/${second.offerId}/accept?token=${second.offered.manageToken}`,
    );
  });

  it('EventCompleted carries masked questionnaire links only; the usable link of each attendee comes over RPC', async () => {
    const { id, etag } = await publishedEvent(h, { capacity: 3 });
    const api = await h.as();
    const regs: Reg[] = [];
    for (let k = 0; k < 3; k++) regs.push((await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body);
    h.clock.set('2026-12-01T09:30:00Z');
    try {
      for (const r of regs.slice(0, 2))
        expect((await api.post(`/v1/events/${id}/check-ins`).send({ token: r.checkInToken })).status).toBe(200);
      expect((await api.post(`/v1/events/${id}/complete`).set('if-match', etag)).status).toBe(200);
    } finally {
      h.clock.set('2026-10-01T00:00:00Z');
    }
    await h.svc.app.get(OutboxRelay).drain();
    for (const r of regs) expect([r.id, await outboxRowsHolding(r.manageToken)]).toEqual([r.id, []]);

    const thanks = await eventFor<EventCompletedV2.Data>(EventCompletedV2.subject, id, (e) => e.aggregateId === id);
    expect(JSON.stringify(thanks)).not.toMatch(new RegExp(regs.map((r) => r.manageToken).join('|')));
    expect(validateSync(plainToInstance(EventCompletedV2.Data, thanks.data))).toEqual([]);
    expect(thanks.data.attendees.map((a) => [a.registration.registrationId, a.maskedQuestionnaireUrl])).toEqual(
      regs.slice(0, 2).map((r) => [r.id, `http://127.0.0.1:3003/v1/public/registrations/${r.id}/questionnaire?token=•••`]),
    );
    for (const [k, attendee] of thanks.data.attendees.entries()) {
      const { url } = await link({ registrationId: attendee.registration.registrationId, purpose: 'questionnaire' });
      expect(url).toBe(`http://127.0.0.1:3003/v1/public/registrations/${regs[k]!.id}/questionnaire?token=${regs[k]!.manageToken}`);
      expect(isLinkFor(attendee.maskedQuestionnaireUrl, url)).toBe(true);
      const target = new URL(url);
      expect((await request(h.svc.http).get(`${target.pathname}${target.search}`)).body).toMatchObject({
        registrationId: regs[k]!.id,
        canAnswer: true,
      });
    }
    // Another attendee's masked link does not stand for this one's usable link.
    const other = await link({ registrationId: regs[0]!.id, purpose: 'questionnaire' });
    expect(isLinkFor(thanks.data.attendees[1]!.maskedQuestionnaireUrl, other.url)).toBe(false);
    expect(await refusal({ registrationId: uuidv7(), purpose: 'questionnaire' })).toEqual([404, 'EVENTS.REGISTRATION_NOT_FOUND']);
  });

  it('the migration masks the links of the retired v1 messages already in the outbox; unsent ones go out as v2', async () => {
    const token = (k: number) => `TOKEN${k}`.padEnd(26, 'Z');
    const [offerReg, offerId, eventId, attendeeA, attendeeB] = [uuidv7(), uuidv7(), uuidv7(), uuidv7(), uuidv7()];
    const eventRef = {
      eventId,
      kind: 'seminar',
      title: { ja: '移行前のセミナー' },
      startsAt: '2026-09-01T18:00:00+09:00',
      endsAt: '2026-09-01T20:00:00+09:00',
      venue: { name: 'ホール', address: null },
      language: 'ja',
      feeYen: 0,
      partyFeeYen: 0,
    };
    const registrationRef = (registrationId: string, status: string) => ({
      registrationId,
      registrant: { personId: null, name: '移行 太郎', organizationName: null, email: 'iko@example.jp', language: 'ja' },
      status,
    });
    const base = 'https://events.example.jp';
    const offerData = {
      event: eventRef,
      registration: registrationRef(offerReg, 'offered'),
      offerId,
      expiresAt: '2026-08-30T12:00:00+09:00',
      acceptUrl: `${base}/v1/public/seat-offers/${offerId}/accept?token=${token(1)}`,
    };
    const completedData = {
      event: eventRef,
      attendees: [
        {
          registration: registrationRef(attendeeA, 'attended'),
          questionnaireUrl: `${base}/v1/public/registrations/${attendeeA}/questionnaire?token=${token(2)}`,
        },
        {
          registration: registrationRef(attendeeB, 'attended'),
          questionnaireUrl: `${base}/v1/public/registrations/${attendeeB}/questionnaire?token=${token(3)}`,
        },
      ],
    };
    // As the old service wrote them: each message once sent (published) and once still waiting for the relay.
    const rows = [
      ['events.evt.registration.seat-offered.v1', 'events.evt.registration.seat-offered', offerReg, offerData, true],
      ['events.evt.registration.seat-offered.v1', 'events.evt.registration.seat-offered', offerReg, offerData, false],
      ['events.evt.event.completed.v1', 'events.evt.event.completed', eventId, completedData, true],
      ['events.evt.event.completed.v1', 'events.evt.event.completed', eventId, completedData, false],
    ] as const;
    const ids: string[] = [];
    for (const [subject, type, aggregateId, data, published] of rows) {
      const envelope = {
        id: uuidv7(),
        type,
        version: 1,
        occurredAt: '2026-08-29T03:00:00.000Z',
        source: 'events',
        aggregateId,
        correlationId: uuidv7(),
        causationId: null,
        data,
      };
      ids.push(envelope.id);
      await db.query(`INSERT INTO outbox (id, subject, aggregate_id, envelope, published_at) VALUES ($1, $2, $3, $4::jsonb, $5)`, [
        envelope.id,
        subject,
        aggregateId,
        JSON.stringify(envelope),
        published ? new Date() : null,
      ]);
    }
    for (const k of [1, 2, 3]) expect((await outboxRowsHolding(token(k))).length).toBeGreaterThan(0);

    const runner = db.createQueryRunner();
    try {
      await new MaskRegistrantLinksInOutbox1764500000000().up(runner);
    } finally {
      await runner.release();
    }

    for (const k of [1, 2, 3]) expect([k, await outboxRowsHolding(token(k))]).toEqual([k, []]);
    const after: { id: string; subject: string; envelope: EventEnvelope<Record<string, unknown>> }[] = await db.query(
      `SELECT id, subject, envelope FROM outbox WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const byId = new Map(after.map((r) => [r.id, r]));
    // Sent ones keep their subject and shape (the record of what went out), with the link masked.
    expect(byId.get(ids[0]!)).toMatchObject({
      subject: 'events.evt.registration.seat-offered.v1',
      envelope: { version: 1, data: { acceptUrl: `${base}/v1/public/seat-offers/${offerId}/accept?token=•••` } },
    });
    expect(byId.get(ids[2]!)!.envelope.data['attendees']).toEqual([
      { ...completedData.attendees[0], questionnaireUrl: `${base}/v1/public/registrations/${attendeeA}/questionnaire?token=•••` },
      { ...completedData.attendees[1], questionnaireUrl: `${base}/v1/public/registrations/${attendeeB}/questionnaire?token=•••` },
    ]);
    // Unsent ones become the v2 message (same id), which the relay sends and the contract takes.
    expect(byId.get(ids[1]!)!.subject).toBe(RegistrationSeatOfferedV2.subject);
    expect(byId.get(ids[3]!)!.subject).toBe(EventCompletedV2.subject);
    await h.svc.app.get(OutboxRelay).drain();
    const offer = await eventFor<RegistrationSeatOfferedV2.Data>(RegistrationSeatOfferedV2.subject, offerReg, (e) => e.id === ids[1]);
    expect(offer).toMatchObject({
      version: 2,
      data: { offerId, maskedAcceptUrl: `${base}/v1/public/seat-offers/${offerId}/accept?token=•••` },
    });
    expect(offer.data).not.toHaveProperty('acceptUrl');
    expect(validateSync(plainToInstance(RegistrationSeatOfferedV2.Data, offer.data))).toEqual([]);
    const completed = await eventFor<EventCompletedV2.Data>(EventCompletedV2.subject, eventId, (e) => e.id === ids[3]);
    expect(completed.version).toBe(2);
    expect(completed.data.attendees.map((a) => a.maskedQuestionnaireUrl)).toEqual([
      `${base}/v1/public/registrations/${attendeeA}/questionnaire?token=•••`,
      `${base}/v1/public/registrations/${attendeeB}/questionnaire?token=•••`,
    ]);
    expect(validateSync(plainToInstance(EventCompletedV2.Data, completed.data))).toEqual([]);

    // Run again (nothing of v1 left to scrub that still holds a token): nothing changes.
    const before = JSON.stringify(await db.query(`SELECT subject, envelope FROM outbox ORDER BY seq`));
    const again = db.createQueryRunner();
    try {
      await new MaskRegistrantLinksInOutbox1764500000000().up(again);
    } finally {
      await again.release();
    }
    expect(JSON.stringify(await db.query(`SELECT subject, envelope FROM outbox ORDER BY seq`))).toBe(before);
  });

  /** The published event on `subject` for one registration (or matching `pick`); the stream keeps the suite's messages in order. */
  async function eventFor<T>(
    subject: Parameters<typeof readEvents>[2],
    registrationId: string,
    pick: (e: EventEnvelope<T>) => boolean = (e) =>
      (e.data as { registration?: { registrationId: string } }).registration?.registrationId === registrationId,
  ): Promise<EventEnvelope<T>> {
    for (let seen = 1; ; seen++) {
      const { envelopes } = await readEvents<T>(h.nc, h.prefix, subject, seen, 10_000);
      const mine = envelopes.find(pick);
      if (mine) return mine;
    }
  }
});
