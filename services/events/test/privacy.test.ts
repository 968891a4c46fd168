import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EventsPrivacyRequestAnsweredV1, PrivacyRequestOpenedV1, type PrivacyAnswerV1, type PrivacyRequestKind } from '@collabo/contracts';
import { eventually } from '@collabo/testing';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { EventsRetentionJob } from '../src/privacy/retention.job.js';
import { guest, publishedEvent, registryPerson, startHarness, type Harness } from './support/harness.js';
import { publishEvent, republish } from './support/messages.js';

interface Reg {
  id: string;
  status: string;
}

describe('privacy requests and retention (issue #20)', () => {
  let h: Harness;
  let db: DataSource;
  let eventId: string;
  let personId: string;
  let guestEmail: string;
  const regs: Reg[] = [];

  const request = async (kind: PrivacyRequestKind, subject: { personId?: string | null; personIds?: string[]; emails?: string[] }) => {
    const data: PrivacyRequestOpenedV1.Data = {
      requestId: uuidv7(),
      kind,
      subject: { personId: subject.personId ?? null, personIds: subject.personIds ?? [], emails: subject.emails ?? [] },
      openedAt: h.clock.now().toISOString(),
    };
    const envelope = await publishEvent(h.nc, h.prefix, PrivacyRequestOpenedV1, data, data.requestId);
    await h.svc.waitForProcessed((n) => n.messageId === envelope.id);
    return { envelope, requestId: data.requestId };
  };
  const answersOf = async (requestId: string): Promise<PrivacyAnswerV1[]> =>
    (
      await db.query(`SELECT envelope FROM outbox WHERE subject = $1 AND aggregate_id = $2`, [
        EventsPrivacyRequestAnsweredV1.subject,
        requestId,
      ])
    ).map((r: { envelope: { data: PrivacyAnswerV1 } }) => r.envelope.data);

  beforeAll(async () => {
    h = await startHarness();
    db = h.svc.app.get(DataSource);
    ({ id: eventId } = await publishedEvent(h, { capacity: 10 }));
    const api = await h.as();
    const org = h.registry.organization('university', { name: '北海道大学' });
    personId = registryPerson(h, '学', '一', { organization: org, fields: ['bio'], consentToList: true }).id;
    const g = guest({ organizationName: '株式会社 北の昆布', sector: 'industry', focusFields: ['food'], consentToList: true });
    guestEmail = String(g['email']).toUpperCase(); // the request's addresses are lower-cased; the match ignores case
    const bodies = [
      { personId },
      { guest: g },
      { guest: guest({ organizationName: 'ニセコ観光', sector: 'industry', consentToList: true }) },
    ];
    for (const body of bodies) regs.push((await api.post(`/v1/events/${eventId}/registrations`).send(body)).body);
    expect(regs.map((r) => r.status)).toEqual(['confirmed', 'confirmed', 'confirmed']);
    // After the event: the guest's questionnaire answer and business-card exchanges with both others.
    await db.query(
      `INSERT INTO questionnaire_answers (registration_id, event_id, satisfaction, comments, would_join_again, submitted_at, updated_at)
       VALUES ($1, $2, 4, '昆布の佐藤です。また参加します', true, now(), now())`,
      [regs[1]!.id, eventId],
    );
    const pair = (a: string, b: string) => (a < b ? [a, b] : [b, a]);
    for (const other of [regs[0]!.id, regs[2]!.id]) {
      const [a, b] = pair(regs[1]!.id, other);
      await db.query(
        `INSERT INTO connections (id, event_id, registration_a, registration_b, kind, note, recorded_at)
         VALUES ($1, $2, $3, $4, 'business_cards', '佐藤さんの携帯 090-0000-0000', now())`,
        [uuidv7(), eventId, a, b],
      );
    }
  });
  afterAll(async () => h?.close());

  it('cessation takes the person off the attendee list until it is lifted', async () => {
    const api = await h.as();
    const before = await api.get(`/v1/events/${eventId}/attendee-list`);
    expect(before.body.listed).toHaveLength(3);
    const { requestId } = await request('cessation', { emails: [guestEmail.toLowerCase()] });
    const during = await api.get(`/v1/events/${eventId}/attendee-list`);
    expect(during.body.listed.map((p: { organizationName: string }) => p.organizationName)).not.toContain('株式会社 北の昆布');
    expect(during.body.listed).toHaveLength(2);
    expect((await answersOf(requestId))[0]).toMatchObject({
      service: 'events',
      kind: 'cessation',
      actions: [{ what: 'attendee_listing', action: 'ceased', count: 1 }],
    });
    const lifted = await request('cessation_lifted', { emails: [guestEmail.toLowerCase()] });
    expect((await answersOf(lifted.requestId))[0]!.actions).toEqual([{ what: 'attendee_listing', action: 'resumed', count: 1 }]);
    expect((await api.get(`/v1/events/${eventId}/attendee-list`)).body.listed).toHaveLength(3);
  });

  it('discloses registrations, questionnaire answers and connections, never tokens or the other party’s name', async () => {
    const { requestId } = await request('disclosure', { emails: [guestEmail.toLowerCase()] });
    const [answer] = await answersOf(requestId);
    const keys = answer!.sections!.map((s) => s.key);
    expect(keys).toEqual(expect.arrayContaining(['events.registration', 'events.questionnaire-answer', 'events.connection']));
    const registration = answer!.sections!.find((s) => s.key === 'events.registration')!.records[0]!;
    expect(registration).toMatchObject({ registrationId: regs[1]!.id, organizationName: '株式会社 北の昆布', status: 'confirmed' });
    const text = JSON.stringify(answer);
    expect(text).not.toMatch(/check_?in_?token|manage_?token/i);
    expect(text).not.toContain('学 一');
    const mine = await request('disclosure', { personId, personIds: [personId] });
    const [own] = await answersOf(mine.requestId);
    expect(own!.sections!.find((s) => s.key === 'events.registration')!.records).toHaveLength(1);
  });

  it('erases with tombstones, keeps the event report’s numbers, and does nothing twice on redelivery', async () => {
    const api = await h.as();
    const reportBefore = (await api.get(`/v1/events/${eventId}/report`)).body;
    const { requestId, envelope } = await request('erasure', { emails: [guestEmail.toLowerCase()] });
    const [answer] = await answersOf(requestId);
    expect(answer!.actions).toEqual(
      expect.arrayContaining([
        { what: 'registrations', action: 'erased', count: 1 },
        { what: 'questionnaire_comments', action: 'erased', count: 1 },
        { what: 'connections', action: 'redacted', count: 2 },
      ]),
    );
    const [row] = await db.query(`SELECT name, email, name_kana, erased_at FROM registrations WHERE id = $1`, [regs[1]!.id]);
    expect(row).toMatchObject({ name: '削除済み / erased', email: `erased+${regs[1]!.id}@invalid`, name_kana: null });
    expect(row.erased_at).not.toBeNull();
    const [q] = await db.query(`SELECT satisfaction, comments FROM questionnaire_answers WHERE registration_id = $1`, [regs[1]!.id]);
    expect(q).toEqual({ satisfaction: 4, comments: null });
    const reportAfter = (await api.get(`/v1/events/${eventId}/report`)).body;
    expect(reportAfter).toEqual(reportBefore);

    // The same message again (a redelivery after a crash before the ack): the inbox drops it.
    await republish(h.nc, h.prefix, PrivacyRequestOpenedV1.subject, envelope);
    const [notice] = await h.svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'duplicate');
    expect(notice!.outcome).toBe('duplicate');
    expect(await answersOf(requestId)).toHaveLength(1);

    // The registry person: by id; their historical attendance keeps its count under a tombstone id.
    await db.query(`INSERT INTO event_attendances (event_id, person_id, recorded_at) VALUES ($1, $2, now())`, [eventId, personId]);
    const person = await request('erasure', { personId, personIds: [personId] });
    const [personAnswer] = await answersOf(person.requestId);
    expect(personAnswer!.actions).toEqual(
      expect.arrayContaining([
        { what: 'registrations', action: 'erased', count: 1 },
        { what: 'historical_attendances', action: 'redacted', count: 1 },
      ]),
    );
    expect((await db.query(`SELECT count(*)::int AS n FROM event_attendances WHERE event_id = $1`, [eventId]))[0].n).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM registrations WHERE person_id = $1`, [personId]))[0].n).toBe(0);
    const { attendance: _a, ...afterBoth } = (await api.get(`/v1/events/${eventId}/report`)).body;
    const { attendance: _b, ...before } = reportBefore;
    expect(afterBoth).toEqual(before);
  });

  it('retention removes what is past its period, in the report of the fiscal year, admin only', async () => {
    const job = h.svc.app.get(EventsRetentionJob);
    // the earlier tests' answers are published first, so that the count below is every outbox row there will be
    await eventually(
      async () => (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`))[0].n === 0,
      'the relay has published every outbox row',
    );
    const [publishedBefore] = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NOT NULL`);
    expect(await job.runDetailed()).toMatchObject({ guests: 0, connections: 0, questionnaire_comments: 0 });
    // Five years and a day after the event: the remaining guest, the connections, outbox and inbox rows are due.
    h.clock.set('2031-12-03T00:00:00Z');
    const done = await job.runDetailed();
    expect(done).toMatchObject({ guests: 1, connections: 2, questionnaire_comments: 0 });
    expect(done['inbox']).toBeGreaterThan(0);
    expect(done['outbox']).toBe(publishedBefore.n);
    expect(await job.runDetailed()).toMatchObject({ guests: 0, connections: 0, inbox: 0, outbox: 0 });
    const [guestRow] = await db.query(`SELECT name FROM registrations WHERE id = $1`, [regs[2]!.id]);
    expect(guestRow.name).toBe('削除済み / erased');

    const admin = await h.as('admin');
    const report = await admin.get('/v1/privacy/retention-report');
    expect(report.status).toBe(200);
    expect(report.body.policy.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(['guests', 'questionnaire_comments', 'connections', 'outbox', 'inbox', 'dead_letters_resolved']),
    );
    const fy2031 = report.body.years.find((y: { fiscalYear: number }) => y.fiscalYear === 2031);
    expect(fy2031.removed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'guests', action: 'redacted', count: 1 }),
        expect.objectContaining({ kind: 'connections', action: 'deleted', count: 2 }),
      ]),
    );
    expect((await (await h.as('coordinator')).get('/v1/privacy/retention-report')).status).toBe(403);
  });
});
