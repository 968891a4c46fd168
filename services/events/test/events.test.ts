import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  EventCancelledV1,
  EventChangedV1,
  EventPublishedV1,
  EventSummaryV1,
  OrganizationMergedV1,
  ProposalSubmittedV1,
} from '@collabo/contracts';
import { NatsNaming, RpcClient, type AppError } from '@collabo/service-kit';
import { readEvents, TEST_NATS_URL } from '@collabo/service-kit/testing';
import { v7 as uuidv7 } from 'uuid';
import request from 'supertest';
import { eventBody, guest, publishedEvent, registryPerson, startHarness, type Harness } from './support/harness.js';
import { proposalSubmitted, publishEvent, republish } from './support/messages.js';

describe('exchange events', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  describe('drafting', () => {
    it('drafts an event with organisers from the registry, times in Tokyo, and an ETag', async () => {
      const co = h.registry.organization('university', { name: '国立大学法人 北海道大学' });
      const api = await h.as();
      const res = await api.post('/v1/events').send(eventBody(h, { coOrganizerIds: [co.id] }));
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toMatchObject({
        status: 'draft',
        kind: 'exchange_meeting',
        organizer: { id: h.organizer.id, name: h.organizer.name },
        coOrganizers: [{ id: co.id, name: '国立大学法人 北海道大学' }],
        venue: { kind: 'centre', capacity: 60 },
        startsAt: '2026-12-01T18:00:00.000+09:00',
        endsAt: '2026-12-01T20:30:00.000+09:00',
        fiscalYear: 2026,
        capacity: 50,
        feeYen: 0,
        partyFeeYen: 4000,
        seats: { held: 0, free: 50, waitlisted: 0 },
        version: 1,
      });
      const read = await api.get(`/v1/events/${res.body.id}`);
      expect(read.status).toBe(200);
      expect(read.headers['etag']).toBe('"1"');
    });

    it('refuses a capacity above the venue’s, an end before the start and other bad input, field by field', async () => {
      const api = await h.as();
      const over = await api.post('/v1/events').send(eventBody(h, { capacity: 61 }));
      expect(over.status).toBe(400);
      expect(over.body.errors).toEqual([{ field: 'capacity', message: "the capacity cannot be above the venue's capacity (60)" }]);
      const backwards = await api.post('/v1/events').send(eventBody(h, { endsAt: '2026-12-01T17:00' }));
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors.map((e: { field: string }) => e.field)).toEqual(['endsAt']);
      const lotteryWithoutDeadline = await api.post('/v1/events').send(eventBody(h, { admission: 'lottery' }));
      expect(lotteryWithoutDeadline.status).toBe(400);
      expect(lotteryWithoutDeadline.body.errors.map((e: { field: string }) => e.field)).toEqual(['registrationClosesAt']);
      const odd = await api.post('/v1/events').send(
        eventBody(h, {
          kind: 'party',
          title: { ja: '' },
          startsAt: '2026-02-30T10:00',
          feeYen: -1,
          partyFeeYen: 1.5,
          language: 'fr',
          venue: { kind: 'izakaya', name: '居酒屋', capacity: 0 },
          coOrganizerIds: ['not-a-uuid'],
          extra: 1,
        }),
      );
      expect(odd.status).toBe(400);
      const fields = [...new Set(odd.body.errors.map((e: { field: string }) => e.field))].sort();
      expect(fields).toEqual([
        'coOrganizerIds',
        'extra',
        'feeYen',
        'kind',
        'language',
        'partyFeeYen',
        'startsAt',
        'title.ja',
        'venue.capacity',
      ]);
      const nulls = await api.post('/v1/events').send(eventBody(h, { title: null, venue: null, capacity: null, coOrganizerIds: null }));
      expect(nulls.status).toBe(400);
      expect([...new Set(nulls.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
        'capacity',
        'coOrganizerIds',
        'title',
        'venue',
      ]);
      const notJson = await api.post('/v1/events').set('content-type', 'application/json').send('{"kind":');
      expect(notJson.status).toBe(400);
      const list = await api.post('/v1/events').send([1, 2]);
      expect(list.status).toBe(400);
    });

    it('refuses organisers the registry does not know (422 naming the field)', async () => {
      const api = await h.as();
      const res = await api.post('/v1/events').send(eventBody(h, { organizerId: uuidv7(), coOrganizerIds: [h.organizer.id, uuidv7()] }));
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('EVENTS.ORGANIZATION_NOT_FOUND');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['coOrganizerIds.1', 'organizerId']);
    });

    it('lets viewers read but only admins and coordinators write, and nobody without a token', async () => {
      const viewer = await h.as('viewer');
      expect((await viewer.post('/v1/events').send(eventBody(h))).status).toBe(403);
      expect((await viewer.get('/v1/events')).status).toBe(200);
      const admin = await h.as('admin');
      expect((await admin.post('/v1/events').send(eventBody(h))).status).toBe(201);
      expect((await request(h.svc.http).get('/v1/events')).status).toBe(401);
      // A malformed id is a 400 naming the parameter, on staff and public routes alike.
      const malformed = await (await h.as()).get('/v1/events/not-a-uuid');
      expect([malformed.status, malformed.body.code, malformed.body.errors]).toEqual([
        400,
        'COMMON.VALIDATION_FAILED',
        [{ field: 'id', message: 'must be a UUID' }],
      ]);
      const offer = await request(h.svc.http).post(`/v1/public/seat-offers/${uuidv7()}x/accept?token=${'A'.repeat(26)}`);
      expect([offer.status, offer.body.errors]).toEqual([400, [{ field: 'offerId', message: 'must be a UUID' }]]);
      expect((await (await h.as()).get(`/v1/events/${uuidv7()}`)).body.code).toBe('EVENTS.EVENT_NOT_FOUND');
    });
  });

  describe('life cycle and messages', () => {
    it('publishes with If-Match, emitting EventPublished; refuses a missing or stale ETag and a second publish', async () => {
      const api = await h.as();
      const created = await api.post('/v1/events').send(eventBody(h, { registrationClosesAt: '2026-11-25T17:00' }));
      const id = created.body.id as string;
      expect((await api.post(`/v1/events/${id}/publish`)).status).toBe(428);
      const stale = await api.post(`/v1/events/${id}/publish`).set('if-match', '"9"');
      expect([stale.status, stale.body.code]).toEqual([412, 'COMMON.STALE_VERSION']);
      const published = await api.post(`/v1/events/${id}/publish`).set('if-match', '"1"');
      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({ status: 'published', publishedAt: '2026-10-01T09:00:00.000+09:00', version: 2 });
      const again = await api.post(`/v1/events/${id}/publish`).set('if-match', '"2"');
      expect([again.status, again.body.code]).toEqual([409, 'EVENTS.INVALID_TRANSITION']);
      const { envelopes } = await readEvents<EventPublishedV1.Data>(h.nc, h.prefix, EventPublishedV1.subject, 1);
      const mine = envelopes.find((e) => e.aggregateId === id)!;
      expect(mine.data).toMatchObject({
        event: {
          eventId: id,
          startsAt: '2026-12-01T18:00:00.000+09:00',
          venue: { name: 'コラボほっかいどう 交流スペース' },
          partyFeeYen: 4000,
        },
        registrationOpensAt: '2026-10-01T09:00:00.000+09:00',
        registrationClosesAt: '2026-11-25T17:00:00.000+09:00',
      });
    });

    it('tells registrants about a material change (status changed), but not about a quiet one', async () => {
      const { id, etag } = await publishedEvent(h, { title: { ja: '変更テスト交流会' } });
      const api = await h.as();
      const reg = await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() });
      expect(reg.status).toBe(201);
      const quiet = await api
        .patch(`/v1/events/${id}`)
        .set('if-match', etag)
        .send({ description: { ja: '説明を追加しました。' } });
      expect(quiet.status).toBe(200);
      expect(quiet.body.status).toBe('published');
      const moved = await api
        .patch(`/v1/events/${id}`)
        .set('if-match', quiet.headers['etag'])
        .send({
          startsAt: '2026-12-02T18:00',
          endsAt: '2026-12-02T20:30',
          venue: { kind: 'izakaya', name: '居酒屋 北の幸', capacity: 55 },
        });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ status: 'changed', startsAt: '2026-12-02T18:00:00.000+09:00', venue: { kind: 'izakaya' } });
      const { envelopes } = await readEvents<EventChangedV1.Data>(h.nc, h.prefix, EventChangedV1.subject, 1);
      expect(envelopes).toHaveLength(1);
      expect(envelopes[0]!.data).toMatchObject({
        event: { eventId: id, startsAt: '2026-12-02T18:00:00.000+09:00' },
        changedFields: ['startsAt', 'endsAt', 'venue'],
        message: '開始日時・終了日時・会場が変更されました。/ Changed: start time, end time, venue.',
        registrations: [{ registrationId: reg.body.id, status: 'confirmed' }],
      });
      const tooSmall = await api
        .patch(`/v1/events/${id}`)
        .set('if-match', moved.headers['etag'])
        .send({ venue: { kind: 'izakaya', name: '狭い店', capacity: 20 } });
      expect(tooSmall.status).toBe(400);
      expect(tooSmall.body.errors[0].field).toBe('capacity');
      const admission = await api.patch(`/v1/events/${id}`).set('if-match', moved.headers['etag']).send({ admission: 'lottery' });
      expect(admission.status).toBe(400);
    });

    it('refuses to lower the capacity below the seats taken', async () => {
      const { id, etag } = await publishedEvent(h, { capacity: 3 });
      const api = await h.as();
      for (let k = 0; k < 2; k++) expect((await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() })).status).toBe(201);
      const res = await api.patch(`/v1/events/${id}`).set('if-match', etag).send({ capacity: 1 });
      expect([res.status, res.body.code, res.body.seatsHeld]).toEqual([409, 'EVENTS.CAPACITY_BELOW_SEATS_HELD', 2]);
    });

    it('cancels an event with its registrations and tells everyone why', async () => {
      const { id, etag } = await publishedEvent(h, { title: { ja: '中止になる交流会' }, capacity: 1 });
      const api = await h.as();
      const first = await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() });
      const second = await api.post(`/v1/events/${id}/registrations`).send({ guest: guest() });
      expect([first.body.status, second.body.status]).toEqual(['confirmed', 'waitlisted']);
      const cancelled = await api.post(`/v1/events/${id}/cancel`).set('if-match', etag).send({ reason: '大雪のため中止します。' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({
        status: 'cancelled',
        cancelReason: '大雪のため中止します。',
        seats: { held: 0, cancelled: 2 },
      });
      const { envelopes } = await readEvents<EventCancelledV1.Data>(h.nc, h.prefix, EventCancelledV1.subject, 1);
      expect(envelopes[0]!.data.reason).toBe('大雪のため中止します。');
      expect(envelopes[0]!.data.registrations.map((r) => r.registrationId).sort()).toEqual([first.body.id, second.body.id].sort());
      const edit = await api.patch(`/v1/events/${id}`).set('if-match', cancelled.headers['etag']).send({ feeYen: 100 });
      expect([edit.status, edit.body.code]).toEqual([409, 'EVENTS.INVALID_TRANSITION']);
      const missingReason = await api.post(`/v1/events/${id}/cancel`).set('if-match', cancelled.headers['etag']).send({});
      expect(missingReason.status).toBe(400);
    });
  });

  describe('listing', () => {
    it('filters and pages the staff list with a total', async () => {
      const api = await h.as();
      const seminar = await api.post('/v1/events').send(
        eventBody(h, {
          kind: 'seminar',
          title: { ja: '観光DXセミナー', en: 'Tourism DX seminar' },
          startsAt: '2027-02-10T14:00',
          endsAt: '2027-02-10T16:00',
        }),
      );
      expect(seminar.status).toBe(201);
      const byKind = await api.get('/v1/events?kind=seminar');
      expect(byKind.body.total).toBe(1);
      expect(byKind.body.items[0].id).toBe(seminar.body.id);
      const byWords = await api.get(`/v1/events?q=${encodeURIComponent('tourism dx')}`);
      expect(byWords.body.items.map((e: { id: string }) => e.id)).toEqual([seminar.body.id]);
      const fy = await api.get('/v1/events?fiscalYear=2026&limit=2&offset=0');
      expect(fy.body.limit).toBe(2);
      expect(fy.body.items).toHaveLength(2);
      expect(fy.body.total).toBeGreaterThan(2);
      const byOrg = await api.get(`/v1/events?organizationId=${h.organizer.id}&status=draft`);
      expect(byOrg.body.items.every((e: { status: string }) => e.status === 'draft')).toBe(true);
      for (const bad of ['limit=0', 'limit=101', 'fiscalYear=abc', 'status=open', 'from=yesterday', 'offset=-1']) {
        const res = await api.get(`/v1/events?${bad}`);
        expect([bad, res.status]).toEqual([bad, 400]);
      }
    });

    it('shows the public only published events, without any personal data, and a calendar feed', async () => {
      const { id } = await publishedEvent(h, { title: { ja: '公開交流会' } });
      const api = await h.as();
      const person = await api
        .post(`/v1/events/${id}/registrations`)
        .send({ guest: guest({ name: '秘密 太郎', email: 'secret@example.jp' }) });
      expect(person.status).toBe(201);
      const draft = await api.post('/v1/events').send(eventBody(h, { title: { ja: '下書きの会' } }));
      const list = await request(h.svc.http).get('/v1/public/events?limit=100');
      expect(list.status).toBe(200);
      const ids = list.body.items.map((e: { id: string }) => e.id);
      expect(ids).toContain(id);
      expect(ids).not.toContain(draft.body.id);
      const text = JSON.stringify(list.body);
      expect(text).not.toContain('secret@example.jp');
      expect(text).not.toContain('秘密');
      expect(list.body.items.find((e: { id: string }) => e.id === id)).toMatchObject({ seatsLeft: 49, organizerName: h.organizer.name });
      expect((await request(h.svc.http).get(`/v1/public/events/${draft.body.id}`)).status).toBe(404);
      const feed = await request(h.svc.http).get('/v1/public/events.ics');
      expect(feed.status).toBe(200);
      expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
      expect(feed.text).toContain(`UID:${id}@events.collabo`);
      expect(feed.text).not.toContain(draft.body.id);
      expect(feed.text).not.toContain('secret@example.jp');
    });
  });

  describe('organisation merges in the registry', () => {
    it('moves organisers, co-organisers, registrants and event proposals to the surviving organisation, once', async () => {
      const survivor = h.registry.organization('university', { name: '国立大学法人 北海道大学' });
      const merged = h.registry.organization('university', { name: '北海道大学（重複登録）' });
      const city = h.registry.organization('municipal_government', { name: '札幌市' });
      const api = await h.as();
      const draft = async (organizerId: string, coOrganizerIds: string[]) => {
        const res = await api.post('/v1/events').send(eventBody(h, { organizerId, coOrganizerIds }));
        expect(res.status).toBe(201);
        return res.body as { id: string; version: number };
      };
      const byMerged = await draft(merged.id, [city.id]);
      const bySurvivor = await draft(survivor.id, [merged.id, city.id]);
      const coByMerged = await draft(city.id, [merged.id]);
      const untouched = await draft(city.id, []);
      const { id: openEvent } = await publishedEvent(h, { organizerId: merged.id });
      const researcher = registryPerson(h, '合併', '花子', { organization: merged });
      const reg = await api.post(`/v1/events/${openEvent}/registrations`).send({ personId: researcher.id });
      expect(reg.body.registrant).toMatchObject({ organizationId: merged.id, organizationName: merged.name });
      const proposal = await publishEvent(
        h.nc,
        h.prefix,
        ProposalSubmittedV1,
        proposalSubmitted({
          referenceNumber: 'P2026-0100',
          title: '合併前の提案',
          proposingOrganizationId: merged.id,
          contactPersonId: researcher.id,
          broughtInOn: '2026-11-01',
          originEventId: openEvent,
        }),
        uuidv7(),
      );
      await h.svc.waitForProcessed((n) => n.messageId === proposal.id);

      const mergedEvent = await publishEvent(
        h.nc,
        h.prefix,
        OrganizationMergedV1,
        { survivorId: survivor.id, mergedId: merged.id, movedAffiliations: 1, movedMemberships: 0 },
        survivor.id,
      );
      const [notice] = await h.svc.waitForProcessed((n) => n.messageId === mergedEvent.id);
      expect(notice!.outcome).toBe('applied');

      const read = async (id: string) => (await api.get(`/v1/events/${id}`)).body;
      const a = await read(byMerged.id);
      expect([a.organizer, a.coOrganizers, a.version]).toEqual([
        { id: survivor.id, name: survivor.name },
        [{ id: city.id, name: city.name }],
        2,
      ]);
      const b = await read(bySurvivor.id);
      expect([b.organizer, b.coOrganizers]).toEqual([{ id: survivor.id, name: survivor.name }, [{ id: city.id, name: city.name }]]);
      const c = await read(coByMerged.id);
      expect(c.coOrganizers).toEqual([{ id: survivor.id, name: survivor.name }]);
      expect((await read(untouched.id)).version).toBe(1);
      const moved = await api.get(`/v1/registrations/${reg.body.id}`);
      expect(moved.body.registrant).toMatchObject({ organizationId: survivor.id, organizationName: survivor.name });
      expect(moved.body.version).toBe(reg.body.version + 1);
      const proposals = await api.get(`/v1/events/${openEvent}/proposals`);
      expect(proposals.body.items[0].proposingOrganizationId).toBe(survivor.id);
      expect((await api.get(`/v1/events?organizationId=${merged.id}`)).body.total).toBe(0);
      expect(
        (await api.get(`/v1/events?organizationId=${survivor.id}&limit=100`)).body.items.map((e: { id: string }) => e.id).sort(),
      ).toEqual([byMerged.id, bySurvivor.id, coByMerged.id, openEvent].sort());

      // Delivered again (a producer retry outside the duplicate window): the inbox drops it, nothing changes.
      await republish(h.nc, h.prefix, OrganizationMergedV1.subject, mergedEvent);
      const again = await h.svc.waitForProcessed((n) => n.messageId === mergedEvent.id, 2);
      expect(again.map((n) => n.outcome)).toEqual(['applied', 'duplicate']);
      expect((await read(byMerged.id)).version).toBe(2);
      expect((await api.get(`/v1/registrations/${reg.body.id}`)).body.version).toBe(moved.body.version);
    });
  });

  describe('EventSummaryV1 over NATS', () => {
    it('answers an event’s summary and EVENTS.EVENT_NOT_FOUND for an unknown one', async () => {
      const { id } = await publishedEvent(h);
      const client = new RpcClient({ url: TEST_NATS_URL, service: 'proposals', naming: new NatsNaming(h.prefix), timeoutMs: 3000 });
      await client.connect();
      try {
        const summary = await client.request(EventSummaryV1, { eventId: id });
        expect(summary).toMatchObject({
          status: 'published',
          event: { eventId: id, kind: 'exchange_meeting', title: { ja: '食クラスター交流会' } },
        });
        const missing = (await client.request(EventSummaryV1, { eventId: uuidv7() }).catch((e) => e)) as AppError;
        expect([missing.code, missing.status]).toEqual(['EVENTS.EVENT_NOT_FOUND', 404]);
        const bad = (await client.request(EventSummaryV1, { eventId: 'nope' }).catch((e) => e)) as AppError;
        expect(bad.status).toBe(400);
      } finally {
        await client.close();
      }
    });
  });
});
