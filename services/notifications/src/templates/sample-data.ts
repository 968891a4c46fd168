import type {
  DataOf,
  DocumentRequestV1,
  EventContract,
  EventRefV1,
  EventSubject,
  InterviewV1,
  ProposalRefV1,
  RegistrationRefV1,
} from '@collabo/contracts';
import { CONSUMERS } from '../rules/notification-rules.js';

/**
 * Sample data for every consumed event, as the producing services would send it: what staff see when
 * they preview a template, and what the tests build their events from. One sample per consumer of the rule table
 * (the type asks for each); each passes its contract (a unit test checks).
 */
const proposal: ProposalRefV1 = {
  proposalId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e4f',
  referenceNumber: 'P2026-0042',
  title: { ja: '昆布の根（ガニアシ）を使った食品素材の開発', en: 'A food material from kelp holdfasts' },
  programmeCode: 'commercialisation-support',
  programmeName: { ja: '事業化支援', en: 'Commercialisation support' },
  proposingOrganizationId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e40',
  contactPersonId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e41',
  coordinatorId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
  focusFields: ['food', 'bio'],
};

const event: EventRefV1 = {
  eventId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e50',
  kind: 'exchange_meeting',
  title: { ja: '食と健康の異分野交流会', en: 'Food and health cross-field exchange meeting' },
  startsAt: '2026-12-03T18:00:00+09:00',
  endsAt: '2026-12-03T20:30:00+09:00',
  venue: { name: 'コラボほっかいどう 交流スペース', address: '札幌市北区北21条西12丁目' },
  language: 'ja',
  feeYen: 0,
  partyFeeYen: 3000,
};

const registration: RegistrationRefV1 = {
  registrationId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e51',
  registrant: { personId: null, name: '佐藤 花子', organizationName: '株式会社北のめぐみ', email: 'hanako@example.jp', language: 'ja' },
  status: 'confirmed',
};

const calendar = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Collabo//events//JA',
  'METHOD:PUBLISH',
  'BEGIN:VEVENT',
  `UID:${registration.registrationId}@collabo.example.jp`,
  'DTSTAMP:20261120T000000Z',
  'DTSTART:20261203T090000Z',
  'DTEND:20261203T113000Z',
  'SUMMARY:食と健康の異分野交流会',
  'LOCATION:コラボほっかいどう 交流スペース',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

const interview: InterviewV1 = {
  interviewId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e90',
  sequence: 1,
  startsAt: '2026-12-10T14:00:00.000+09:00',
  endsAt: '2026-12-10T15:00:00.000+09:00',
  place: 'コラボほっかいどう 2階 会議室A（札幌市北区北21条西12丁目）',
  onlineUrl: 'https://meet.example.jp/collabo-p2026-0042',
  note: '事業計画のご説明（15分）と質疑応答を予定しています。試作品があればお持ちください。',
};

const documentRequest: DocumentRequestV1 = {
  requestId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e91',
  sequence: 1,
  items: ['決算書（直近2期分）', '試作品の成分分析結果'],
  dueOn: '2026-12-18',
  note: 'PDF で担当コーディネーター宛にお送りください。',
};

const SAMPLES: { [K in keyof typeof CONSUMERS]: DataOf<(typeof CONSUMERS)[K]['contract']> } = {
  proposalSubmitted: {
    proposal,
    stage: { code: 'received', label: { ja: '受付', en: 'Received' } },
    broughtInOn: '2026-11-20',
    originEventId: null,
  },
  proposalAdvanced: {
    transitionId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e60',
    proposal,
    from: { code: 'pre_screening', label: { ja: '事前審査', en: 'Pre-screening' } },
    to: { code: 'screening', label: { ja: '書面審査', en: 'Written review' } },
    reason: '書類が揃ったため',
    effectiveAt: '2026-11-28T10:00:00+09:00',
    recordedAt: '2026-11-28T10:00:01+09:00',
    actorId: null,
  },
  proposalDecided: {
    transitionId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e61',
    proposal,
    decision: 'accepted',
    effectiveAt: '2027-01-15T15:00:00+09:00',
  },
  reviewerAssigned: {
    assignmentId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e62',
    proposal,
    advisorId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43',
    dueOn: '2026-12-15',
  },
  teamFormed: {
    teamId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e63',
    proposal,
    members: [
      { personId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42', role: 'coordinator' },
      { personId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43', role: 'lead_advisor' },
    ],
  },
  outcomeRecorded: {
    outcomeId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e64',
    proposal,
    kind: 'sale',
    summary: '道内の百貨店3店舗で販売を開始',
    amountYen: 1250000,
    fiscalYear: 2026,
  },
  interviewScheduled: {
    proposal,
    interview,
    recipientIds: [proposal.contactPersonId],
    scheduledBy: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
  },
  interviewRescheduled: {
    proposal,
    interview: { ...interview, sequence: 2, startsAt: '2026-12-11T10:00:00.000+09:00', endsAt: '2026-12-11T11:00:00.000+09:00' },
    previous: interview,
    recipientIds: [proposal.contactPersonId],
    removedRecipientIds: [],
    addedRecipientIds: [],
    changedBy: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
  },
  interviewCancelled: {
    proposal,
    interview: { ...interview, sequence: 3 },
    recipientIds: [proposal.contactPersonId],
    reason: '審査日程の見直しのため',
    cancelledBy: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
  },
  documentsRequested: {
    proposal,
    request: documentRequest,
    recipientIds: [proposal.contactPersonId],
    requestedBy: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
  },
  documentRequestChanged: {
    proposal,
    request: { ...documentRequest, sequence: 2, dueOn: '2026-12-25' },
    previous: documentRequest,
    recipientIds: [proposal.contactPersonId],
    changedBy: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
  },
  documentRequestClosed: {
    proposal,
    request: documentRequest,
    outcome: 'withdrawn',
    reason: '別途ご提出いただいた資料で確認できたため',
    recipientIds: [proposal.contactPersonId],
    closedBy: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
  },
  reviewDueSoon: {
    assignmentId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e62',
    proposal,
    advisorId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43',
    dueOn: '2026-12-15',
    daysLeft: 3,
  },
  reviewOverdue: {
    assignmentId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e62',
    proposal,
    advisorId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43',
    dueOn: '2026-12-15',
    daysOverdue: 1,
  },
  overdueReviewsDigest: {
    coordinatorId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e42',
    weekOf: '2026-12-21',
    reviews: [
      {
        assignmentId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e62',
        proposalId: proposal.proposalId,
        referenceNumber: proposal.referenceNumber,
        title: proposal.title,
        advisorId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43',
        dueOn: '2026-12-15',
        daysOverdue: 6,
      },
      {
        assignmentId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e65',
        proposalId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e66',
        referenceNumber: 'P2026-0051',
        title: { ja: '道産ハスカップの機能性表示食品', en: 'A food with function claims from Hokkaido haskap berries' },
        advisorId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e44',
        dueOn: '2026-12-18',
        daysOverdue: 3,
      },
    ],
  },
  registrationReceived: {
    event,
    registration: { ...registration, status: 'received' },
  },
  registrationConfirmed: {
    event,
    registration,
    checkInToken: 'K7Q2-9XWD',
    calendar,
  },
  registrationWaitlisted: {
    event,
    registration: { ...registration, status: 'waitlisted' },
    position: 3,
  },
  registrationSeatOffered: {
    event,
    registration: { ...registration, status: 'offered' },
    offerId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e70',
    expiresAt: '2026-11-30T12:00:00+09:00',
    maskedAcceptUrl: 'https://collabo.example.jp/events/offers/01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e70/accept?token=•••',
  },
  registrationOfferExpired: {
    event,
    registration: { ...registration, status: 'waitlisted' },
    offerId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e70',
  },
  registrationCancelled: {
    event,
    registration: { ...registration, status: 'cancelled' },
    cancelledBy: 'registrant',
  },
  eventChanged: {
    event,
    changedFields: ['startsAt', 'endsAt'],
    message: '講師の都合により、開始時刻を30分繰り下げます。',
    registrations: [registration],
  },
  eventCancelled: {
    event,
    reason: '大雪警報の発令が見込まれるため',
    registrations: [registration],
  },
  reminderDue: {
    event,
    registrations: [registration],
  },
  eventCompleted: {
    event,
    attendees: [
      {
        registration: { ...registration, status: 'attended' },
        maskedQuestionnaireUrl: 'https://collabo.example.jp/events/questionnaire?token=•••',
      },
    ],
  },
  accountInvited: {
    accountId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e80',
    personId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43',
    email: 'advisor@example.ac.jp',
    displayName: '高橋 健一',
    language: 'ja',
    roles: ['advisor'],
    invitationId: '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e81',
    maskedSetPasswordUrl: 'https://collabo.example.jp/set-password?token=•••',
    expiresAt: '2026-12-05T23:59:00+09:00',
    invitedBy: null,
  },
};

/**
 * The names of the sample data's people whom an email names without writing to them (the digest's advisors), as the
 * registry would give them in each language: what a preview shows in place of the names the worker puts in at send
 * time.
 */
export const SAMPLE_PEOPLE: Readonly<Record<string, Record<'ja' | 'en', string>>> = {
  '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e43': { ja: '高橋 健一', en: '高橋 健一' },
  '01936f3c-7b7a-7c1e-9a6e-1f0b8b2d3e44': { ja: 'Emily Clark', en: 'Emily Clark' },
};

/** The samples by subject of their contract. */
export const SAMPLE_DATA: Partial<Record<EventSubject, object>> = Object.fromEntries(
  (Object.keys(SAMPLES) as (keyof typeof CONSUMERS)[]).map((name) => [CONSUMERS[name].contract.subject, SAMPLES[name]]),
);

/** A copy of the sample of a consumed contract, to change freely. */
export function sampleOf<C extends EventContract>(contract: C): DataOf<C> {
  const sample = SAMPLE_DATA[contract.subject];
  if (!sample) throw new Error(`no sample data for ${contract.subject}`);
  return structuredClone(sample) as DataOf<C>;
}
