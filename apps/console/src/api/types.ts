/**
 * The console's names for the services' answers. Where a service's OpenAPI document describes an answer, the name is
 * an alias of the generated schema (./generated/<service>.ts), so that a change of the API that breaks a screen fails
 * type-check; the interfaces left here are answers whose documents describe no schema yet.
 */
import type { components as EventsComponents } from './generated/events';
import type { components as ProposalsComponents } from './generated/proposals';
import type { components as RegistryComponents } from './generated/registry';

type RegistrySchemas = RegistryComponents['schemas'];
type ProposalsSchemas = ProposalsComponents['schemas'];
type EventsSchemas = EventsComponents['schemas'];

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

// --- proposals: generated from its OpenAPI document (the response classes in services/proposals/src/**/*.view(s).ts) ---

export type ProposalView = ProposalsSchemas['ProposalView'];
export type RubricView = ProposalsSchemas['RubricView'];
/** One line of a proposal's history (`GET /v1/proposals/{id}/transitions`); `from` is null for the first line. */
export type TransitionRecord = ProposalsSchemas['TransitionView'];

// --- CSV imports --------------------------------------------------------------------------------------------

/**
 * The report of a CSV import, dry run or commit: the registry's organisations and people (with warnings: a similar
 * organisation in the same municipality), the proposals' history, the events service's past events.
 */
export type ImportReport =
  RegistrySchemas['CsvImportReport'] | ProposalsSchemas['HistoryImportReportView'] | EventsSchemas['PastEventsImportReportView'];

// --- proposals: reviewer assignment, review summary, team suggestions ----------------------------------------

export type ProposalConflict = ProposalsSchemas['ConflictView'];
export type TeamView = ProposalsSchemas['TeamView'];
export type OutcomeView = ProposalsSchemas['OutcomeView'];

/**
 * A 409 of an assignment or a team with a conflict of interest and no waiver (`PROPOSALS.CONFLICT_OF_INTEREST`): the
 * proposals service's document gives these 409s no body schema yet, so the problem's shape is declared here.
 */
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
