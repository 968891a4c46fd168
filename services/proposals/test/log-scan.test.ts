import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProposalSummaryV1 } from '@collabo/contracts';
import { NatsNaming } from '@collabo/service-kit';
import { LogCapture } from '@collabo/service-kit/testing';
import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { GOOD_SCORES, api, move, startHarness, type Harness } from './support/harness.js';

/**
 * The logs of a realistic run (at the production level, info): bringing in, screening with reviews and an
 * amendment, conflicts, a team, outcomes, reports, the summary RPC, refusals of every kind and a registry
 * outage. No token, email, phone number, person's name, review comment or score may appear in them.
 */
describe('the logs of a realistic run', () => {
  const logs = new LogCapture();
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ logDestination: logs });
  });
  afterAll(async () => h?.close());

  it('hold requests and events, never tokens, personal data, review comments or scores', async () => {
    const person = (familyName: string, givenName: string, email: string, phone: string) =>
      h.registry.person({ familyName, givenName, displayName: `${familyName} ${givenName}`, email, phone });
    const contact = person('札幌', '花子', 'hanako.sapporo@example.jp', '011-555-0101');
    const coordinator = person('函館', '次郎', 'jiro.hakodate@example.jp', '0138-55-0202');
    const company = h.registry.organization('company', { name: '北海昆布株式会社' });
    const advisors = [0, 1, 2].map(() => h.registry.advisor());
    const conflicted = h.registry.advisor({ org: company });
    const comments = ['仮根の機能性データが不十分-COMMENT-A7Q', '販路の想定が明確-COMMENT-B3Z', 'チームは十分-COMMENT-C9X'];
    const advisorTokens = await Promise.all(advisors.map((a) => h.token(['advisor'], a.id)));
    const coordinatorToken = await h.token(['coordinator'], coordinator.id);
    const expired = await h.auth.token({ roles: ['admin'], sub: h.ids.admin, expiresIn: -60 });
    const as = (token: string) => api(h, token);

    // Bringing in, with refusals (unknown person, bad input) and a correlation id.
    const created = await as(coordinatorToken)
      .post('/v1/proposals', {
        title: { ja: '昆布仮根を用いた食品素材' },
        summary: { ja: '昆布の仮根から食品素材を試作する。' },
        proposingOrganizationId: company.id,
        contactPersonId: contact.id,
        coordinatorId: coordinator.id,
        supportRequested: '試作費',
      })
      .set('x-correlation-id', 'log-scan-1');
    expect(created.status).toBe(201);
    const p = created.body as { id: string; version: number };
    expect(
      (
        await as(coordinatorToken).post('/v1/proposals', {
          title: { ja: 'x' },
          summary: { ja: 'y' },
          proposingOrganizationId: company.id,
          contactPersonId: uuidv7(),
          contactEmail: contact.email,
        })
      ).status,
    ).toBe(400);
    expect((await request(h.svc.http).get(`/v1/proposals/${p.id}`).set('authorization', `Bearer ${expired}`)).status).toBe(401);
    expect((await request(h.svc.http).get(`/v1/proposals/${p.id}`).set('authorization', `Bearer ${h.tokens.admin}x`)).status).toBe(401);

    // Screening: a conflicted advisor refused, three reviews, one amended, aggregates.
    await move(h, p, 'pre_screening', {}, coordinatorToken);
    await move(h, p, 'screening', {}, coordinatorToken);
    expect((await as(coordinatorToken).post(`/v1/proposals/${p.id}/assignments`, { advisorId: conflicted.id })).status).toBe(409);
    for (const [i, advisor] of advisors.entries()) {
      expect((await as(coordinatorToken).post(`/v1/proposals/${p.id}/assignments`, { advisorId: advisor.id })).status).toBe(201);
      const written = await as(advisorTokens[i]!).post(`/v1/proposals/${p.id}/reviews`, {
        scores: GOOD_SCORES.map((s) => ({ ...s, points: s.points - i })),
        comment: comments[i],
        recommendation: 'accept',
      });
      expect(written.status).toBe(201);
    }
    const mine = (await as(advisorTokens[0]!).get(`/v1/proposals/${p.id}/reviews`)).body.items[0];
    const amended = await as(advisorTokens[0]!)
      .put(`/v1/proposals/${p.id}/reviews/${mine.id}`, {
        scores: GOOD_SCORES,
        comment: `${comments[0]}-AMENDED`,
        recommendation: 'accept_with_conditions',
        reason: '面談での説明を反映-REASON-K2',
      })
      .set('if-match', '"1"');
    expect(amended.status).toBe(200);
    expect((await as(coordinatorToken).get(`/v1/proposals/${p.id}/review-summary`)).status).toBe(200);
    expect((await as(advisorTokens[1]!).get(`/v1/proposals/${uuidv7()}`)).status).toBe(404);

    // The decision, a team, outcomes and the reports.
    expect((await move(h, p, 'accepted', {}, coordinatorToken)).status).toBe(201);
    expect(
      (
        await as(coordinatorToken).put(`/v1/proposals/${p.id}/team`, {
          members: [
            { personId: coordinator.id, role: 'coordinator' },
            { personId: advisors[0]!.id, role: 'lead_advisor' },
          ],
        })
      ).status,
    ).toBe(201);
    expect((await as(coordinatorToken).get(`/v1/proposals/${p.id}/team-suggestions`)).status).toBe(200);
    expect(
      (
        await as(coordinatorToken).post(`/v1/proposals/${p.id}/outcomes`, {
          kind: 'sale',
          summary: '初出荷',
          occurredOn: '2002-11-01',
          amountYen: 1_000_000,
        })
      ).status,
    ).toBe(201);
    expect((await as(h.tokens.viewer).get('/v1/reports/kpi?fiscalYear=2002&format=csv')).status).toBe(200);

    // The summary RPC, a malformed request to it, and a registry that does not answer.
    const subject = new NatsNaming(h.prefix).subject(ProposalSummaryV1.subject);
    expect(JSON.parse((await h.nc.request(subject, JSON.stringify({ proposalId: p.id }), { timeout: 5000 })).string())).toHaveProperty(
      'response',
    );
    expect(
      JSON.parse((await h.nc.request(subject, JSON.stringify({ proposalId: contact.email }), { timeout: 5000 })).string()),
    ).toHaveProperty('err');
    await h.registry.stop();
    try {
      const down = await as(coordinatorToken)
        .patch(`/v1/proposals/${p.id}`, { contactPersonId: contact.id })
        .set('if-match', `"${p.version}"`);
      expect(down.status).toBe(503);
    } finally {
      await h.registry.restart();
      await h.nc.flush();
    }
    const tokens = [h.tokens.admin, h.tokens.coordinator, h.tokens.viewer, coordinatorToken, expired, ...advisorTokens];
    const secrets = [
      ...tokens,
      ...tokens.map((t) => t.split('.')[1]!),
      ...tokens.map((t) => t.split('.')[2]!),
      ...[contact, coordinator, ...advisors, conflicted].flatMap((x) => [
        x.email,
        x.displayName,
        `${x.familyName}${x.givenName}`,
        x.phone ?? '',
      ]),
      contact.email.split('@')[0]!,
      ...comments,
      '面談での説明を反映-REASON-K2',
    ];
    expect(logs.lines.length).toBeGreaterThan(20);
    expect(logs.text).toContain('log-scan-1');
    expect(logs.leaks(secrets)).toEqual([]);
    // Nor the shape of a review or a person in any line.
    expect(logs.lines.filter((line) => /"(scores|points|comment|recommendation|familyName|givenName|displayName)"/.test(line))).toEqual([]);
  });
});
