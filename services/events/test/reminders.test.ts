import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ReminderDueV1 } from '@collabo/contracts';
import { OutboxRelay } from '@collabo/service-kit';
import { countEvents, readEvents, type TestService } from '@collabo/service-kit/testing';
import { DataSource } from 'typeorm';
import type { EventsEnv } from '../src/config/events-env.js';
import { ReminderJob } from '../src/registrations/reminder.job.js';
import { guest, publishedEvent, startHarness, type Harness } from './support/harness.js';

describe('reminders the day before', () => {
  let h: Harness;
  let replica: TestService<EventsEnv>;
  beforeAll(async () => {
    // Two replicas on one database and subject prefix, each running the reminder job every 50 ms.
    h = await startHarness({ REMINDER_SWEEP_MS: '50' });
    replica = await h.startReplica();
  });
  afterAll(async () => h?.close());

  async function reminderRows(eventId: string): Promise<number> {
    const [{ n }] = await h.svc.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND aggregate_id = $2`, [ReminderDueV1.subject, eventId]);
    return n;
  }

  it('emits the reminder exactly once with two replicas, to the confirmed registrants, and again after the event moves', async () => {
    const { id, etag } = await publishedEvent(h, { capacity: 2, startsAt: '2026-12-01T18:00', endsAt: '2026-12-01T20:00' });
    const later = await publishedEvent(h, { startsAt: '2026-12-10T18:00', endsAt: '2026-12-10T20:00' });
    const called = await publishedEvent(h, { startsAt: '2026-12-01T10:00', endsAt: '2026-12-01T12:00' });
    const api = await h.as();
    const seated = [];
    for (let k = 0; k < 3; k++) seated.push((await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).body);
    await api.post(`/v1/events/${called.id}/cancel`).set('if-match', called.etag).send({ reason: '講師の都合により中止' });

    // 30 November, 08:59 in Tokyo: not due yet.
    h.clock.set('2026-11-29T23:59:00Z');
    const jobs = [h.svc.app.get(ReminderJob), replica.app.get(ReminderJob)];
    expect((await Promise.all(jobs.map((j) => j.runOnce()))).reduce((a, b) => a + b, 0)).toBe(0);

    // 09:00: due. Both replicas' timers race, and so do these explicit runs.
    h.clock.set('2026-11-30T00:00:00Z');
    const explicit = await Promise.all([...jobs, ...jobs, ...jobs].map((j) => j.runOnce()));
    expect(explicit.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1);
    const { envelopes } = await readEvents<ReminderDueV1.Data>(h.nc, h.prefix, ReminderDueV1.subject, 1);
    expect(envelopes[0]!.aggregateId).toBe(id);
    expect(envelopes[0]!.data.event).toMatchObject({ eventId: id, startsAt: '2026-12-01T18:00:00.000+09:00' });
    expect(envelopes[0]!.data.registrations.map((r) => r.registrationId)).toEqual([seated[0].id, seated[1].id]);

    // More passes by both replicas change nothing.
    await Promise.all([...jobs, ...jobs].map((j) => j.runOnce()));
    await Promise.all([h.svc.app.get(OutboxRelay).drain(), replica.app.get(OutboxRelay).drain()]);
    expect(await reminderRows(id)).toBe(1);
    expect(await countEvents(h.nc, h.prefix, ReminderDueV1.subject)).toBe(1);
    expect(await reminderRows(later.id)).toBe(0);
    expect(await reminderRows(called.id)).toBe(0);
    const event = await api.get(`/v1/events/${id}`);
    expect(event.body.reminderSentAt).toBe('2026-11-30T09:00:00.000+09:00');

    // Postponed by a week: a new reminder becomes due the day before the new date, once.
    const moved = await api
      .patch(`/v1/events/${id}`)
      .set('if-match', event.headers['etag'] ?? etag)
      .send({ startsAt: '2026-12-08T18:00', endsAt: '2026-12-08T20:00' });
    expect(moved.body.reminderSentAt).toBeNull();
    h.clock.set('2026-12-07T00:00:00Z');
    await Promise.all([...jobs, ...jobs].map((j) => j.runOnce()));
    const second = await readEvents<ReminderDueV1.Data>(h.nc, h.prefix, ReminderDueV1.subject, 2);
    expect(second.envelopes.map((e) => [e.aggregateId, e.data.event.startsAt])).toEqual([
      [id, '2026-12-01T18:00:00.000+09:00'],
      [id, '2026-12-08T18:00:00.000+09:00'],
    ]);
    await Promise.all([...jobs, ...jobs].map((j) => j.runOnce()));
    expect(await reminderRows(id)).toBe(2);
    // The other event's reminder is due on 9 December, not yet.
    expect(await reminderRows(later.id)).toBe(0);
  });
});
