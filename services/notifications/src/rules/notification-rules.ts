import {
  AccountInvitedV2,
  DocumentRequestChangedV1,
  DocumentRequestClosedV1,
  DocumentsRequestedV1,
  EventCancelledV1,
  EventChangedV1,
  EventCompletedV2,
  InterviewCancelledV1,
  InterviewRescheduledV1,
  InterviewScheduledV1,
  OutcomeRecordedV1,
  OverdueReviewsDigestV1,
  ProposalAdvancedV1,
  ProposalDecidedV1,
  ProposalSubmittedV1,
  RegistrationCancelledV1,
  RegistrationConfirmedV1,
  RegistrationOfferExpiredV1,
  RegistrationReceivedV1,
  RegistrationSeatOfferedV2,
  RegistrationWaitlistedV1,
  ReminderDueV1,
  ReviewDueSoonV1,
  ReviewerAssignedV1,
  ReviewOverdueV1,
  TeamFormedV1,
  type EventContract,
  type EventSubject,
  type RegistrantLinkPurpose,
} from '@collabo/contracts';
import type { InjectionToken } from '@nestjs/common';
import { defineConsumer, type ConsumerDeclaration } from '@collabo/service-kit';
import type { Category } from './categories.js';
import { isNameIn, namesOf } from './catalogue.js';
import type { ProposalAct } from './proposal-acts.js';

/** Every email the service writes, with its category (what a person can switch off). */
export const NotificationKinds = {
  'proposal-received': { category: 'proposal_receipt' },
  'proposal-submitted-notice': { category: 'staff_work' },
  'proposal-advanced': { category: 'proposal_progress' },
  'proposal-decided': { category: 'screening_result' },
  'proposal-decided-notice': { category: 'staff_work' },
  'reviewer-assigned': { category: 'staff_work' },
  'team-formed': { category: 'proposal_progress' },
  'outcome-recorded': { category: 'staff_work' },
  'interview-scheduled': { category: 'applicant_request' },
  'interview-rescheduled': { category: 'applicant_request' },
  'interview-cancelled': { category: 'applicant_request' },
  'documents-requested': { category: 'applicant_request' },
  'document-request-changed': { category: 'applicant_request' },
  'document-request-withdrawn': { category: 'applicant_request' },
  'review-due-soon': { category: 'review_deadline' },
  'review-overdue': { category: 'review_deadline' },
  'overdue-reviews-digest': { category: 'review_deadline' },
  'registration-received': { category: 'registration' },
  'registration-confirmed': { category: 'registration' },
  'registration-waitlisted': { category: 'registration' },
  'registration-seat-offered': { category: 'registration' },
  'registration-offer-expired': { category: 'registration' },
  'registration-cancelled': { category: 'registration' },
  'event-changed': { category: 'event_update' },
  'event-cancelled': { category: 'event_update' },
  'event-reminder': { category: 'event_reminder' },
  'event-thanks': { category: 'event_follow_up' },
  'account-invitation': { category: 'account' },
} as const satisfies Record<string, { category: Category }>;

export type NotificationKind = keyof typeof NotificationKinds;
export const KIND_NAMES = namesOf(NotificationKinds);
export const isKind = (value: string): value is NotificationKind => isNameIn(NotificationKinds, value);

export function categoryOf(kind: NotificationKind): Category {
  return NotificationKinds[kind].category;
}

/**
 * Where the recipients of a rule are in the event's data. Paths are dot-separated; `[]` walks every
 * element of an array (`members[].personId`).
 * - `person`: registry person ids, resolved over registry RPC (email, language, name); with `except`, not the ids
 *   found at that path (the invitees removed from a hearing who are invited still are get no cancellation).
 * - `registration`: `RegistrationRefV1` objects; registry people among the registrants are resolved over
 *   RPC, guests are written to with the contact details the event carries. With `each`, the path is read
 *   inside every element of that list, and the element goes with the recipient as their own data
 *   (`attendees[]` → each attendee's own questionnaire link).
 * - `address`: an address carried in the data itself (the invitation of an account that is being set up).
 */
export type RecipientSource = (
  | { person: string; except?: string }
  | { registration: string; each?: string; onlyStatuses?: string[]; exceptStatuses?: string[] }
  | { address: { email: string; name: string; language: string; personId?: string } }
) & {
  /** What the recipient is to the matter; templates may say things only to one role (`{ if: 'role_applicant' }`). */
  role: RecipientRole;
};

export const RecipientRoles = ['applicant', 'coordinator', 'advisor', 'team_member', 'registrant', 'invitee'] as const;
export type RecipientRole = (typeof RecipientRoles)[number];

/**
 * A condition on the event's data under which a rule sends nothing: a value at a path, or the event being one
 * part of an act (`proposal-acts.ts`) that the other event's emails (`toldBy`) tell to everyone this rule names.
 */
export type SkipCondition =
  { path: string; equals: string | number | boolean; reason: string } | { act: ProposalAct; toldBy: NotificationKind[]; reason: string };

/**
 * A link in the email that carries a secret (a set-password token, a registrant's own token). The event
 * carries it masked (`?token=•••`); that is what the email is rendered and stored with. The delivery row
 * keeps where the real link comes from (these paths read from the event's data; `own.` from the
 * recipient's own element of an `each` list), and the delivery worker asks the owner for it at send time.
 * - `registry.invitation`: IssueInvitationLinkV1 (the registry mints a fresh token each time).
 * - `events.registrant`: GetRegistrantLinkV1 with `purpose` (`offerId` for a seat offer).
 */
export type SecretLinkRule =
  | { via: 'registry.invitation'; masked: string; accountId: string; invitationId: string }
  | { via: 'events.registrant'; purpose: RegistrantLinkPurpose; masked: string; registrationId: string; offerId?: string };

export interface NotificationRule {
  /** The consumer of the event that sends it (its contract, its durable name). */
  on: ConsumerDeclaration;
  kind: NotificationKind;
  to: RecipientSource[];
  /** The secret links of the email, resolved at send time (never stored usable). */
  secretLinks?: SecretLinkRule[];
  skipWhen?: SkipCondition[];
  /** Where the proposal or exchange event the email is about sits in the data (for staff search). */
  proposalIdPath?: string;
  eventIdPath?: string;
}

/**
 * The injection token of the handler every consumer hands its event to: the intake (`NotificationIntake`, which
 * applies the rules of the event's contract). The module provides it.
 */
export const NOTIFY: InjectionToken = Symbol('notifications.notify');

/**
 * The durable JetStream consumers: one per contract the rules below consume, each with its durable name written
 * here as a literal. The name is the consumer's position in the producer's stream: never rename a deployed one
 * (a new name starts again from the stream's first message); deploy/nats/auth.conf grants each by this name, and
 * deploy/test reads the names from this file. The sample data (`templates/sample-data.ts`) and the tests name a
 * consumed contract by its key here.
 */
export const CONSUMERS = {
  proposalSubmitted: defineConsumer(ProposalSubmittedV1, 'notifications-notify-on-proposal-submitted', NOTIFY),
  proposalAdvanced: defineConsumer(ProposalAdvancedV1, 'notifications-notify-on-proposal-advanced', NOTIFY),
  proposalDecided: defineConsumer(ProposalDecidedV1, 'notifications-notify-on-proposal-decided', NOTIFY),
  reviewerAssigned: defineConsumer(ReviewerAssignedV1, 'notifications-notify-on-reviewer-assigned', NOTIFY),
  teamFormed: defineConsumer(TeamFormedV1, 'notifications-notify-on-team-formed', NOTIFY),
  outcomeRecorded: defineConsumer(OutcomeRecordedV1, 'notifications-notify-on-outcome-recorded', NOTIFY),
  interviewScheduled: defineConsumer(InterviewScheduledV1, 'notifications-notify-on-interview-scheduled', NOTIFY),
  interviewRescheduled: defineConsumer(InterviewRescheduledV1, 'notifications-notify-on-interview-rescheduled', NOTIFY),
  interviewCancelled: defineConsumer(InterviewCancelledV1, 'notifications-notify-on-interview-cancelled', NOTIFY),
  documentsRequested: defineConsumer(DocumentsRequestedV1, 'notifications-notify-on-documents-requested', NOTIFY),
  documentRequestChanged: defineConsumer(DocumentRequestChangedV1, 'notifications-notify-on-document-request-changed', NOTIFY),
  documentRequestClosed: defineConsumer(DocumentRequestClosedV1, 'notifications-notify-on-document-request-closed', NOTIFY),
  reviewDueSoon: defineConsumer(ReviewDueSoonV1, 'notifications-notify-on-review-due-soon', NOTIFY),
  reviewOverdue: defineConsumer(ReviewOverdueV1, 'notifications-notify-on-review-overdue', NOTIFY),
  overdueReviewsDigest: defineConsumer(OverdueReviewsDigestV1, 'notifications-notify-on-overdue-reviews-digest', NOTIFY),
  registrationReceived: defineConsumer(RegistrationReceivedV1, 'notifications-notify-on-registration-received', NOTIFY),
  registrationConfirmed: defineConsumer(RegistrationConfirmedV1, 'notifications-notify-on-registration-confirmed', NOTIFY),
  registrationWaitlisted: defineConsumer(RegistrationWaitlistedV1, 'notifications-notify-on-registration-waitlisted', NOTIFY),
  registrationSeatOffered: defineConsumer(RegistrationSeatOfferedV2, 'notifications-notify-on-registration-seat-offered', NOTIFY),
  registrationOfferExpired: defineConsumer(RegistrationOfferExpiredV1, 'notifications-notify-on-registration-offer-expired', NOTIFY),
  registrationCancelled: defineConsumer(RegistrationCancelledV1, 'notifications-notify-on-registration-cancelled', NOTIFY),
  eventChanged: defineConsumer(EventChangedV1, 'notifications-notify-on-event-changed', NOTIFY),
  eventCancelled: defineConsumer(EventCancelledV1, 'notifications-notify-on-event-cancelled', NOTIFY),
  reminderDue: defineConsumer(ReminderDueV1, 'notifications-notify-on-reminder-due', NOTIFY),
  eventCompleted: defineConsumer(EventCompletedV2, 'notifications-notify-on-event-completed', NOTIFY),
  accountInvited: defineConsumer(AccountInvitedV2, 'notifications-notify-on-account-invited', NOTIFY),
} as const;

/** Short for the rule table below. */
const ON = CONSUMERS;

const HISTORICAL: SkipCondition = {
  path: 'historical',
  equals: true,
  reason: 'history brought over from paper or spreadsheets is not news',
};

const PROPOSAL = 'proposal.proposalId';
const EVENT = 'event.eventId';

/** The rule table: which event makes which email for whom. Data, not code. */
export const NOTIFICATION_RULES: readonly NotificationRule[] = [
  // proposals
  {
    on: ON.proposalSubmitted,
    kind: 'proposal-received',
    to: [{ person: 'proposal.contactPersonId', role: 'applicant' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.proposalSubmitted,
    kind: 'proposal-submitted-notice',
    to: [{ person: 'proposal.coordinatorId', role: 'coordinator' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.proposalAdvanced,
    kind: 'proposal-advanced',
    to: [
      { person: 'proposal.contactPersonId', role: 'applicant' },
      { person: 'proposal.coordinatorId', role: 'coordinator' },
    ],
    // One act, one email per person, whichever event comes first: the stage change of a decision or of a team
    // formation is told by the decided / team-formed emails, which reach the contact person and the coordinator.
    skipWhen: [
      HISTORICAL,
      { act: 'decision', toldBy: ['proposal-decided', 'proposal-decided-notice'], reason: 'the screening result tells this stage change' },
      { act: 'team-formation', toldBy: ['team-formed'], reason: 'the team-formed email tells this stage change' },
    ],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.proposalDecided,
    kind: 'proposal-decided',
    to: [{ person: 'proposal.contactPersonId', role: 'applicant' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  {
    // Staff want to know the result too (docs/domain.md); a work notice of its own, which a coordinator may switch off.
    on: ON.proposalDecided,
    kind: 'proposal-decided-notice',
    to: [{ person: 'proposal.coordinatorId', role: 'coordinator' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  { on: ON.reviewerAssigned, kind: 'reviewer-assigned', to: [{ person: 'advisorId', role: 'advisor' }], proposalIdPath: PROPOSAL },
  {
    on: ON.teamFormed,
    kind: 'team-formed',
    // The coordinator too (once, if also a member): the stage change into the team stage sends them nothing.
    to: [
      { person: 'members[].personId', role: 'team_member' },
      { person: 'proposal.contactPersonId', role: 'applicant' },
      { person: 'proposal.coordinatorId', role: 'coordinator' },
    ],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.outcomeRecorded,
    kind: 'outcome-recorded',
    to: [{ person: 'proposal.coordinatorId', role: 'coordinator' }],
    // OutcomeRecordedV1 may carry `historical` (outcomes brought over from the paper years); absent, it sends.
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  // hearings and document requests: to the people the event names (the contact person first), in their own language
  {
    on: ON.interviewScheduled,
    kind: 'interview-scheduled',
    to: [{ person: 'recipientIds[]', role: 'applicant' }],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.interviewRescheduled,
    kind: 'interview-rescheduled',
    to: [{ person: 'recipientIds[]', except: 'addedRecipientIds[]', role: 'applicant' }],
    proposalIdPath: PROPOSAL,
  },
  {
    // Those invited by this change: the invitation itself (a change to a hearing they never heard of would
    // puzzle them). One act, one email: they get this one only.
    on: ON.interviewRescheduled,
    kind: 'interview-scheduled',
    to: [{ person: 'addedRecipientIds[]', role: 'applicant' }],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.interviewCancelled,
    kind: 'interview-cancelled',
    to: [{ person: 'recipientIds[]', role: 'applicant' }],
    proposalIdPath: PROPOSAL,
  },
  {
    // Those no longer invited when a hearing changes: the cancellation (METHOD:CANCEL) takes it out of their
    // calendar. One act, one email: whoever is still invited gets the change only.
    on: ON.interviewRescheduled,
    kind: 'interview-cancelled',
    to: [{ person: 'removedRecipientIds[]', except: 'recipientIds[]', role: 'applicant' }],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.documentsRequested,
    kind: 'documents-requested',
    to: [{ person: 'recipientIds[]', role: 'applicant' }],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.documentRequestChanged,
    kind: 'document-request-changed',
    to: [{ person: 'recipientIds[]', role: 'applicant' }],
    proposalIdPath: PROPOSAL,
  },
  {
    on: ON.documentRequestClosed,
    kind: 'document-request-withdrawn',
    to: [{ person: 'recipientIds[]', role: 'applicant' }],
    skipWhen: [{ path: 'outcome', equals: 'fulfilled', reason: 'the documents arrived; the applicant sent them and needs no email' }],
    proposalIdPath: PROPOSAL,
  },
  // review deadlines: the proposals service publishes each reminder once per assignment and due day
  { on: ON.reviewDueSoon, kind: 'review-due-soon', to: [{ person: 'advisorId', role: 'advisor' }], proposalIdPath: PROPOSAL },
  { on: ON.reviewOverdue, kind: 'review-overdue', to: [{ person: 'advisorId', role: 'advisor' }], proposalIdPath: PROPOSAL },
  { on: ON.overdueReviewsDigest, kind: 'overdue-reviews-digest', to: [{ person: 'coordinatorId', role: 'coordinator' }] },
  // events
  {
    on: ON.registrationReceived,
    kind: 'registration-received',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.registrationConfirmed,
    kind: 'registration-confirmed',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.registrationWaitlisted,
    kind: 'registration-waitlisted',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.registrationSeatOffered,
    kind: 'registration-seat-offered',
    to: [{ registration: 'registration', role: 'registrant' }],
    secretLinks: [
      {
        via: 'events.registrant',
        purpose: 'seat-offer',
        masked: 'maskedAcceptUrl',
        registrationId: 'registration.registrationId',
        offerId: 'offerId',
      },
    ],
    eventIdPath: EVENT,
  },
  {
    on: ON.registrationOfferExpired,
    kind: 'registration-offer-expired',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.registrationCancelled,
    kind: 'registration-cancelled',
    to: [{ registration: 'registration', role: 'registrant' }],
    skipWhen: [{ path: 'cancelledBy', equals: 'event_cancelled', reason: 'the event-cancelled email tells them' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.eventChanged,
    kind: 'event-changed',
    to: [{ registration: 'registrations[]', exceptStatuses: ['cancelled'], role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.eventCancelled,
    kind: 'event-cancelled',
    // The event carries exactly the registrations that were active when it was cancelled (and are now
    // cancelled with it): every one of them is told.
    to: [{ registration: 'registrations[]', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.reminderDue,
    kind: 'event-reminder',
    to: [{ registration: 'registrations[]', onlyStatuses: ['confirmed'], role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    on: ON.eventCompleted,
    kind: 'event-thanks',
    to: [{ each: 'attendees[]', registration: 'registration', exceptStatuses: ['cancelled', 'no_show'], role: 'registrant' }],
    secretLinks: [
      {
        via: 'events.registrant',
        purpose: 'questionnaire',
        masked: 'own.maskedQuestionnaireUrl',
        registrationId: 'own.registration.registrationId',
      },
    ],
    eventIdPath: EVENT,
  },
  // registry
  {
    on: ON.accountInvited,
    kind: 'account-invitation',
    to: [{ address: { email: 'email', name: 'displayName', language: 'language', personId: 'personId' }, role: 'invitee' }],
    secretLinks: [{ via: 'registry.invitation', masked: 'maskedSetPasswordUrl', accountId: 'accountId', invitationId: 'invitationId' }],
  },
];

export function rulesFor(subject: EventSubject, rules: readonly NotificationRule[] = NOTIFICATION_RULES): NotificationRule[] {
  return rules.filter((r) => r.on.contract.subject === subject);
}

/** The service's consumers (the definition's `eventConsumers`): those of the rule table, each once. */
export function notificationConsumers(rules: readonly NotificationRule[] = NOTIFICATION_RULES): ConsumerDeclaration[] {
  return [...new Set(rules.map((r) => r.on))];
}

/** The contracts the service consumes: one durable consumer each. */
export function consumedContracts(rules: readonly NotificationRule[] = NOTIFICATION_RULES): EventContract[] {
  return notificationConsumers(rules).map((c) => c.contract);
}
