/**
 * Shapes of answers whose OpenAPI documents carry no schema (the registry's views, some lists). Where a document
 * has one, the generated type is used instead (see ./schemas.ts).
 */
import type { components as ProposalsComponents } from './generated/proposals';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** The registry's searches by relevance count up to a cap: false means "at least `total`". */
  totalExact?: boolean;
}

export type Role = 'admin' | 'coordinator' | 'advisor' | 'viewer';

export interface Organization {
  id: string;
  kind: string;
  sector: string | null;
  name: string;
  nameKana: string | null;
  nameEn: string | null;
  corporateNumber: string | null;
  focusFields: string[];
  municipalityCode: string | null;
  municipalityName: string | null;
  bureauCode: string | null;
  address: string | null;
  representative: string | null;
  website: string | null;
  foundedOn: string | null;
  archived: boolean;
  version: number;
  updatedAt: string;
}

export interface Person {
  id: string;
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  displayName: string;
  nameEn: string | null;
  email: string | null;
  archived: boolean;
}

export interface Affiliation {
  id: string;
  personId: string;
  organizationId: string;
  personName?: string;
  organizationName?: string;
  department?: string | null;
  title?: string | null;
  from?: string | null;
  to?: string | null;
  /** The affiliation's version (its ETag, for If-Match on a change). */
  version?: number;
  [key: string]: unknown;
}

export interface AuditEntry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actorId: string | null;
  at?: string;
  occurredAt?: string;
  changes?: unknown;
  [key: string]: unknown;
}

export type ProposalView = ProposalsComponents['schemas']['ProposalView'];
export type ReviewView = ProposalsComponents['schemas']['ReviewView'];
export type AssignmentView = ProposalsComponents['schemas']['AssignmentView'];
export type RubricView = ProposalsComponents['schemas']['RubricView'];

export interface TransitionRecord {
  id: string;
  from: { code: string; label?: { ja: string; en?: string } } | string | null;
  to: { code: string; label?: { ja: string; en?: string } } | string;
  reason: string;
  at?: string;
  effectiveAt?: string;
  actorId?: string;
  [key: string]: unknown;
}

export interface EventSummary {
  id: string;
  title: { ja: string; en?: string | null } | string;
  kind: string;
  status: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  venue?: unknown;
  [key: string]: unknown;
}

export interface Registration {
  id: string;
  status: string;
  name?: string;
  email?: string;
  waitlistPosition?: number | null;
  registeredAt?: string;
  [key: string]: unknown;
}

export interface Delivery {
  id: string;
  kind: string;
  status: string;
  to?: string;
  email?: string;
  subject?: string;
  createdAt?: string;
  sentAt?: string | null;
  [key: string]: unknown;
}

export interface DeadLetter {
  id: string;
  consumer: string;
  subject: string;
  reason?: string;
  error?: string;
  deliveries?: number;
  parkedAt?: string;
  createdAt?: string;
  status?: string;
  [key: string]: unknown;
}

/** An organisation as GET /v1/organizations/{id} answers it, with what the registry's editing and merging screens read. */
export interface OrganizationRecordView extends Organization {
  mergedInto: string | null;
  archivedAt: string | null;
  postalCode: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  createdAt: string;
}

/** GET /v1/organizations/{id}/duplicates: organisations in the same municipality with a similar name. */
export interface PossibleDuplicate {
  id: string;
  name: string;
  municipalityCode: string | null;
  similarity: number;
}

/** POST /v1/organizations/{id}/merge. */
export interface MergeResult {
  survivor: OrganizationRecordView;
  mergedId: string;
  movedAffiliations: number;
  movedMemberships: number;
  movedTenancies: number;
  movedConsortiumMemberships: number;
}

/** GET /v1/municipalities: Hokkaido's 179. */
export interface Municipality {
  code: string;
  nameJa: string;
  nameKana: string;
  nameEn: string;
  kind: 'city' | 'town' | 'village';
  bureauCode: string;
}

export interface Bureau {
  code: string;
  nameJa?: string;
  nameEn?: string;
  [key: string]: unknown;
}

/** GET /v1/people/{id} (with the person's study-group memberships). */
export interface PersonRecordView extends Person {
  phone: string | null;
  preferredLanguage: 'ja' | 'en';
  consentToList: boolean;
  expertiseFields: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  memberships?: MembershipView[];
}

export interface RolePeriod {
  role: string;
  fromOn: string;
  toOn: string | null;
}

/** A study-group membership (registry MembershipView). */
export interface MembershipView {
  id: string;
  studyGroupId: string;
  studyGroupName: string;
  personId: string;
  personName: string;
  role: string;
  joinedOn: string;
  leftOn: string | null;
  roles: RolePeriod[];
  version: number;
}

/** GET /v1/study-groups: a study group with its bureaus and current member count. */
export interface StudyGroupSummary {
  id: string;
  name: string;
  nameKana: string;
  foundedOn: string | null;
  dissolvedOn: string | null;
  focusFields: string[];
  areaMunicipalityCodes: string[];
  areaBureauCodes: string[];
  bureauCodes: string[];
  currentMembers: number;
  archived: boolean;
}

export interface StudyGroupReportCell {
  studyGroups: number;
  members: number;
}

/** GET /v1/reports/study-groups?from=&to=: study groups and members per fiscal year. */
export interface StudyGroupReport {
  from: number;
  to: number;
  fiscalYears: (StudyGroupReportCell & {
    fiscalYear: number;
    start: string;
    end: string;
    people: number;
    byBureau: ({ bureauCode: string | null } & StudyGroupReportCell)[];
    byFocusField: ({ focusField: string } & StudyGroupReportCell)[];
  })[];
  undatedStudyGroups: number;
}

/** The report of a CSV import (registry organisations/people, proposals' history, events' past events): dry run or commit. */
export interface ImportReport {
  dryRun: boolean;
  encoding: string;
  rows: number;
  valid: number;
  invalid: number;
  errors: { line: number; field: string; message: string }[];
  warnings?: { line: number; field: string; message: string }[];
  created?: unknown[];
  [key: string]: unknown;
}

/** A staff account (registry AccountView; admin only). */
export interface StaffAccount {
  id: string;
  personId: string;
  personName: string;
  email: string;
  roles: Role[];
  status: 'invited' | 'active' | 'disabled';
  activatedAt: string | null;
  invitationExpiresAt: string | null;
  failedLogins: number;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  version: number;
}

// --- proposals: reviewer assignment, review summary, team suggestions (helper F) -------------------------------

export type ProposalConflict = ProposalsComponents['schemas']['ConflictView'];
export type TeamView = ProposalsComponents['schemas']['TeamView'];
export type OutcomeView = ProposalsComponents['schemas']['OutcomeView'];

/** A 409 of an assignment or a team with a conflict of interest and no waiver (`PROPOSALS.CONFLICT_OF_INTEREST`). */
export interface ConflictOfInterestProblem {
  code: 'PROPOSALS.CONFLICT_OF_INTEREST';
  conflicts?: ProposalConflict[];
  members?: { personId: string; conflicts: ProposalConflict[] }[];
  lookBackYears: number;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
  stdDev: number;
}

export type FailRule =
  | { rule: 'total_below_minimum'; total: number; minimum: number }
  | { rule: 'criterion_below_minimum'; criterion: string; points: number; minimum: number };

/** `GET /v1/proposals/{id}/review-summary` (admins, coordinators). */
export interface ReviewSummary {
  reviews: number;
  criteria: (Spread & { criterion: string; maxPoints: number; minimum: number })[];
  total: Spread | null;
  maxTotal: number;
  failed: boolean | null;
  failures: FailRule[];
  rubric: { id: string; fiscalYear: number; version: number } | null;
  recommendations: Record<string, number>;
}

export interface TeamSuggestion {
  rank: number;
  personId: string;
  score: number;
  sectors: string[];
  matchingFields: string[];
  openAssignments: number;
  explanation: { factor: 'focus_match' | 'new_sector' | 'open_assignments'; points: number; detail: string }[];
}

/** `GET /v1/proposals/{id}/team-suggestions` (admins, coordinators). */
export interface TeamSuggestions {
  proposalId: string;
  focusFields: string[];
  teamSectors: string[];
  candidatesComplete: boolean;
  lookBackYears: number;
  suggestions: TeamSuggestion[];
  excluded: { personId: string; reason: 'conflict_of_interest' | 'already_on_team'; conflicts: ProposalConflict[] }[];
}

/** Registry: one of a person's consents (`GET /v1/people/{id}/consents`; the route documents no response schema). */
export interface ConsentView {
  id: string;
  personId: string;
  purpose: 'directory_listing' | 'attendee_listing' | 'news';
  purposeLabel: { ja: string; en: string };
  source: 'form' | 'staff';
  givenAt: string;
  recordedBy: string | null;
  inForce: boolean;
  withdrawnAt: string | null;
  withdrawnVia: 'link' | 'staff' | null;
  withdrawnBy: string | null;
  withdrawalUrl: string | null;
}

export type PrivacyService = 'registry' | 'proposals' | 'events' | 'notifications';

/** One service's part of a privacy request (registry PrivacyRequestsService `ServicePartView`). */
export interface PrivacyServicePart {
  service: PrivacyService;
  status: 'pending' | 'answered';
  answeredAt: string | null;
  /** Disclosure: how many records each section holds. */
  sections?: { key: string; title: { ja: string; en?: string | null }; records: number }[];
  /** Erasure, cessation: what the service did. */
  actions?: { what: string; action: 'erased' | 'redacted' | 'purged' | 'ceased' | 'resumed'; count: number }[];
  /** What the service kept although asked to erase it, and why. */
  retained?: { what: string; count: number; reason: { ja: string; en?: string | null }; until?: string | null }[];
}

/**
 * Registry: a privacy request (`GET /v1/privacy-requests[/{id}]`, `POST /v1/privacy-requests`; none of these routes
 * documents a response schema). The list's items carry no `services`.
 */
export interface PrivacyRequestView {
  id: string;
  kind: 'disclosure' | 'erasure' | 'cessation' | 'cessation_lifted';
  personId: string | null;
  email: string | null;
  subject: { personId: string | null; personIds: string[]; emails: string[] };
  status: 'open' | 'completed';
  overdue: boolean;
  openedAt: string;
  openedBy: string | null;
  dueAt: string;
  completedAt: string | null;
  /** When the registry's retention removed the personal data of the answers (the disclosure is then gone), or null. */
  personalDataRemovedAt: string | null;
  /** The answering services that have not answered yet. */
  pending: string[];
  services?: PrivacyServicePart[];
}
