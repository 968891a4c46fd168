import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { validatePayload } from '@collabo/service-kit';
import { notificationsService } from '../notifications.definition.js';
import { TEMPLATES } from '../templates/render.js';
import { SAMPLE_DATA } from '../templates/sample-data.js';
import { Categories, isTransactional } from './categories.js';
import {
  consumedContracts,
  KIND_NAMES,
  NOTIFICATION_RULES,
  NotificationKinds,
  notificationConsumers,
  NOTIFY,
  rulesFor,
} from './notification-rules.js';
import { recipientsOfRule, skipReason } from './recipients.js';

describe('the rule table', () => {
  it('gives every kind a category, a template and at least one rule', () => {
    for (const kind of KIND_NAMES) {
      expect(Categories[NotificationKinds[kind].category]).toBeDefined();
      expect(TEMPLATES[kind]).toBeDefined();
      expect(NOTIFICATION_RULES.some((r) => r.kind === kind)).toBe(true);
    }
  });

  it('derives one durable consumer per consumed contract from the rule table, each handing its event to the intake', () => {
    const consumers = notificationConsumers();
    expect(new Set(consumers.map((c) => c.contract.subject)).size).toBe(consumers.length);
    expect(new Set(consumers.map((c) => c.durable)).size).toBe(consumers.length);
    expect(consumers.map((c) => c.contract)).toEqual(consumedContracts());
    expect(new Set(NOTIFICATION_RULES.map((r) => r.on.contract))).toEqual(new Set(consumedContracts()));
    expect(consumers.every((c) => c.handler === NOTIFY)).toBe(true);
    // The definition runs exactly these for the rule table (its other consumers have other handlers).
    expect(notificationsService.eventConsumers!.filter((c) => c.handler === NOTIFY)).toEqual(consumers);
  });

  it('keeps every consumer’s durable name (its position in the producer’s stream: a renamed one would replay the stream)', () => {
    expect(Object.fromEntries(notificationConsumers().map((c) => [c.contract.subject, c.durable]))).toEqual({
      'proposals.evt.proposal.submitted.v1': 'notifications-notify-on-proposal-submitted',
      'proposals.evt.proposal.advanced.v1': 'notifications-notify-on-proposal-advanced',
      'proposals.evt.proposal.decided.v1': 'notifications-notify-on-proposal-decided',
      'proposals.evt.reviewer.assigned.v1': 'notifications-notify-on-reviewer-assigned',
      'proposals.evt.team.formed.v1': 'notifications-notify-on-team-formed',
      'proposals.evt.outcome.recorded.v1': 'notifications-notify-on-outcome-recorded',
      'proposals.evt.interview.scheduled.v1': 'notifications-notify-on-interview-scheduled',
      'proposals.evt.interview.rescheduled.v1': 'notifications-notify-on-interview-rescheduled',
      'proposals.evt.interview.cancelled.v1': 'notifications-notify-on-interview-cancelled',
      'proposals.evt.document-request.issued.v1': 'notifications-notify-on-documents-requested',
      'proposals.evt.document-request.changed.v1': 'notifications-notify-on-document-request-changed',
      'proposals.evt.document-request.closed.v1': 'notifications-notify-on-document-request-closed',
      'proposals.evt.review.due-soon.v1': 'notifications-notify-on-review-due-soon',
      'proposals.evt.review.overdue.v1': 'notifications-notify-on-review-overdue',
      'proposals.evt.review.overdue-digest.v1': 'notifications-notify-on-overdue-reviews-digest',
      'events.evt.registration.received.v1': 'notifications-notify-on-registration-received',
      'events.evt.registration.confirmed.v1': 'notifications-notify-on-registration-confirmed',
      'events.evt.registration.waitlisted.v1': 'notifications-notify-on-registration-waitlisted',
      'events.evt.registration.seat-offered.v2': 'notifications-notify-on-registration-seat-offered',
      'events.evt.registration.offer-expired.v1': 'notifications-notify-on-registration-offer-expired',
      'events.evt.registration.cancelled.v1': 'notifications-notify-on-registration-cancelled',
      'events.evt.event.changed.v1': 'notifications-notify-on-event-changed',
      'events.evt.event.cancelled.v1': 'notifications-notify-on-event-cancelled',
      'events.evt.event.reminder-due.v1': 'notifications-notify-on-reminder-due',
      'events.evt.event.completed.v2': 'notifications-notify-on-event-completed',
      'registry.evt.account.invited.v2': 'notifications-notify-on-account-invited',
    });
  });

  it('has sample data for every consumed contract, valid against its contract', () => {
    for (const contract of consumedContracts()) {
      const sample = SAMPLE_DATA[contract.subject];
      expect([contract.subject, sample !== undefined]).toEqual([contract.subject, true]);
      expect(() => validatePayload(contract.Data, sample)).not.toThrow();
    }
  });

  it('keeps screening results, registration confirmations and invitations transactional, and lets progress updates, reminders and thank-you notes be switched off', () => {
    expect(isTransactional(NotificationKinds['proposal-decided'].category)).toBe(true);
    expect(isTransactional(NotificationKinds['registration-confirmed'].category)).toBe(true);
    expect(isTransactional(NotificationKinds['account-invitation'].category)).toBe(true);
    expect(isTransactional(NotificationKinds['proposal-advanced'].category)).toBe(false);
    expect(isTransactional(NotificationKinds['event-reminder'].category)).toBe(false);
    expect(isTransactional(NotificationKinds['event-thanks'].category)).toBe(false);
  });

  const sample = (subject: keyof typeof SAMPLE_DATA) => structuredClone(SAMPLE_DATA[subject]) as Record<string, unknown>;

  it('sends a proposal advance to the contact person and the coordinator, and nothing for history brought over', () => {
    const [rule] = rulesFor('proposals.evt.proposal.advanced.v1');
    const data = sample('proposals.evt.proposal.advanced.v1');
    const refs = recipientsOfRule(rule!, data);
    expect(refs.map((r) => [r.personId, r.role])).toEqual([
      ['01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41', 'applicant'],
      ['01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42', 'coordinator'],
    ]);
    expect(skipReason(rule!, data)).toBeNull();
    expect(skipReason(rule!, { ...data, historical: true })).toMatch(/history/);
    expect(skipReason(rule!, { ...data, historical: false })).toBeNull();
  });

  it('sends nothing about outcomes brought over from the paper years', () => {
    const [rule] = rulesFor('proposals.evt.outcome.recorded.v1');
    const data = sample('proposals.evt.outcome.recorded.v1');
    expect(skipReason(rule!, data)).toBeNull();
    expect(skipReason(rule!, { ...data, historical: true })).toMatch(/history/);
  });

  it('names nobody when the proposal has no coordinator yet', () => {
    const data = sample('proposals.evt.outcome.recorded.v1');
    (data['proposal'] as Record<string, unknown>)['coordinatorId'] = null;
    expect(recipientsOfRule(rulesFor('proposals.evt.outcome.recorded.v1')[0]!, data)).toEqual([]);
  });

  it('sends the submission receipt and the coordinator notice as two kinds', () => {
    expect(rulesFor('proposals.evt.proposal.submitted.v1').map((r) => r.kind)).toEqual(['proposal-received', 'proposal-submitted-notice']);
  });

  it('writes to the team and the contact person once each when the team is formed', () => {
    const data = sample('proposals.evt.team.formed.v1');
    const members = data['members'] as { personId: string; role: string }[];
    members.push({ personId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41', role: 'advisor' });
    const refs = recipientsOfRule(rulesFor('proposals.evt.team.formed.v1')[0]!, data);
    expect(refs.map((r) => r.personId)).toEqual([
      '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
      '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43',
      '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41',
    ]);
  });

  it('sends the reminder to confirmed registrants only, and event changes to everyone not cancelled', () => {
    const registrant = (status: string, email: string) => ({
      registrationId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e99',
      status,
      registrant: { personId: null, name: email, organizationName: null, email, language: 'ja' },
    });
    const registrations = [registrant('confirmed', 'c@x.jp'), registrant('waitlisted', 'w@x.jp'), registrant('cancelled', 'x@x.jp')];
    const reminder = recipientsOfRule(rulesFor('events.evt.event.reminder-due.v1')[0]!, { registrations });
    expect(reminder.map((r) => (r.type === 'contact' ? r.email : ''))).toEqual(['c@x.jp']);
    const changed = recipientsOfRule(rulesFor('events.evt.event.changed.v1')[0]!, { registrations });
    expect(changed.map((r) => (r.type === 'contact' ? r.email : ''))).toEqual(['c@x.jp', 'w@x.jp']);
  });

  it('sends no cancellation of a registration when the whole event was cancelled (that email says it)', () => {
    const [rule] = rulesFor('events.evt.registration.cancelled.v1');
    expect(skipReason(rule!, { cancelledBy: 'event_cancelled' })).not.toBeNull();
    expect(skipReason(rule!, { cancelledBy: 'registrant' })).toBeNull();
  });

  it('sends the screening result to the applicant only, and the coordinator a work notice of its own', () => {
    const rules = rulesFor('proposals.evt.proposal.decided.v1');
    expect(rules.map((r) => [r.kind, r.to.map((t) => t.role)])).toEqual([
      ['proposal-decided', ['applicant']],
      ['proposal-decided-notice', ['coordinator']],
    ]);
    // The letter cannot be switched off; the coordinator's notice can (it is staff work, like the other notices).
    expect(isTransactional(NotificationKinds['proposal-decided'].category)).toBe(true);
    expect(NotificationKinds['proposal-decided-notice'].category).toBe('staff_work');
    const data = sample('proposals.evt.proposal.decided.v1');
    expect(rules.map((r) => recipientsOfRule(r, data).map((ref) => ref.personId))).toEqual([
      ['01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41'],
      ['01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42'],
    ]);
    expect(rules.map((r) => skipReason(r, { ...data, historical: true }))).toEqual([
      expect.stringMatching(/history/),
      expect.stringMatching(/history/),
    ]);
  });

  it('thanks each attendee of a completed event with their own questionnaire link, and nobody who did not come', () => {
    const [rule] = rulesFor('events.evt.event.completed.v2');
    expect(rule!.kind).toBe('event-thanks');
    expect(isTransactional(NotificationKinds['event-thanks'].category)).toBe(false);
    const attendee = (status: string, email: string, personId: string | null = null) => ({
      registration: {
        registrationId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e99',
        status,
        registrant: { personId, name: email, organizationName: null, email, language: 'en' },
      },
      maskedQuestionnaireUrl: `https://collabo.example.jp/q/${email}?token=•••`,
    });
    const attendees = [
      attendee('attended', 'a@x.jp'),
      attendee('confirmed', 'b@x.jp', '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41'),
      attendee('no_show', 'c@x.jp'),
      attendee('cancelled', 'd@x.jp'),
      attendee('attended', 'A@x.jp'),
    ];
    const refs = recipientsOfRule(rule!, { attendees });
    expect(
      refs.map((r) => [
        r.type === 'contact' ? r.email : null,
        r.personId,
        (r.ownData as { maskedQuestionnaireUrl: string }).maskedQuestionnaireUrl,
      ]),
    ).toEqual([
      ['a@x.jp', null, 'https://collabo.example.jp/q/a@x.jp?token=•••'],
      ['b@x.jp', '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41', 'https://collabo.example.jp/q/b@x.jp?token=•••'],
    ]);
    expect(recipientsOfRule(rule!, { attendees: [] })).toEqual([]);
  });

  it('asks the applicant to come to a hearing or send documents transactionally, and lets review-deadline reminders be switched off', () => {
    for (const kind of [
      'interview-scheduled',
      'interview-rescheduled',
      'interview-cancelled',
      'documents-requested',
      'document-request-changed',
      'document-request-withdrawn',
    ] as const) {
      expect([kind, NotificationKinds[kind].category, isTransactional(NotificationKinds[kind].category)]).toEqual([
        kind,
        'applicant_request',
        true,
      ]);
    }
    for (const kind of ['review-due-soon', 'review-overdue', 'overdue-reviews-digest'] as const) {
      expect([kind, NotificationKinds[kind].category, isTransactional(NotificationKinds[kind].category)]).toEqual([
        kind,
        'review_deadline',
        false,
      ]);
    }
  });

  it('invites the people a hearing names, invites newcomers afresh, and cancels it only for those no longer invited: one email per person for one change', () => {
    const [changedRule, addedRule, removedRule] = rulesFor('proposals.evt.interview.rescheduled.v1');
    expect([changedRule!.kind, addedRule!.kind, removedRule!.kind]).toEqual([
      'interview-rescheduled',
      'interview-scheduled',
      'interview-cancelled',
    ]);
    const a = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41';
    const b = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e45';
    const c = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e46';
    const d = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e47';
    // b is named both still invited and removed (a producer's slip): the change only, never also a cancellation;
    // d is new: the invitation only.
    const data = {
      ...sample('proposals.evt.interview.rescheduled.v1'),
      recipientIds: [a, b.toUpperCase(), d],
      removedRecipientIds: [b, c],
      addedRecipientIds: [d],
    };
    expect(recipientsOfRule(changedRule!, data).map((r) => [r.personId, r.role])).toEqual([
      [a, 'applicant'],
      [b, 'applicant'],
    ]);
    expect(recipientsOfRule(addedRule!, data).map((r) => r.personId)).toEqual([d]);
    expect(recipientsOfRule(removedRule!, data).map((r) => r.personId)).toEqual([c]);
    // An event from before addedRecipientIds existed: nobody is new.
    const { addedRecipientIds: _older, ...older } = data;
    expect(recipientsOfRule(changedRule!, older).map((r) => r.personId)).toEqual([a, b, d]);
    expect(recipientsOfRule(addedRule!, older)).toEqual([]);
    expect(
      rulesFor('proposals.evt.interview.scheduled.v1').map((r) =>
        recipientsOfRule(r, sample('proposals.evt.interview.scheduled.v1')).map((x) => x.personId),
      ),
    ).toEqual([[a]]);
  });

  it('tells the applicant a withdrawn document request, and nothing when the documents arrived', () => {
    const [rule] = rulesFor('proposals.evt.document-request.closed.v1');
    expect(rule!.kind).toBe('document-request-withdrawn');
    const data = sample('proposals.evt.document-request.closed.v1');
    expect(skipReason(rule!, data)).toBeNull();
    expect(skipReason(rule!, { ...data, outcome: 'fulfilled' })).toMatch(/documents arrived/);
  });

  it('reminds the advisor of their review and gives the coordinator the weekly digest', () => {
    const advisor = '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43';
    for (const subject of ['proposals.evt.review.due-soon.v1', 'proposals.evt.review.overdue.v1'] as const) {
      expect(rulesFor(subject).map((r) => recipientsOfRule(r, sample(subject)).map((x) => [x.personId, x.role]))).toEqual([
        [[advisor, 'advisor']],
      ]);
    }
    const digest = rulesFor('proposals.evt.review.overdue-digest.v1');
    expect(
      digest.map((r) => recipientsOfRule(r, sample('proposals.evt.review.overdue-digest.v1')).map((x) => [x.personId, x.role])),
    ).toEqual([[['01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42', 'coordinator']]]);
  });
});
