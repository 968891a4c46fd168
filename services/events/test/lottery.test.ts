import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistrationConfirmedV1, RegistrationSeatOfferedV2, RegistrationWaitlistedV1 } from '@collabo/contracts';
import { OutboxRelay } from '@collabo/service-kit';
import { readEvents } from '@collabo/service-kit/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LotteryDrawJob } from '../src/lottery/lottery-draw.job.js';
import { drawLottery } from '../src/lottery/lottery.js';
import { guest, publishedEvent, registryPerson, startHarness, type Harness } from './support/harness.js';

describe('lottery admission', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('takes applications, draws after the window with a recorded seed, and anyone re-running it gets the same result', async () => {
    const { id } = await publishedEvent(h, {
      kind: 'matching_meeting',
      admission: 'lottery',
      capacity: 5,
      registrationClosesAt: '2026-10-10T17:00',
    });
    const api = await h.as();
    const person = registryPerson(h, '抽選', '一郎');
    const applicants = [(await api.post(`/v1/events/${id}/registrations`).send({ personId: person.id })).body];
    for (let k = 0; k < 11; k++) applicants.push((await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body);
    expect(applicants.map((a) => a.status)).toEqual(Array(12).fill('received'));

    const early = await api.post(`/v1/events/${id}/lottery`).send({ seed: 'too early' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'EVENTS.LOTTERY_NOT_DUE', registrationClosesAt: '2026-10-10T17:00:00.000+09:00' });

    h.clock.set('2026-10-10T08:00:00Z'); // 17:00 in Tokyo: the window has just closed
    const late = await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() });
    expect([late.status, late.body.code]).toEqual([409, 'EVENTS.REGISTRATION_CLOSED']);
    expect((await api.post(`/v1/events/${id}/lottery`).send({ seed: '\u0007bell' })).status).toBe(400);
    expect((await (await h.as('viewer')).post(`/v1/events/${id}/lottery`).send({})).status).toBe(403);

    const drawn = await api.post(`/v1/events/${id}/lottery`).send({ seed: '2026-10-10 公開抽選 7-3-9-1' });
    expect(drawn.status).toBe(201);
    expect(drawn.body).toMatchObject({
      eventId: id,
      seed: '2026-10-10 公開抽選 7-3-9-1',
      seats: 5,
      drawnAt: '2026-10-10T17:00:00.000+09:00',
    });
    const order: string[] = drawn.body.order;
    expect([...order].sort()).toEqual(applicants.map((a) => a.id).sort());
    expect(drawn.body.applicants).toEqual(applicants.map((a) => a.id).sort());

    // Re-run by anyone: the published inputs and algorithm give the same order.
    const published = await request(h.svc.http).get(`/v1/public/events/${id}/lottery`);
    expect(published.status).toBe(200);
    expect(drawLottery(published.body.seed, published.body.applicants)).toEqual(order);
    expect(JSON.stringify(published.body)).not.toContain('@example.jp');
    const verified = await api.post(`/v1/events/${id}/lottery/verify`);
    expect(verified.body).toMatchObject({ matches: true, recordedOrder: order, recomputedOrder: order });

    // The winners hold the seats; the others wait in draw order.
    const confirmed = await api.get(`/v1/events/${id}/registrations?status=confirmed`);
    expect(confirmed.body.items.map((r: { id: string }) => r.id).sort()).toEqual(order.slice(0, 5).sort());
    const waiting = await api.get(`/v1/events/${id}/registrations?status=waitlisted`);
    expect(waiting.body.items.map((r: { id: string; waitlistPosition: number }) => [r.id, r.waitlistPosition])).toEqual(
      order.slice(5).map((rid, k) => [rid, k + 1]),
    );
    await h.svc.app.get(OutboxRelay).drain();
    const { envelopes: confirmations } = await readEvents<RegistrationConfirmedV1.Data>(h.nc, h.prefix, RegistrationConfirmedV1.subject, 5);
    expect(confirmations.map((e) => e.data.registration.registrationId)).toEqual(order.slice(0, 5));
    const { envelopes: waitlisted } = await readEvents<RegistrationWaitlistedV1.Data>(h.nc, h.prefix, RegistrationWaitlistedV1.subject, 7);
    expect(waitlisted.map((e) => [e.data.registration.registrationId, e.data.position])).toEqual(
      order.slice(5).map((rid, k) => [rid, k + 1]),
    );

    const again = await api.post(`/v1/events/${id}/lottery`).send({});
    expect([again.status, again.body.code]).toEqual([409, 'EVENTS.LOTTERY_ALREADY_DRAWN']);

    // A winner withdraws: the first in draw order among the others is offered the seat.
    await api.post(`/v1/registrations/${order[0]}/cancel`);
    const { envelopes: offers } = await readEvents<RegistrationSeatOfferedV2.Data>(h.nc, h.prefix, RegistrationSeatOfferedV2.subject, 1);
    expect(offers[0]!.data.registration.registrationId).toBe(order[5]);
  });

  it('makes up a seed when staff give none, and refuses a draw for a first-come event or an unknown one', async () => {
    h.clock.set('2026-10-01T00:00:00Z');
    const lottery = await publishedEvent(h, { admission: 'lottery', capacity: 2, registrationClosesAt: '2026-10-05T12:00' });
    const api = await h.as();
    for (let k = 0; k < 3; k++) await api.post(`/v1/events/${lottery.id}/registrations`).send({ guest: guest() });
    const firstCome = await publishedEvent(h);
    h.clock.set('2026-10-06T00:00:00Z');
    const drawn = await api.post(`/v1/events/${lottery.id}/lottery`).send({});
    expect(drawn.status).toBe(201);
    expect(drawn.body.seed).toMatch(/^[0-9a-f]{32}$/);
    expect(drawLottery(drawn.body.seed, drawn.body.applicants)).toEqual(drawn.body.order);
    const wrongKind = await api.post(`/v1/events/${firstCome.id}/lottery`).send({});
    expect([wrongKind.status, wrongKind.body.code]).toEqual([409, 'EVENTS.NOT_A_LOTTERY']);
    expect((await api.get(`/v1/events/${firstCome.id}/lottery`)).body.code).toBe('EVENTS.LOTTERY_NOT_FOUND');
  });

  it('draws automatically once the time staff have to draw is over, exactly once with two replicas', async () => {
    h.clock.set('2026-10-01T00:00:00Z');
    const auto = await publishedEvent(h, { admission: 'lottery', capacity: 2, registrationClosesAt: '2026-10-20T12:00' });
    const byStaff = await publishedEvent(h, { admission: 'lottery', capacity: 2, registrationClosesAt: '2026-10-20T12:00' });
    const api = await h.as();
    const applicants: string[] = [];
    for (let k = 0; k < 4; k++) applicants.push((await api.post(`/v1/events/${auto.id}/registrations`).send({ guest: guest() })).body.id);
    await api.post(`/v1/events/${byStaff.id}/registrations`).send({ guest: guest() });
    const replica = await h.startReplica();
    const jobs = [h.svc.app.get(LotteryDrawJob), replica.app.get(LotteryDrawJob)];
    const runAll = async (times: number) =>
      (await Promise.all(Array.from({ length: times }, (_, k) => jobs[k % 2]!.runOnce()))).reduce((a, b) => a + b, 0);

    // The deadline (12:00 Tokyo) has passed, but staff still have a day (LOTTERY_AUTO_DRAW_AFTER_MINUTES) to draw.
    h.clock.set('2026-10-21T02:59:00Z');
    expect(await runAll(2)).toBe(0);
    expect((await api.post(`/v1/events/${byStaff.id}/lottery`).send({ seed: '公開抽選' })).status).toBe(201);
    h.clock.set('2026-10-21T03:00:00Z');
    expect(await runAll(6)).toBe(1);
    expect(await runAll(4)).toBe(0);

    const drawn = await api.get(`/v1/events/${auto.id}/lottery`);
    expect(drawn.body).toMatchObject({ automatic: true, seats: 2, drawnAt: '2026-10-21T12:00:00.000+09:00' });
    expect(drawn.body.seed).toMatch(/^[0-9a-f]{32}$/);
    expect([...drawn.body.order].sort()).toEqual([...applicants].sort());
    expect(drawLottery(drawn.body.seed, drawn.body.applicants)).toEqual(drawn.body.order);
    expect((await api.get(`/v1/events/${byStaff.id}/lottery`)).body).toMatchObject({ automatic: false, seed: '公開抽選' });
    const again = await api.post(`/v1/events/${auto.id}/lottery`).send({});
    expect([again.status, again.body.code]).toEqual([409, 'EVENTS.LOTTERY_ALREADY_DRAWN']);

    // The winners are confirmed once each, the others wait in draw order.
    await Promise.all([h.svc.app.get(OutboxRelay).drain(), replica.app.get(OutboxRelay).drain()]);
    const [{ n }] = await h.svc.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND aggregate_id = ANY($2::text[])`, [
        RegistrationConfirmedV1.subject,
        applicants,
      ]);
    expect(n).toBe(2);
    const waiting = await api.get(`/v1/events/${auto.id}/registrations?status=waitlisted`);
    expect(waiting.body.items.map((r: { id: string }) => r.id)).toEqual(drawn.body.order.slice(2));
  });
});
