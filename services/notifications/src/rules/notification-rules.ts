import {
  AccountInvitedV2,
  EventCancelledV1,
  EventChangedV1,
  EventCompletedV2,
  OutcomeRecordedV1,
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
  ReviewerAssignedV1,
  TeamFormedV1,
  type EventContract,
  type EventSubject,
  type RegistrantLinkPurpose,
} from '@collabo/contracts';
import type { Category } from './categories.js';

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
export const KIND_NAMES = Object.keys(NotificationKinds) as NotificationKind[];

export function isKind(value: string): value is NotificationKind {
  return Object.hasOwn(NotificationKinds, value);
}

export function categoryOf(kind: NotificationKind): Category {
  return NotificationKinds[kind].category;
}

/**
 * Where the recipients of a rule are in the event's data. Paths are dot-separated; `[]` walks every
 * element of an array (`members[].personId`).
 * - `person`: registry person ids, resolved over registry RPC (email, language, name).
 * - `registration`: `RegistrationRefV1` objects; registry people among the registrants are resolved over
 *   RPC, guests are written to with the contact details the event carries. With `each`, the path is read
 *   inside every element of that list, and the element goes with the recipient as their own data
 *   (`attendees[]` → each attendee's own questionnaire link).
 * - `address`: an address carried in the data itself (the invitation of an account that is being set up).
 */
export type RecipientSource = (
  | { person: string }
  | { registration: string; each?: string; onlyStatuses?: string[]; exceptStatuses?: string[] }
  | { address: { email: string; name: string; language: string; personId?: string } }
) & {
  /** What the recipient is to the matter; templates may say things only to one role (`{ if: 'role_applicant' }`). */
  role: RecipientRole;
};

export const RecipientRoles = ['applicant', 'coordinator', 'advisor', 'team_member', 'registrant', 'invitee'] as const;
export type RecipientRole = (typeof RecipientRoles)[number];

/** A condition on the event's data under which a rule sends nothing. */
export interface SkipCondition {
  path: string;
  equals: string | number | boolean;
  reason: string;
}

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
  event: EventContract;
  kind: NotificationKind;
  to: RecipientSource[];
  /** The secret links of the email, resolved at send time (never stored usable). */
  secretLinks?: SecretLinkRule[];
  skipWhen?: SkipCondition[];
  /** Where the proposal or exchange event the email is about sits in the data (for staff search). */
  proposalIdPath?: string;
  eventIdPath?: string;
}

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
    event: ProposalSubmittedV1,
    kind: 'proposal-received',
    to: [{ person: 'proposal.contactPersonId', role: 'applicant' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  {
    event: ProposalSubmittedV1,
    kind: 'proposal-submitted-notice',
    to: [{ person: 'proposal.coordinatorId', role: 'coordinator' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  {
    event: ProposalAdvancedV1,
    kind: 'proposal-advanced',
    to: [
      { person: 'proposal.contactPersonId', role: 'applicant' },
      { person: 'proposal.coordinatorId', role: 'coordinator' },
    ],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  {
    event: ProposalDecidedV1,
    kind: 'proposal-decided',
    to: [{ person: 'proposal.contactPersonId', role: 'applicant' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  {
    // Staff want to know the result too (DOMAIN.md); a work notice of its own, which a coordinator may switch off.
    event: ProposalDecidedV1,
    kind: 'proposal-decided-notice',
    to: [{ person: 'proposal.coordinatorId', role: 'coordinator' }],
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  { event: ReviewerAssignedV1, kind: 'reviewer-assigned', to: [{ person: 'advisorId', role: 'advisor' }], proposalIdPath: PROPOSAL },
  {
    event: TeamFormedV1,
    kind: 'team-formed',
    to: [
      { person: 'members[].personId', role: 'team_member' },
      { person: 'proposal.contactPersonId', role: 'applicant' },
    ],
    proposalIdPath: PROPOSAL,
  },
  {
    event: OutcomeRecordedV1,
    kind: 'outcome-recorded',
    to: [{ person: 'proposal.coordinatorId', role: 'coordinator' }],
    // OutcomeRecordedV1 may carry `historical` (outcomes brought over from the paper years); absent, it sends.
    skipWhen: [HISTORICAL],
    proposalIdPath: PROPOSAL,
  },
  // events
  {
    event: RegistrationReceivedV1,
    kind: 'registration-received',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    event: RegistrationConfirmedV1,
    kind: 'registration-confirmed',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    event: RegistrationWaitlistedV1,
    kind: 'registration-waitlisted',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    event: RegistrationSeatOfferedV2,
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
    event: RegistrationOfferExpiredV1,
    kind: 'registration-offer-expired',
    to: [{ registration: 'registration', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    event: RegistrationCancelledV1,
    kind: 'registration-cancelled',
    to: [{ registration: 'registration', role: 'registrant' }],
    skipWhen: [{ path: 'cancelledBy', equals: 'event_cancelled', reason: 'the event-cancelled email tells them' }],
    eventIdPath: EVENT,
  },
  {
    event: EventChangedV1,
    kind: 'event-changed',
    to: [{ registration: 'registrations[]', exceptStatuses: ['cancelled'], role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    event: EventCancelledV1,
    kind: 'event-cancelled',
    // The event carries exactly the registrations that were active when it was cancelled (and are now
    // cancelled with it): every one of them is told.
    to: [{ registration: 'registrations[]', role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    event: ReminderDueV1,
    kind: 'event-reminder',
    to: [{ registration: 'registrations[]', onlyStatuses: ['confirmed'], role: 'registrant' }],
    eventIdPath: EVENT,
  },
  {
    event: EventCompletedV2,
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
    event: AccountInvitedV2,
    kind: 'account-invitation',
    to: [{ address: { email: 'email', name: 'displayName', language: 'language', personId: 'personId' }, role: 'invitee' }],
    secretLinks: [{ via: 'registry.invitation', masked: 'maskedSetPasswordUrl', accountId: 'accountId', invitationId: 'invitationId' }],
  },
];

export function rulesFor(subject: EventSubject, rules: readonly NotificationRule[] = NOTIFICATION_RULES): NotificationRule[] {
  return rules.filter((r) => r.event.subject === subject);
}

/** The contracts the service consumes: one durable consumer each. */
export function consumedContracts(rules: readonly NotificationRule[] = NOTIFICATION_RULES): EventContract[] {
  return [...new Set(rules.map((r) => r.event))];
}
