import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RegistrationConfirmedV1, RegistrationReceivedV1, RegistrationWaitlistedV1 } from '@collabo/contracts';
import { OutboxRelay } from '@collabo/service-kit';
import { countEvents, readEvents } from '@collabo/service-kit/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { guest, publishedEvent, startHarness, type Harness } from './support/harness.js';

describe('registration under load', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  it('gives 500 concurrent registrants for 50 seats exactly 50 seats and 450 places in arrival order, none lost or doubled', async () => {
    const { id } = await publishedEvent(h, { capacity: 50 });
    const api = await h.as();
    const guests = Array.from({ length: 500 }, (_, k) => guest({ name: `参加者 ${k}` }));
    const responses = await Promise.all(guests.map((g) => api.post(`/v1/events/${id}/registrations`).send({ guest: g })));

    expect(responses.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const bodies = responses.map((r) => r.body as { id: string; status: string; queueNumber: number; waitlistPosition: number | null });
    expect(new Set(bodies.map((b) => b.id)).size).toBe(500);
    expect(bodies.filter((b) => b.status === 'confirmed')).toHaveLength(50);
    expect(bodies.filter((b) => b.status === 'waitlisted')).toHaveLength(450);
    // Arrival order is the order in which registrations got the event's lock: the queue number.
    expect(bodies.map((b) => b.queueNumber).sort((a, b) => a - b)).toEqual(Array.from({ length: 500 }, (_, k) => k + 1));
    for (const b of bodies) {
      if (b.status === 'confirmed') expect(b.queueNumber).toBeLessThanOrEqual(50);
      else expect(b.waitlistPosition).toBe(b.queueNumber - 50);
    }

    const db = h.svc.app.get(DataSource);
    const rows: { status: string; n: number; emails: number }[] = await db.query(
      `SELECT status, count(*)::int AS n, count(DISTINCT lower(email))::int AS emails FROM registrations WHERE event_id = $1 GROUP BY status ORDER BY status`,
      [id],
    );
    expect(rows).toEqual([
      { status: 'confirmed', n: 50, emails: 50 },
      { status: 'waitlisted', n: 450, emails: 450 },
    ]);
    const waitlist = await api.get(`/v1/events/${id}/registrations?status=waitlisted&limit=100&offset=100`);
    expect(waitlist.body.total).toBe(450);
    expect(waitlist.body.items.map((r: { waitlistPosition: number }) => r.waitlistPosition)).toEqual(
      Array.from({ length: 100 }, (_, k) => k + 101),
    );

    // Every registrant was told: 500 receipts, 50 confirmations, 450 waitlist notices with positions 1..450.
    await h.svc.app.get(OutboxRelay).drain();
    expect(await countEvents(h.nc, h.prefix, RegistrationReceivedV1.subject)).toBe(500);
    expect(await countEvents(h.nc, h.prefix, RegistrationConfirmedV1.subject)).toBe(50);
    const { envelopes } = await readEvents<RegistrationWaitlistedV1.Data>(h.nc, h.prefix, RegistrationWaitlistedV1.subject, 450, 20_000);
    expect(envelopes.map((e) => e.data.position).sort((a, b) => a - b)).toEqual(Array.from({ length: 450 }, (_, k) => k + 1));

    const publicView = await request(h.svc.http).get(`/v1/public/events/${id}`);
    expect(publicView.body).toMatchObject({ capacity: 50, seatsLeft: 0 });
    // Each registration is one durable commit under the event's lock: a slow disk makes this test slow, not wrong.
  }, 120_000);
});
