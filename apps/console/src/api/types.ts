/**
 * The console's names for the services' answers. Where a service's OpenAPI document describes an answer, the name is
 * an alias of the generated schema (./generated/<service>.ts), so that a change of the API that breaks a screen fails
 * type-check; the interfaces left here are answers whose documents describe no schema yet.
 */
import type { components as ProposalsComponents } from './generated/proposals';
import type { components as RegistryComponents } from './generated/registry';

type RegistrySchemas = RegistryComponents['schemas'];
type ProposalsSchemas = ProposalsComponents['schemas'];

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
  /** The registry's searches by relevance count up to a cap: false means "at least `total`". */
  totalExact?: boolean;
}

// --- registry: generated from its OpenAPI document (the response classes in services/registry/src/**/*.views.ts) ---

export type Role = RegistrySchemas['AccountView']['roles'][number];
/** An organisation (`GET /v1/organizations`, `GET /v1/organizations/{id}`). */
export type Organization = RegistrySchemas['OrganizationView'];
/** The same record: the editing and merging screens read all of it. */
export type OrganizationRecordView = RegistrySchemas['OrganizationView'];
/** `GET /v1/organizations/{id}/duplicates`: organisations in the same municipality with a similar name. */
export type PossibleDuplicate = RegistrySchemas['PossibleDuplicate'];
/** `POST /v1/organizations/{id}/merge`. */
export type MergeResult = RegistrySchemas['OrganizationMergeResult'];
/** A person in a list or as a change answers them (email, phone null where the caller may not see them). */
export type Person = RegistrySchemas['PersonView'];
/** `GET /v1/people/{id}` (with the person's study-group memberships). */
export type PersonRecordView = RegistrySchemas['PersonRecordView'];
export type Affiliation = RegistrySchemas['AffiliationView'];
/** `GET /v1/municipalities`: Hokkaido's 179. */
export type Municipality = RegistrySchemas['MunicipalityView'];
export type Bureau = RegistrySchemas['BureauView'];
export type RolePeriod = RegistrySchemas['RolePeriod'];
/** A study-group membership. */
export type MembershipView = RegistrySchemas['MembershipView'];
/** `GET /v1/study-groups`: a study group with its bureaus and current member count. */
export type StudyGroupSummary = RegistrySchemas['StudyGroupSummary'];
export type StudyGroupReportCell = Pick<RegistrySchemas['StudyGroupReportYear'], 'studyGroups' | 'members'>;
/** `GET /v1/reports/study-groups?from=&to=`: study groups and members per fiscal year. */
export type StudyGroupReport = RegistrySchemas['StudyGroupReport'];
/** A staff account (admin only). */
export type StaffAccount = RegistrySchemas['AccountView'];
/** One of a person's consents (`GET /v1/people/{id}/consents`). */
export type ConsentView = RegistrySchemas['ConsentView'];
/** One service's part of a privacy request. */
export type PrivacyServicePart = RegistrySchemas['PrivacyServicePart'];
export type PrivacyService = PrivacyServicePart['service'];
/** A privacy request (`GET /v1/privacy-requests[/{id}]`, `POST /v1/privacy-requests`); the list's items carry no `services`. */
export type PrivacyRequestView = RegistrySchemas['PrivacyRequestView'];

/** One line of a record's audit trail (who, what, when, the names of the fields changed). */
export type AuditEntry = RegistrySchemas['AuditEntryView'];

// --- proposals: generated from its OpenAPI document (the response classes in services/proposals/src/**/*.view(s).ts) ---

export type ProposalView = ProposalsSchemas['ProposalView'];
export type ReviewView = ProposalsSchemas['ReviewView'];
export type AssignmentView = ProposalsSchemas['AssignmentView'];
export type RubricView = ProposalsSchemas['RubricView'];
/** One line of a proposal's history (`GET /v1/proposals/{id}/transitions`); `from` is null for the first line. */
export type TransitionRecord = ProposalsSchemas['TransitionView'];

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

// --- proposals: reviewer assignment, review summary, team suggestions ----------------------------------------

export type ProposalConflict = ProposalsSchemas['ConflictView'];
export type TeamView = ProposalsSchemas['TeamView'];
export type OutcomeView = ProposalsSchemas['OutcomeView'];

/** A 409 of an assignment or a team with a conflict of interest and no waiver (`PROPOSALS.CONFLICT_OF_INTEREST`). */
export interface ConflictOfInterestProblem {
  code: 'PROPOSALS.CONFLICT_OF_INTEREST';
  conflicts?: ProposalConflict[];
  members?: { personId: string; conflicts: ProposalConflict[] }[];
  lookBackYears: number;
}

/** Mean, minimum, maximum and standard deviation of points. */
export type Spread = ProposalsSchemas['SpreadView'];

/** A rubric's fail rule broken by a total or by one criterion (told apart by `rule`). */
export type FailRule = ProposalsSchemas['TotalBelowMinimumView'] | ProposalsSchemas['CriterionBelowMinimumView'];

/** `GET /v1/proposals/{id}/review-summary` (admins, coordinators). */
export type ReviewSummary = ProposalsSchemas['ReviewSummaryView'];

export type TeamSuggestion = ProposalsSchemas['TeamSuggestionView'];

/** `GET /v1/proposals/{id}/team-suggestions` (admins, coordinators). */
export type TeamSuggestions = ProposalsSchemas['TeamSuggestionsView'];
