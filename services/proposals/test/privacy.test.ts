import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ProposalsPrivacyRequestAnsweredV1,
  PrivacyRequestOpenedV1,
  parseSubject,
  type PrivacyAnswerV1,
  type PrivacyRequestKind,
} from '@collabo/contracts';
import { NatsNaming, tombstoneIdOf } from '@collabo/service-kit';
import { jetstream } from '@nats-io/jetstream';
import { v7 as uuidv7 } from 'uuid';
import { ProposalsRetentionJob } from '../src/privacy/retention.job.js';
import { GOOD_SCORES, api, bringIn, move, review, startHarness, type Harness } from './support/harness.js';

/**
 * Privacy requests in the proposals service (issue #20): disclosure without the confidential parts, erasure with
 * tombstones that keeps the KPI report, reviews of proposals still in screening retained and erased by the
 * retention job once decided, cessation keeps a person out of team suggestions, nothing done twice.
 */
describe('privacy requests (proposals)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.close());

  const publish = async (kind: PrivacyRequestKind, personId: string, msgID = uuidv7(), requestId = uuidv7()) => {
    const data: PrivacyRequestOpenedV1.Data = {
      requestId,
      kind,
      subject: { personId, personIds: [personId], emails: [] },
      openedAt: h.clock.now().toISOString(),
    };
    const { type, version } = parseSubject(PrivacyRequestOpenedV1.subject);
    const envelope = {
      id: msgID,
      type,
      version,
      occurredAt: h.clock.now().toISOString(),
      source: 'registry',
      aggregateId: requestId,
      correlationId: uuidv7(),
      causationId: null,
      data,
    };
    await jetstream(h.nc).publish(new NatsNaming(h.prefix).subject(PrivacyRequestOpenedV1.subject), JSON.stringify(envelope), { msgID });
    return { envelope, requestId };
  };
  const request = async (kind: PrivacyRequestKind, personId: string) => {
    const sent = await publish(kind, personId);
    await h.svc.waitForProcessed((n) => n.messageId === sent.envelope.id);
    return sent;
  };
  const answersOf = async (requestId: string): Promise<PrivacyAnswerV1[]> =>
    (
      await h.dataSource.query(`SELECT envelope FROM outbox WHERE subject = $1 AND aggregate_id = $2`, [
        ProposalsPrivacyRequestAnsweredV1.subject,
        requestId,
      ])
    ).map((r: { envelope: { data: PrivacyAnswerV1 } }) => r.envelope.data);
  const reviewAs = async (advisorId: string, proposalId: string, comment: string) => {
    expect((await api(h, h.tokens.coordinator).post(`/v1/proposals/${proposalId}/assignments`, { advisorId })).status).toBe(201);
    const token = await h.token(['advisor'], advisorId);
    const res = await api(h, token).post(`/v1/proposals/${proposalId}/reviews`, { scores: GOOD_SCORES, comment, recommendation: 'accept' });
    expect(res.status).toBe(201);
  };
  const kpi = async () => (await api(h, h.tokens.viewer).get('/v1/reports/kpi?fiscalYear=2026&programme=support-track')).body;

  let advisor: string;
  let contact: string;
  let decided: { id: string; version: number };
  let screening: { id: string; version: number };

  it('discloses the person’s proposals, reviews and assignments, without other reviewers’ work', async () => {
    advisor = h.registry.advisor().id;
    contact = h.registry.person().id;
    decided = await bringIn(h, { body: { contactPersonId: contact } });
    await move(h, decided, 'pre_screening');
    await move(h, decided, 'screening');
    await reviewAs(advisor, decided.id, '申請者の田中氏は実績十分');
    await review(h, decided, 1);
    expect((await move(h, decided, 'accepted')).status).toBe(201);
    screening = await bringIn(h);
    await move(h, screening, 'pre_screening');
    await move(h, screening, 'screening');
    await reviewAs(advisor, screening.id, 'まだ審査中の意見');

    const byContact = await request('disclosure', contact);
    const [forContact] = await answersOf(byContact.requestId);
    expect(forContact!.sections!.map((s) => s.key)).toEqual(['proposals.proposal']);
    expect(forContact!.sections![0]!.records[0]).toMatchObject({ proposalId: decided.id, role: 'contact' });
    expect(JSON.stringify(forContact)).not.toContain('申請者の田中氏は実績十分');

    const byAdvisor = await request('disclosure', advisor);
    const [forAdvisor] = await answersOf(byAdvisor.requestId);
    const reviews = forAdvisor!.sections!.find((s) => s.key === 'proposals.review')!.records;
    expect(reviews.map((r) => r['comment']).sort()).toEqual(['まだ審査中の意見', '申請者の田中氏は実績十分'].sort());
    expect(forAdvisor!.sections!.find((s) => s.key === 'proposals.assignment')!.records).toHaveLength(2);
  });

  it('erases with a tombstone, keeps the KPI report, retains the review of a proposal in screening, and does nothing twice', async () => {
    const before = await kpi();
    const msgID = uuidv7();
    const { requestId, envelope } = await publish('erasure', advisor, msgID);
    await h.svc.waitForProcessed((n) => n.messageId === envelope.id);
    const [answer] = await answersOf(requestId);
    expect(answer!.actions).toEqual(
      expect.arrayContaining([
        { what: 'reviews', action: 'erased', count: 1 },
        { what: 'review_assignments', action: 'erased', count: 1 },
      ]),
    );
    expect(answer!.retained).toEqual([
      expect.objectContaining({ what: 'reviews', count: 1, reason: expect.objectContaining({ en: expect.stringContaining('screening') }) }),
    ]);
    const tombstone = tombstoneIdOf(requestId);
    const rows: { proposal_id: string; advisor_id: string; comment: string }[] = await h.dataSource.query(
      `SELECT proposal_id, advisor_id, comment FROM reviews WHERE advisor_id IN ($1, $2)`,
      [advisor, tombstone],
    );
    expect(rows.find((r) => r.proposal_id === decided.id)).toEqual({ proposal_id: decided.id, advisor_id: tombstone, comment: '' });
    expect(rows.find((r) => r.proposal_id === screening.id)).toMatchObject({ advisor_id: advisor, comment: 'まだ審査中の意見' });
    expect(await kpi()).toEqual(before);

    // The same request again (stored twice by JetStream): the inbox drops it; one answer.
    const { type, version } = parseSubject(PrivacyRequestOpenedV1.subject);
    await jetstream(h.nc).publish(
      new NatsNaming(h.prefix).subject(PrivacyRequestOpenedV1.subject),
      JSON.stringify({ ...envelope, type, version }),
      {
        msgID: uuidv7(),
      },
    );
    await h.svc.waitForProcessed((n) => n.messageId === envelope.id && n.outcome === 'duplicate');
    expect(await answersOf(requestId)).toHaveLength(1);

    // The retention job leaves the retained review while the proposal is in screening, and erases it once decided.
    const job = h.svc.app.get(ProposalsRetentionJob);
    expect((await job.runDetailed())['pending_erasures']).toBe(0);
    await review(h, screening, 1);
    expect((await move(h, screening, 'accepted')).status).toBe(201);
    expect((await job.runDetailed())['pending_erasures']).toBe(1);
    expect((await job.runDetailed())['pending_erasures']).toBe(0);
    const [late] = await h.dataSource.query(`SELECT advisor_id, comment FROM reviews WHERE proposal_id = $1 AND advisor_id = $2`, [
      screening.id,
      tombstone,
    ]);
    expect(late).toEqual({ advisor_id: tombstone, comment: '' });
    const [revisions] = await h.dataSource.query(`SELECT count(*)::int AS n FROM review_revisions`);
    expect(revisions.n).toBe(0);
  });

  it('cessation keeps a person out of team suggestions until it is lifted', async () => {
    const p = await bringIn(h, { body: { focusFields: ['food'] } });
    await move(h, p, 'pre_screening');
    await move(h, p, 'screening');
    await review(h, p, 2);
    await move(h, p, 'accepted');
    h.registry.accounts.clear();
    const company = h.registry.organization('company');
    const ceased = h.registry.advisor({ org: company, expertise: ['food'] });
    const other = h.registry.advisor({ org: company, expertise: ['food'] });
    const suggested = async () =>
      (await api(h, h.tokens.coordinator).get(`/v1/proposals/${p.id}/team-suggestions`)).body.suggestions.map(
        (s: { personId: string }) => s.personId,
      );
    expect((await suggested()).sort()).toEqual([ceased.id, other.id].sort());
    const { requestId } = await request('cessation', ceased.id);
    expect((await answersOf(requestId))[0]!.actions).toEqual([{ what: 'team_suggestions', action: 'ceased', count: 1 }]);
    expect(await suggested()).toEqual([other.id]);
    await request('cessation_lifted', ceased.id);
    expect((await suggested()).sort()).toEqual([ceased.id, other.id].sort());
  });

  it('reports what retention removed per fiscal year, to admins only', async () => {
    h.clock.set('2027-06-01T00:00:00Z'); // FY2027; every inbox row is older than 35 days
    const done = await h.svc.app.get(ProposalsRetentionJob).runDetailed();
    expect(done['inbox']).toBeGreaterThan(0);
    const report = await api(h, h.tokens.admin).get('/v1/privacy/retention-report');
    expect(report.status).toBe(200);
    expect(report.body.years.find((y: { fiscalYear: number }) => y.fiscalYear === 2027).removed).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'inbox', action: 'deleted', count: done['inbox'] })]),
    );
    expect(report.body.years.find((y: { fiscalYear: number }) => y.fiscalYear === 2026).removed).toEqual([
      expect.objectContaining({ kind: 'pending_erasures', action: 'redacted', count: 1 }),
    ]);
    expect((await api(h, h.tokens.coordinator).get('/v1/privacy/retention-report')).status).toBe(403);
  });
});
