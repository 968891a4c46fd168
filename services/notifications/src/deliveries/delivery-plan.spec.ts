import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { personRecord } from '@collabo/testing';
import type { EventSubject } from '@collabo/contracts';
import { rulesFor } from '../rules/notification-rules.js';
import { SAMPLE_DATA } from '../templates/sample-data.js';
import { optOutKey, planDeliveries, selectRecipients } from './delivery-plan.js';

const CONTACT = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41';
const COORDINATOR = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42';
const PROPOSAL = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e4f';

const people = new Map([
  [CONTACT, personRecord({ id: CONTACT, email: 'contact@example.jp', preferredLanguage: 'en' })],
  [COORDINATOR, personRecord({ id: COORDINATOR, email: 'coordinator@example.jp', preferredLanguage: 'ja' })],
]);

/** Both steps of planning for one event of `subject`, as the intake runs them. */
const planFor = (subject: EventSubject, data: unknown, known = people, optedOut: ReadonlySet<string> = new Set()) =>
  planDeliveries(selectRecipients(rulesFor(subject), data), data, known, optedOut);

describe('planDeliveries', () => {
  it('queues one email per recipient, in their language, linked to the proposal', () => {
    const data = SAMPLE_DATA['proposals.evt.proposal.advanced.v1'];
    const plan = planFor('proposals.evt.proposal.advanced.v1', data);
    expect(plan.map((p) => [p.recipient.email, p.recipient.language, p.status, p.proposalId, p.kind])).toEqual([
      ['contact@example.jp', 'en', 'queued', PROPOSAL, 'proposal-advanced'],
      ['coordinator@example.jp', 'ja', 'queued', PROPOSAL, 'proposal-advanced'],
    ]);
  });

  it('suppresses an optional email for someone who unsubscribed, but never a transactional one', () => {
    const optedOut = new Set([optOutKey(`person:${CONTACT}`, 'proposal_progress'), optOutKey(`person:${CONTACT}`, 'screening_result')]);
    const advancedData = SAMPLE_DATA['proposals.evt.proposal.advanced.v1'];
    const advancedPlan = planFor('proposals.evt.proposal.advanced.v1', advancedData, people, optedOut);
    expect(advancedPlan.map((p) => p.status)).toEqual(['suppressed', 'queued']);
    expect(advancedPlan[0]!.reason?.code).toBe('NOTIFICATIONS.UNSUBSCRIBED');
    const decidedData = SAMPLE_DATA['proposals.evt.proposal.decided.v1'];
    const decidedPlan = planFor('proposals.evt.proposal.decided.v1', decidedData, people, optedOut);
    expect(decidedPlan.map((p) => [p.kind, p.recipient.personId, p.status])).toEqual([
      ['proposal-decided', CONTACT, 'queued'],
      ['proposal-decided-notice', COORDINATOR, 'queued'],
    ]);
    // The coordinator's notice is staff work, which can be switched off.
    const coordinatorOptedOut = new Set([optOutKey(`person:${COORDINATOR}`, 'staff_work')]);
    const withoutNotice = planFor('proposals.evt.proposal.decided.v1', decidedData, people, coordinatorOptedOut);
    expect(withoutNotice.map((p) => [p.kind, p.status])).toEqual([
      ['proposal-decided', 'queued'],
      ['proposal-decided-notice', 'suppressed'],
    ]);
  });

  it('records a person the registry does not know as failed, without an address', () => {
    const data = SAMPLE_DATA['proposals.evt.proposal.advanced.v1'];
    const plan = planFor('proposals.evt.proposal.advanced.v1', data, new Map());
    expect(plan.map((p) => [p.status, p.recipient.email, p.reason?.code])).toEqual([
      ['failed', null, 'NOTIFICATIONS.RECIPIENT_NOT_FOUND'],
      ['failed', null, 'NOTIFICATIONS.RECIPIENT_NOT_FOUND'],
    ]);
  });

  it('writes once to a contact person who is also the coordinator', () => {
    const data = structuredClone(SAMPLE_DATA['proposals.evt.proposal.advanced.v1']) as { proposal: { coordinatorId: string } };
    data.proposal.coordinatorId = CONTACT;
    const plan = planFor('proposals.evt.proposal.advanced.v1', data);
    expect(plan).toHaveLength(1);
    expect(plan[0]!.recipient.role).toBe('applicant');
  });

  it('gives each attendee their own data to be rendered with, and keeps a guest by address', () => {
    const data = SAMPLE_DATA['events.evt.event.completed.v2'];
    const plan = planFor('events.evt.event.completed.v2', data);
    expect(plan.map((p) => [p.kind, p.category, p.recipient.key, p.status, p.exchangeEventId])).toEqual([
      ['event-thanks', 'event_follow_up', 'email:hanako@example.jp', 'queued', '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e50'],
    ]);
    expect(plan[0]!.recipient.ownData).toMatchObject({
      maskedQuestionnaireUrl: 'https://collabo.example.jp/events/questionnaire?token=•••',
    });
  });

  it('plans nothing for a skipped rule', () => {
    const data = { ...SAMPLE_DATA['proposals.evt.proposal.advanced.v1'], historical: true };
    const plans = selectRecipients(rulesFor('proposals.evt.proposal.advanced.v1'), data);
    expect(plans[0]!.skipped).toMatch(/history/);
    expect(planDeliveries(plans, data, people, new Set())).toEqual([]);
  });
});
