import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ProposalAdvancedV1, ProposalDecidedV1, TeamFormedV1, type EventContract, type DataOf } from '@collabo/contracts';
import type { ReceivedMail } from '@collabo/testing';
import { v7 as uuidv7 } from 'uuid';
import { advanced, decided, proposalRef } from './fixtures/events.js';
import { anna as applicant, takahashi as advisor, yamada as coordinator } from './fixtures/people.js';
import { startHarness, type Harness } from './support/harness.js';

/**
 * One act of staff, one email per person, through real JetStream and a real SMTP server: the proposals
 * service's two events of a decision (the stage change and the decision, one transition id) and of a team
 * formation (the team, and the stage change into the team stage), published as it publishes them.
 */
describe('one act, one email per person (end to end)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ people: [applicant, coordinator, advisor] });
  });

  afterAll(() => h?.close());

  const kindsOf = (mails: ReceivedMail[]) => mails.map((m) => m.parsed.headers.get('x-collabo-notification')).sort();

  /** Publishes the events of one act, waits until each is applied and every email it wrote is sent; returns the rows. */
  async function act(events: [EventContract, object][]): Promise<{ kind: string; recipient_email: string }[]> {
    const ids: string[] = [];
    for (const [contract, data] of events) {
      const envelope = await h.publishApplied(contract, data as DataOf<typeof contract>);
      ids.push(envelope.id);
    }
    const rows: { id: string; kind: string; recipient_email: string }[] = await h.dataSource.query(
      'SELECT id, kind, recipient_email FROM deliveries WHERE event_id = ANY($1::uuid[]) ORDER BY recipient_email, kind',
      [ids],
    );
    const rowIds = new Set(rows.map((r) => r.id));
    await h.svc.waitForDeliveries((n) => n.outcome === 'sent' && rowIds.has(n.deliveryId), rows.length);
    return rows.map(({ kind, recipient_email }) => ({ kind, recipient_email }));
  }

  it('accepting a proposal mails the applicant the result and the coordinator the notice, once each, with no progress email besides', async () => {
    const ref = proposalRef(applicant.id, coordinator.id);
    const transitionId = uuidv7();
    const rows = await act([
      [
        ProposalAdvancedV1,
        advanced(ref, {
          transitionId,
          from: { code: 'screening', label: { ja: '審査', en: 'Screening' } },
          to: { code: 'accepted', label: { ja: '採択', en: 'Accepted' } },
        }),
      ],
      [ProposalDecidedV1, { ...decided(ref, 'accepted', transitionId), historical: false }],
    ]);
    expect(rows).toEqual([
      { kind: 'proposal-decided', recipient_email: applicant.email },
      { kind: 'proposal-decided-notice', recipient_email: coordinator.email },
    ]);
    expect(kindsOf(h.smtp.to(applicant.email))).toEqual(['proposal-decided']);
    expect(kindsOf(h.smtp.to(coordinator.email))).toEqual(['proposal-decided-notice']);
    expect(h.smtp.to(applicant.email)[0]!.parsed.subject).toMatch(/^\[Collabo Screening result\]/);
    expect(h.smtp.to(coordinator.email)[0]!.parsed.subject).toMatch(/^【Collabo 採否決定】/);
  });

  it('forming a team (team first, then the stage change) mails the applicant, the coordinator and each member once', async () => {
    const ref = proposalRef(applicant.id, coordinator.id);
    const before = { applicant: h.smtp.to(applicant.email).length, coordinator: h.smtp.to(coordinator.email).length };
    const rows = await act([
      [
        TeamFormedV1,
        {
          teamId: uuidv7(),
          proposal: ref,
          members: [
            { personId: coordinator.id, role: 'coordinator' },
            { personId: advisor.id, role: 'lead_advisor' },
          ],
        },
      ],
      [
        ProposalAdvancedV1,
        advanced(ref, {
          from: { code: 'accepted', label: { ja: '採択', en: 'Accepted' } },
          to: { code: 'team_formed', label: { ja: '支援チーム結成', en: 'Support team formed' } },
        }),
      ],
    ]);
    expect(rows).toEqual(
      [
        { kind: 'team-formed', recipient_email: advisor.email },
        { kind: 'team-formed', recipient_email: coordinator.email },
        { kind: 'team-formed', recipient_email: applicant.email },
      ].sort((a, b) => a.recipient_email.localeCompare(b.recipient_email)),
    );
    expect(kindsOf(h.smtp.to(applicant.email).slice(before.applicant))).toEqual(['team-formed']);
    expect(kindsOf(h.smtp.to(coordinator.email).slice(before.coordinator))).toEqual(['team-formed']);
    expect(kindsOf(h.smtp.to(advisor.email))).toEqual(['team-formed']);
  });

  it('declining a proposal whose decision arrives before its stage change still mails each person once', async () => {
    const ref = proposalRef(applicant.id, coordinator.id);
    const before = { applicant: h.smtp.to(applicant.email).length, coordinator: h.smtp.to(coordinator.email).length };
    const transitionId = uuidv7();
    const rows = await act([
      [ProposalDecidedV1, { ...decided(ref, 'declined', transitionId), historical: false }],
      [
        ProposalAdvancedV1,
        advanced(ref, {
          transitionId,
          from: { code: 'screening', label: { ja: '審査', en: 'Screening' } },
          to: { code: 'declined', label: { ja: '不採択', en: 'Declined' } },
        }),
      ],
    ]);
    expect(rows.map((r) => r.kind)).toEqual(['proposal-decided', 'proposal-decided-notice']);
    expect(kindsOf(h.smtp.to(applicant.email).slice(before.applicant))).toEqual(['proposal-decided']);
    expect(kindsOf(h.smtp.to(coordinator.email).slice(before.coordinator))).toEqual(['proposal-decided-notice']);
  });

  it('an ordinary stage change still mails the applicant and the coordinator', async () => {
    const ref = proposalRef(applicant.id, coordinator.id);
    const before = { applicant: h.smtp.to(applicant.email).length, coordinator: h.smtp.to(coordinator.email).length };
    const rows = await act([[ProposalAdvancedV1, advanced(ref)]]);
    expect(rows.map((r) => r.kind)).toEqual(['proposal-advanced', 'proposal-advanced']);
    expect(kindsOf(h.smtp.to(applicant.email).slice(before.applicant))).toEqual(['proposal-advanced']);
    expect(kindsOf(h.smtp.to(coordinator.email).slice(before.coordinator))).toEqual(['proposal-advanced']);
  });
});
