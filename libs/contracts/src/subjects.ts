/**
 * The subject catalogue: every NATS subject Collabo uses, and nowhere else is a subject string written.
 * Shape: `<service>.<kind>.<aggregate>.<action>.v<major>`; kind is `cmd`, `qry` or `evt`.
 */
export const Subjects = {
  registry: {
    qry: {
      organizationGet: 'registry.qry.organization.get.v1',
      organizationsGetMany: 'registry.qry.organizations.get-many.v1',
      personGet: 'registry.qry.person.get.v1',
      peopleGetMany: 'registry.qry.people.get-many.v1',
      studyGroupMembers: 'registry.qry.study-group.members.v1',
      affiliationsOfPerson: 'registry.qry.affiliations.of-person.v1',
      accountsByRole: 'registry.qry.accounts.by-role.v1',
      consentWithdrawalLinkGet: 'registry.qry.consent-withdrawal-link.get.v1',
    },
    cmd: {
      invitationLinkIssue: 'registry.cmd.invitation-link.issue.v1',
    },
    evt: {
      organizationRegistered: 'registry.evt.organization.registered.v1',
      organizationUpdated: 'registry.evt.organization.updated.v1',
      organizationArchived: 'registry.evt.organization.archived.v1',
      organizationMerged: 'registry.evt.organization.merged.v1',
      personRegistered: 'registry.evt.person.registered.v1',
      personUpdated: 'registry.evt.person.updated.v1',
      personMerged: 'registry.evt.person.merged.v1',
      membershipChanged: 'registry.evt.membership.changed.v1',
      accountInvited: 'registry.evt.account.invited.v2',
      privacyRequestOpened: 'registry.evt.privacy-request.opened.v1',
    },
  },
  proposals: {
    qry: {
      proposalSummary: 'proposals.qry.proposal.summary.v1',
    },
    evt: {
      proposalSubmitted: 'proposals.evt.proposal.submitted.v1',
      proposalAdvanced: 'proposals.evt.proposal.advanced.v1',
      proposalDecided: 'proposals.evt.proposal.decided.v1',
      reviewerAssigned: 'proposals.evt.reviewer.assigned.v1',
      teamFormed: 'proposals.evt.team.formed.v1',
      outcomeRecorded: 'proposals.evt.outcome.recorded.v1',
      interviewScheduled: 'proposals.evt.interview.scheduled.v1',
      interviewRescheduled: 'proposals.evt.interview.rescheduled.v1',
      interviewCancelled: 'proposals.evt.interview.cancelled.v1',
      documentsRequested: 'proposals.evt.document-request.issued.v1',
      documentRequestChanged: 'proposals.evt.document-request.changed.v1',
      documentRequestClosed: 'proposals.evt.document-request.closed.v1',
      reviewDueSoon: 'proposals.evt.review.due-soon.v1',
      reviewOverdue: 'proposals.evt.review.overdue.v1',
      overdueReviewsDigest: 'proposals.evt.review.overdue-digest.v1',
      privacyRequestAnswered: 'proposals.evt.privacy-request.answered.v1',
    },
  },
  events: {
    qry: {
      eventSummary: 'events.qry.event.summary.v1',
      registrantLink: 'events.qry.registrant-link.get.v1',
    },
    evt: {
      eventPublished: 'events.evt.event.published.v1',
      eventChanged: 'events.evt.event.changed.v1',
      eventCancelled: 'events.evt.event.cancelled.v1',
      registrationReceived: 'events.evt.registration.received.v1',
      registrationConfirmed: 'events.evt.registration.confirmed.v1',
      registrationWaitlisted: 'events.evt.registration.waitlisted.v1',
      registrationSeatOffered: 'events.evt.registration.seat-offered.v2',
      registrationOfferExpired: 'events.evt.registration.offer-expired.v1',
      registrationCancelled: 'events.evt.registration.cancelled.v1',
      reminderDue: 'events.evt.event.reminder-due.v1',
      eventCompleted: 'events.evt.event.completed.v2',
      privacyRequestAnswered: 'events.evt.privacy-request.answered.v1',
    },
  },
  notifications: {
    qry: {},
    evt: {
      privacyRequestAnswered: 'notifications.evt.privacy-request.answered.v1',
    },
  },
} as const;

type Leaves<T> = T extends string ? T : { [K in keyof T]: Leaves<T[K]> }[keyof T];

/** Every subject in the catalogue. */
export type Subject = Leaves<typeof Subjects>;
/** The services that own subjects (and one JetStream stream each). */
export type ServiceName = keyof typeof Subjects;
/** Subjects of events (`<service>.evt.…`). */
export type EventSubject = Extract<Subject, `${string}.evt.${string}`>;
/** Subjects of queries and commands answered over RPC. */
export type RpcSubject = Exclude<Subject, EventSubject>;

export const SERVICE_NAMES = Object.keys(Subjects) as ServiceName[];

/** The JetStream stream that holds a producing service's events: one stream per service, file storage. */
export function streamNameOf(service: ServiceName): string {
  return `COLLABO_${service.toUpperCase()}`;
}

/** The service that owns (publishes or answers) a subject. */
export function serviceOf(subject: Subject): ServiceName {
  return subject.slice(0, subject.indexOf('.')) as ServiceName;
}

/** `proposals.evt.proposal.advanced.v1` -> `{ type: 'proposals.evt.proposal.advanced', version: 1 }`. */
export function parseSubject(subject: Subject): { type: string; version: number } {
  const m = /^(.*)\.v(\d+)$/.exec(subject);
  if (!m) throw new Error(`subject without a version: ${subject}`);
  return { type: m[1]!, version: Number(m[2]) };
}

export function allSubjects(): Subject[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(Subjects);
  return out as Subject[];
}
