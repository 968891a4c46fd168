import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OverdueReviewsDigestV1, ReviewDueSoonV1, ReviewOverdueV1 } from '@collabo/contracts';
import { readEvents, startTestService, type TestService } from '@collabo/service-kit/testing';
import type { ProposalsEnv } from '../src/config/proposals-env.js';
import { proposalsService } from '../src/proposals.definition.js';
import { ReviewRemindersJob } from '../src/reviews/review-reminders.job.js';
import { GOOD_SCORES, api, bringIn, move, startHarness, type Harness } from './support/harness.js';

/**
 * Review reminders (issue 16, item 6): an advisor is reminded once, REVIEW_REMINDER_DAYS_BEFORE (3) days
 * before the due day, and once from the day after it; each coordinator gets a weekly digest of the overdue
 * reviews of their proposals (Mondays). Exactly once with two instances on one database running at the same
 * moment, and after a restart. The job's interval is 0 here: the test runs its passes.
 * The harness clock starts on Saturday 2026-11-28, 10:00 in Tokyo.
 */
const ENV = { REVIEW_REMINDER_INTERVAL_MS: '0', REVIEW_REMINDER_DAYS_BEFORE: '3', REVIEW_DIGEST_WEEKDAY: '1' };

describe('review reminders', () => {
  let h: Harness;
  let second: TestService<ProposalsEnv>;
  const instances: TestService<ProposalsEnv>[] = [];

  const startAnother = async () => {
    const svc = await startTestService(
      { ...proposalsService, clock: h.clock, relay: { pollIntervalMs: 100 } },
      { databaseUrl: h.db.url, prefix: h.prefix, jwksUrl: h.auth.jwksUrl, env: ENV },
    );
    instances.push(svc);
    return svc;
  };
  const jobOf = (svc: TestService<ProposalsEnv>) => svc.app.get(ReviewRemindersJob);
  /** Both instances at once: what each published. */
  const runBoth = () => Promise.all([jobOf(h.svc).runOnce(), jobOf(second).runOnce()]);
  const count = async (subject: string) =>
    Number((await h.dataSource.query(`SELECT count(*) AS n FROM outbox WHERE subject LIKE $1`, [`%${subject}`]))[0].n);
  const counts = async () => [
    await count(ReviewDueSoonV1.subject),
    await count(ReviewOverdueV1.subject),
    await count(OverdueReviewsDigestV1.subject),
  ];

  let coordinatorProposal: { id: string; version: number };
  const assignments: Record<'a' | 'b' | 'c' | 'd', { id: string; advisorId: string }> = {} as never;

  beforeAll(async () => {
    h = await startHarness({ env: ENV });
    second = await startAnother();
    coordinatorProposal = await bringIn(h, { body: { coordinatorId: h.ids.coordinator } });
    await move(h, coordinatorProposal, 'pre_screening');
    await move(h, coordinatorProposal, 'screening');
    const due: Record<keyof typeof assignments, string> = { a: '2026-11-30', b: '2026-12-10', c: '2026-11-28', d: '2026-12-02' };
    for (const [key, dueOn] of Object.entries(due)) {
      const advisor = h.registry.advisor();
      const res = await api(h, h.tokens.coordinator).post(`/v1/proposals/${coordinatorProposal.id}/assignments`, {
        advisorId: advisor.id,
        dueOn,
      });
      expect(res.status).toBe(201);
      assignments[key as keyof typeof assignments] = { id: res.body.id, advisorId: advisor.id };
    }
    // d writes its review: it is never reminded.
    const submitted = await api(h, await h.token(['advisor'], assignments.d.advisorId)).post(
      `/v1/proposals/${coordinatorProposal.id}/reviews`,
      {
        scores: GOOD_SCORES,
        comment: '妥当',
        recommendation: 'accept',
      },
    );
    expect(submitted.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    for (const svc of instances) await svc.close();
    await h?.close();
  });

  it('reminds once of a review due within 3 days, with two instances running at the same moment', async () => {
    const done = await runBoth();
    expect(done.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await counts()).toEqual([1, 0, 0]);
    const { envelopes } = await readEvents<ReviewDueSoonV1.Data>(h.nc, h.prefix, ReviewDueSoonV1.subject, 1);
    expect(envelopes[0]!.data).toMatchObject({
      assignmentId: assignments.a.id,
      advisorId: assignments.a.advisorId,
      dueOn: '2026-11-30',
      daysLeft: 2,
      proposal: { proposalId: coordinatorProposal.id, coordinatorId: h.ids.coordinator },
    });
    expect(await runBoth()).toEqual([0, 0]);
  });

  it('does not remind again after a restart', async () => {
    await second.close();
    instances.splice(instances.indexOf(second), 1);
    second = await startAnother();
    expect(await runBoth()).toEqual([0, 0]);
    expect(await counts()).toEqual([1, 0, 0]);
  });

  it('from the day after the due day: overdue once, and the coordinator’s weekly digest once', async () => {
    h.clock.set('2026-12-01T01:00:00.000Z'); // Tuesday 10:00 in Tokyo: a is 1 day overdue, c 3 days
    const done = await runBoth();
    expect(done.reduce((a, b) => a + b, 0)).toBe(3);
    expect(await counts()).toEqual([1, 2, 1]);
    const overdue = (await readEvents<ReviewOverdueV1.Data>(h.nc, h.prefix, ReviewOverdueV1.subject, 2)).envelopes.map((e) => e.data);
    expect(overdue.map((d) => [d.assignmentId, d.dueOn, d.daysOverdue]).sort()).toEqual(
      [
        [assignments.a.id, '2026-11-30', 1],
        [assignments.c.id, '2026-11-28', 3],
      ].sort(),
    );
    const digest = (await readEvents<OverdueReviewsDigestV1.Data>(h.nc, h.prefix, OverdueReviewsDigestV1.subject, 1)).envelopes[0]!.data;
    expect(digest).toMatchObject({ coordinatorId: h.ids.coordinator, weekOf: '2026-11-30' });
    expect(digest.reviews.map((r) => [r.assignmentId, r.daysOverdue])).toEqual([
      [assignments.c.id, 3],
      [assignments.a.id, 1],
    ]);
    expect(await runBoth()).toEqual([0, 0]);
  });

  it('a moved due day (If-Match) is a new deadline, reminded once again', async () => {
    const path = `/v1/proposals/${coordinatorProposal.id}/assignments/${assignments.b.id}/due-date`;
    expect((await api(h, h.tokens.coordinator).put(path, { dueOn: '2026-12-03' })).status).toBe(428);
    expect((await api(h, h.tokens.coordinator).put(path, { dueOn: '2026-12-03' }).set('if-match', '"5"')).status).toBe(412);
    expect((await api(h, h.tokens.coordinator).put(path, { dueOn: '2026-11-30' }).set('if-match', '"1"')).body.errors).toEqual([
      { field: 'dueOn', message: 'dueOn must be today or later' },
    ]);
    const moved = await api(h, h.tokens.coordinator).put(path, { dueOn: '2026-12-03' }).set('if-match', '"1"');
    expect([moved.status, moved.headers['etag'], moved.body.dueOn]).toEqual([200, '"2"', '2026-12-03']);
    expect(
      (
        await api(h, await h.token(['advisor'], assignments.b.advisorId))
          .put(path, { dueOn: '2026-12-04' })
          .set('if-match', '"2"')
      ).status,
    ).toBe(403);
    const closed = `/v1/proposals/${coordinatorProposal.id}/assignments/${assignments.d.id}/due-date`;
    expect((await api(h, h.tokens.coordinator).put(closed, { dueOn: '2026-12-20' }).set('if-match', '*')).body.code).toBe(
      'PROPOSALS.ASSIGNMENT_CLOSED',
    );
    expect(await runBoth().then((d) => d[0] + d[1])).toBe(1);
    expect(await counts()).toEqual([2, 2, 1]);
  });

  it('sends the next week’s digest in the next week, once', async () => {
    h.clock.set('2026-12-06T01:00:00.000Z'); // Sunday: b is overdue, the digest of this week is sent already
    expect(await runBoth().then((d) => d[0] + d[1])).toBe(1);
    expect(await counts()).toEqual([2, 3, 1]);
    h.clock.set('2026-12-07T01:00:00.000Z'); // Monday: a new week
    expect(await runBoth().then((d) => d[0] + d[1])).toBe(1);
    expect(await runBoth()).toEqual([0, 0]);
    expect(await counts()).toEqual([2, 3, 2]);
    const { envelopes } = await readEvents<OverdueReviewsDigestV1.Data>(h.nc, h.prefix, OverdueReviewsDigestV1.subject, 2);
    expect(envelopes.map((e) => [e.data.weekOf, e.data.reviews.length])).toEqual([
      ['2026-11-30', 2],
      ['2026-12-07', 3],
    ]);
  });
});
