import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DocumentRequestChangedV1,
  DocumentRequestClosedV1,
  DocumentsRequestedV1,
  InterviewCancelledV1,
  InterviewRescheduledV1,
  InterviewScheduledV1,
  type Subject,
} from '@collabo/contracts';
import { readEvents } from '@collabo/service-kit/testing';
import { v7 as uuidv7 } from 'uuid';
import { api, bringIn, startHarness, type Harness } from './support/harness.js';

/**
 * Hearings and requests for missing documents (issue 16, item 7): staff invite the applicant to a hearing
 * (date and time, a place or an online link, a note), reschedule or cancel it, ask for missing documents by a
 * day, change, fulfil or withdraw the request; each step is its own event, carrying what its email needs.
 * The harness clock stands at 2026-11-28 10:00 in Tokyo.
 */
describe('interviews and document requests', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const staff = () => api(h, h.tokens.coordinator);
  /** The event of a subject about one aggregate record, once the relay has published it. */
  const eventOf = async <T>(subject: Subject, pick: (data: T) => boolean): Promise<T> => {
    const total = Number((await h.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE subject LIKE $1`, [`%${subject}`]))[0].n);
    const { envelopes } = await readEvents<T>(h.nc, h.prefix, subject, total);
    const found = envelopes.map((e) => e.data).filter(pick);
    expect(found).toHaveLength(1);
    return found[0]!;
  };

  describe('interviews', () => {
    it('invites the contact person and the invitees to a hearing, and publishes the invitation', async () => {
      const p = await bringIn(h);
      const invitee = h.registry.person();
      const res = await staff().post(`/v1/proposals/${p.id}/interviews`, {
        startsAt: '2026-12-10T14:00:00+09:00',
        durationMinutes: 90,
        place: '財団 3階 会議室A',
        onlineUrl: 'https://meet.example.jp/abc-defg-hij',
        note: '事業計画について15分ご説明ください。',
        inviteeIds: [invitee.id],
      });
      expect(res.status).toBe(201);
      expect(res.headers['etag']).toBe('"1"');
      expect(res.body).toMatchObject({
        status: 'scheduled',
        startsAt: '2026-12-10T14:00:00.000+09:00',
        endsAt: '2026-12-10T15:30:00.000+09:00',
        place: '財団 3階 会議室A',
        inviteeIds: [invitee.id],
        version: 1,
        createdBy: h.ids.coordinator,
      });
      const data = await eventOf<InterviewScheduledV1.Data>(InterviewScheduledV1.subject, (d) => d.interview.interviewId === res.body.id);
      expect(data).toEqual({
        proposal: expect.objectContaining({
          proposalId: p.id,
          referenceNumber: p['referenceNumber'],
          title: expect.objectContaining({ ja: expect.any(String) }),
        }),
        interview: {
          interviewId: res.body.id,
          sequence: 1,
          startsAt: '2026-12-10T14:00:00.000+09:00',
          endsAt: '2026-12-10T15:30:00.000+09:00',
          place: '財団 3階 会議室A',
          onlineUrl: 'https://meet.example.jp/abc-defg-hij',
          note: '事業計画について15分ご説明ください。',
        },
        recipientIds: [p['contactPersonId'], invitee.id],
        scheduledBy: h.ids.coordinator,
      });
      const listed = await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/interviews`);
      expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([res.body.id]);
      const one = await api(h, h.tokens.viewer).get(`/v1/proposals/${p.id}/interviews/${res.body.id}`);
      expect([one.status, one.headers['etag']]).toEqual([200, '"1"']);
    });

    it('refuses a hearing in the past, without a place or link, with a bad link or duration, or unknown invitees, naming the field', async () => {
      const p = await bringIn(h);
      const cases: [object, number, string][] = [
        [{ startsAt: '2026-11-28T09:00:00+09:00', place: '会議室' }, 400, 'startsAt'],
        [{ startsAt: '2026-12-10T14:00:00', place: '会議室' }, 400, 'startsAt'],
        [{ startsAt: '2026-12-10T14:00:00+09:00' }, 400, 'place'],
        [{ startsAt: '2026-12-10T14:00:00+09:00', onlineUrl: 'javascript:alert(1)' }, 400, 'onlineUrl'],
        [{ startsAt: '2026-12-10T14:00:00+09:00', place: ' ' }, 400, 'place'],
        [{ startsAt: '2026-12-10T14:00:00+09:00', place: '会議室', durationMinutes: 5 }, 400, 'durationMinutes'],
        [{ startsAt: '2026-12-10T14:00:00+09:00', place: '会議室', inviteeIds: ['nope'] }, 400, 'inviteeIds'],
        [{ startsAt: '2026-12-10T14:00:00+09:00', place: '会議室', inviteeIds: [uuidv7()] }, 422, 'inviteeIds.0'],
        [{ startsAt: '2026-12-10T14:00:00+09:00', place: '会議室', colour: 'red' }, 400, 'colour'],
      ];
      for (const [body, status, field] of cases) {
        const res = await staff().post(`/v1/proposals/${p.id}/interviews`, body);
        expect([field, res.status, res.body.errors?.[0]?.field]).toEqual([field, status, expect.stringMatching(new RegExp(`^${field}`))]);
      }
      expect((await staff().get(`/v1/proposals/${p.id}/interviews`)).body.total).toBe(0);
    });

    it('reschedules with If-Match (428, 412), says what changed, who is no longer invited and who is new, then cancels once', async () => {
      const p = await bringIn(h);
      const invitee = h.registry.person();
      const created = await staff().post(`/v1/proposals/${p.id}/interviews`, {
        startsAt: '2026-12-10T14:00:00+09:00',
        place: '会議室A',
        inviteeIds: [invitee.id],
      });
      const path = `/v1/proposals/${p.id}/interviews/${created.body.id}`;
      const newcomer = h.registry.person();
      const moved = { startsAt: '2026-12-11T10:00:00+09:00', onlineUrl: 'https://meet.example.jp/xyz', inviteeIds: [newcomer.id] };
      expect((await staff().put(path, moved)).status).toBe(428);
      expect((await staff().put(path, moved).set('if-match', '"7"')).status).toBe(412);
      const res = await staff().put(path, moved).set('if-match', '"1"');
      expect([res.status, res.headers['etag'], res.body.place, res.body.onlineUrl]).toEqual([
        200,
        '"2"',
        null,
        'https://meet.example.jp/xyz',
      ]);
      expect((await staff().put(path, moved).set('if-match', '"2"')).body.errors).toEqual([
        { field: '', message: 'the request changes nothing' },
      ]);
      const data = await eventOf<InterviewRescheduledV1.Data>(
        InterviewRescheduledV1.subject,
        (d) => d.interview.interviewId === created.body.id,
      );
      expect(data).toMatchObject({
        interview: { sequence: 2, startsAt: '2026-12-11T10:00:00.000+09:00', endsAt: '2026-12-11T11:00:00.000+09:00', place: null },
        previous: { sequence: 1, startsAt: '2026-12-10T14:00:00.000+09:00', place: '会議室A', onlineUrl: null },
        recipientIds: [p['contactPersonId'], newcomer.id],
        removedRecipientIds: [invitee.id],
        addedRecipientIds: [newcomer.id],
        changedBy: h.ids.coordinator,
      });

      const cancel = (etag: string) => staff().post(`${path}/cancel`, { reason: '委員の都合により延期' }).set('if-match', etag);
      expect((await staff().post(`${path}/cancel`, {}).set('if-match', '"2"')).body.errors?.[0]?.field).toBe('reason');
      const cancelled = await cancel('"2"');
      expect([cancelled.status, cancelled.body.status, cancelled.body.version]).toEqual([200, 'cancelled', 3]);
      const again = await cancel('"3"');
      expect([again.status, again.body.code]).toEqual([409, 'PROPOSALS.INTERVIEW_CLOSED']);
      expect((await staff().put(path, moved).set('if-match', '"3"')).status).toBe(409);
      const gone = await eventOf<InterviewCancelledV1.Data>(
        InterviewCancelledV1.subject,
        (d) => d.interview.interviewId === created.body.id,
      );
      expect(gone).toMatchObject({
        interview: { sequence: 3 },
        reason: '委員の都合により延期',
        recipientIds: [p['contactPersonId'], newcomer.id],
      });
    });

    it('answers 404 for an interview of another proposal or none, and keeps advisors and viewers to their rights', async () => {
      const p = await bringIn(h);
      const other = await bringIn(h);
      const created = await staff().post(`/v1/proposals/${p.id}/interviews`, { startsAt: '2026-12-10T14:00:00+09:00', place: 'A' });
      expect((await staff().get(`/v1/proposals/${other.id}/interviews/${created.body.id}`)).status).toBe(404);
      expect((await staff().get(`/v1/proposals/${p.id}/interviews/${uuidv7()}`)).body.code).toBe('PROPOSALS.INTERVIEW_NOT_FOUND');
      expect((await staff().get(`/v1/proposals/${p.id}/interviews/nope`)).body.errors).toEqual([
        { field: 'interviewId', message: 'must be a UUID' },
      ]);
      expect(
        (await api(h, h.tokens.viewer).post(`/v1/proposals/${p.id}/interviews`, { startsAt: '2026-12-10T14:00:00+09:00', place: 'A' }))
          .status,
      ).toBe(403);
      expect((await api(h, await h.token(['advisor'])).get(`/v1/proposals/${p.id}/interviews`)).status).toBe(404);
    });
  });

  describe('document requests', () => {
    it('asks the contact person for missing documents by a day, changes the request, and closes it once', async () => {
      const p = await bringIn(h);
      const base = `/v1/proposals/${p.id}/document-requests`;
      const res = await staff().post(base, { items: ['決算書（直近2期分）', '会社案内'], dueOn: '2026-12-15', note: 'PDF可' });
      expect([res.status, res.headers['etag'], res.body.status]).toEqual([201, '"1"', 'open']);
      const issued = await eventOf<DocumentsRequestedV1.Data>(DocumentsRequestedV1.subject, (d) => d.request.requestId === res.body.id);
      expect(issued).toEqual({
        proposal: expect.objectContaining({ proposalId: p.id }),
        request: { requestId: res.body.id, sequence: 1, items: ['決算書（直近2期分）', '会社案内'], dueOn: '2026-12-15', note: 'PDF可' },
        recipientIds: [p['contactPersonId']],
        requestedBy: h.ids.coordinator,
      });

      const path = `${base}/${res.body.id}`;
      const later = { items: ['決算書（直近2期分）'], dueOn: '2026-12-22' };
      expect((await staff().put(path, later)).status).toBe(428);
      expect((await staff().put(path, later).set('if-match', '"9"')).status).toBe(412);
      const changed = await staff().put(path, later).set('if-match', '"1"');
      expect([changed.status, changed.body.dueOn, changed.body.note, changed.body.version]).toEqual([200, '2026-12-22', null, 2]);
      const change = await eventOf<DocumentRequestChangedV1.Data>(
        DocumentRequestChangedV1.subject,
        (d) => d.request.requestId === res.body.id,
      );
      expect(change).toMatchObject({
        request: { sequence: 2, dueOn: '2026-12-22' },
        previous: { sequence: 1, dueOn: '2026-12-15', note: 'PDF可' },
      });

      const fulfilled = await staff().post(`${path}/fulfil`, { note: '12月3日に郵送で受領' }).set('if-match', '"2"');
      expect([fulfilled.status, fulfilled.body.status, fulfilled.body.closeReason]).toEqual([200, 'fulfilled', '12月3日に郵送で受領']);
      const withdraw = await staff().post(`${path}/withdraw`, { reason: '不要' }).set('if-match', '"3"');
      expect([withdraw.status, withdraw.body.code]).toEqual([409, 'PROPOSALS.DOCUMENT_REQUEST_CLOSED']);
      const closed = await eventOf<DocumentRequestClosedV1.Data>(
        DocumentRequestClosedV1.subject,
        (d) => d.request.requestId === res.body.id,
      );
      expect(closed).toMatchObject({ outcome: 'fulfilled', reason: '12月3日に郵送で受領', recipientIds: [p['contactPersonId']] });
    });

    it('withdraws an open request with the reason the applicant is told', async () => {
      const p = await bringIn(h);
      const res = await staff().post(`/v1/proposals/${p.id}/document-requests`, { items: ['登記簿謄本'], dueOn: '2026-11-28' });
      expect(res.status).toBe(201);
      const path = `/v1/proposals/${p.id}/document-requests/${res.body.id}`;
      expect((await staff().post(`${path}/withdraw`, {}).set('if-match', '"1"')).body.errors?.[0]?.field).toBe('reason');
      const withdrawn = await staff().post(`${path}/withdraw`, { reason: '提出済み資料で確認できたため' }).set('if-match', '"1"');
      expect([withdrawn.status, withdrawn.body.status]).toEqual([200, 'withdrawn']);
      const closed = await eventOf<DocumentRequestClosedV1.Data>(
        DocumentRequestClosedV1.subject,
        (d) => d.request.requestId === res.body.id,
      );
      expect(closed).toMatchObject({ outcome: 'withdrawn', reason: '提出済み資料で確認できたため', closedBy: h.ids.coordinator });
    });

    it('refuses a past due day, no items, blank or long items, naming the field', async () => {
      const p = await bringIn(h);
      const cases: [object, string][] = [
        [{ items: ['決算書'], dueOn: '2026-11-27' }, 'dueOn'],
        [{ items: ['決算書'], dueOn: '2026-02-30' }, 'dueOn'],
        [{ items: [], dueOn: '2026-12-15' }, 'items'],
        [{ items: [' '], dueOn: '2026-12-15' }, 'items'],
        [{ items: ['x'.repeat(301)], dueOn: '2026-12-15' }, 'items'],
        [{ items: 'x', dueOn: '2026-12-15' }, 'items'],
      ];
      for (const [body, field] of cases) {
        const res = await staff().post(`/v1/proposals/${p.id}/document-requests`, body);
        expect([field, res.status, res.body.errors?.[0]?.field]).toEqual([field, 400, expect.stringMatching(new RegExp(`^${field}`))]);
      }
      expect((await staff().get(`/v1/proposals/${p.id}/document-requests`)).body.total).toBe(0);
      expect((await staff().post(`/v1/proposals/${uuidv7()}/document-requests`, { items: ['x'], dueOn: '2026-12-15' })).status).toBe(404);
    });
  });
});
