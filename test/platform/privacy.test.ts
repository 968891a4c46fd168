/**
 * A privacy request over the whole platform (issue #20), one replica of each service as real processes: an erasure
 * opened through the registry while the events service is down completes once it is back; each service answered
 * once, and nothing was done twice.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SmtpSink } from '@collabo/testing';
import { Api } from '../harness/api.js';
import { Platform, eventually } from '../harness/platform.js';

interface RequestView {
  id: string;
  status: 'open' | 'completed';
  pending: string[];
}

describe('a privacy request across the platform', () => {
  let sink: SmtpSink;
  let platform: Platform;
  let api: Api;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    platform = await Platform.start({ replicas: 1, smtpUrl: sink.url });
    api = new Api(platform, await platform.token());
  });

  afterAll(async () => {
    await platform?.stop();
    await sink?.stop();
  });

  it('completes an erasure opened while the events service was stopped, once it is back, doing nothing twice', async () => {
    const organization = await api.organization('消去検証食品株式会社', 'ショウキョケンショウショクヒン');
    const person = await api.person(7001, 'ja', 'privacy.example');
    const coordinator = await api.person(7002, 'ja', 'privacy.example');
    await api.proposal(organization, person.id, coordinator.id, '消去検証の提案');
    const eventId = await api.publishedEvent(organization, 20, '消去検証の交流会', 10);
    const registered = await api.call<{ id: string }>('events', 'POST', `/v1/events/${eventId}/registrations`, { personId: person.id });
    expect(registered.status).toBe(201);

    const [events] = platform.of('events');
    await events!.stop();
    const opened = await api.ok<RequestView>('registry', 'POST', '/v1/privacy-requests', { kind: 'erasure', personId: person.id });
    const requestId = opened.body.id;
    const view = async () => (await api.ok<RequestView>('registry', 'GET', `/v1/privacy-requests/${requestId}`)).body;
    // Proposals and notifications answer; events cannot.
    await eventually(async () => JSON.stringify((await view()).pending) === JSON.stringify(['events']), 'all but events answered', 60_000);
    expect((await view()).status).toBe('open');

    await events!.start();
    await eventually(async () => (await view()).status === 'completed', 'the request completed', 90_000);
    expect((await view()).pending).toEqual([]);

    // Each service answered once, and did its work once.
    for (const [database, subject] of [
      ['collabo_proposals', 'proposals.evt.privacy-request.answered.v1'],
      ['collabo_events', 'events.evt.privacy-request.answered.v1'],
      ['collabo_notifications', 'notifications.evt.privacy-request.answered.v1'],
    ] as const) {
      const [{ n }] = await platform.postgres.query<{ n: number }>(
        database,
        'SELECT count(*)::int AS n FROM outbox WHERE subject = $1 AND aggregate_id = $2',
        [subject, requestId],
      );
      expect([database, n]).toEqual([database, 1]);
    }
    const [{ n: inbox }] = await platform.postgres.query<{ n: number }>(
      'collabo_events',
      `SELECT count(*)::int AS n FROM inbox WHERE consumer = 'events-answer-privacy-request'`,
    );
    expect(inbox).toBe(1);
    const [registration] = await platform.postgres.query<{ name: string; person_id: string | null }>(
      'collabo_events',
      'SELECT name, person_id FROM registrations WHERE id = $1',
      [registered.body.id],
    );
    expect(registration).toEqual({ name: '削除済み / erased', person_id: null });
    const [{ n: contacts }] = await platform.postgres.query<{ n: number }>(
      'collabo_proposals',
      'SELECT count(*)::int AS n FROM proposals WHERE contact_person_id = $1',
      [person.id],
    );
    expect(contacts).toBe(1); // the applicant of an open proposal is kept (listed in `retained`)
  });
});
