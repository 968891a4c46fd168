import {
  BadGatewayError,
  BadRequestError,
  ConflictError,
  KitErrors,
  NotFoundError,
  PayloadTooLargeError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  type FieldError,
} from '@collabo/service-kit';
import { formatInstant } from '@collabo/calendar';

/** The proposals service's error codes (`PROPOSALS.<WHAT>`): stable, clients branch on them. */
export const ProposalsErrors = {
  proposalNotFound: 'PROPOSALS.PROPOSAL_NOT_FOUND',
  programmeNotFound: 'PROPOSALS.PROGRAMME_NOT_FOUND',
  programmeExists: 'PROPOSALS.PROGRAMME_EXISTS',
  programmeVersionNotFound: 'PROPOSALS.PROGRAMME_VERSION_NOT_FOUND',
  noRubric: 'PROPOSALS.NO_RUBRIC_IN_FORCE',
  transitionNotAllowed: 'PROPOSALS.TRANSITION_NOT_ALLOWED',
  notEnoughReviews: 'PROPOSALS.NOT_ENOUGH_REVIEWS',
  teamRequired: 'PROPOSALS.TEAM_REQUIRED',
  effectiveDateOutOfOrder: 'PROPOSALS.EFFECTIVE_DATE_OUT_OF_ORDER',
  organizationNotFound: 'PROPOSALS.ORGANIZATION_NOT_FOUND',
  organizationNotEligible: 'PROPOSALS.ORGANIZATION_NOT_ELIGIBLE',
  personNotFound: 'PROPOSALS.PERSON_NOT_FOUND',
  registryFailed: 'PROPOSALS.REGISTRY_FAILED',
  conflictOfInterest: 'PROPOSALS.CONFLICT_OF_INTEREST',
  alreadyAssigned: 'PROPOSALS.ALREADY_ASSIGNED',
  partiesChanged: 'PROPOSALS.PARTIES_CHANGED',
  assignmentNotFound: 'PROPOSALS.ASSIGNMENT_NOT_FOUND',
  assignmentClosed: 'PROPOSALS.ASSIGNMENT_CLOSED',
  reviewingClosed: 'PROPOSALS.NOT_IN_SCREENING',
  reviewExists: 'PROPOSALS.REVIEW_ALREADY_SUBMITTED',
  reviewNotFound: 'PROPOSALS.REVIEW_NOT_FOUND',
  reviewLocked: 'PROPOSALS.REVIEW_LOCKED_BY_DECISION',
  teamNotAllowed: 'PROPOSALS.TEAM_NOT_ALLOWED',
  teamNotFound: 'PROPOSALS.TEAM_NOT_FOUND',
  csvUnreadable: 'PROPOSALS.CSV_UNREADABLE',
  csvTooManyRows: 'PROPOSALS.CSV_TOO_MANY_ROWS',
  importInvalid: 'PROPOSALS.IMPORT_INVALID',
  legacyReferenceTaken: 'PROPOSALS.LEGACY_REFERENCE_TAKEN',
  interviewNotFound: 'PROPOSALS.INTERVIEW_NOT_FOUND',
  interviewClosed: 'PROPOSALS.INTERVIEW_CLOSED',
  documentRequestNotFound: 'PROPOSALS.DOCUMENT_REQUEST_NOT_FOUND',
  documentRequestClosed: 'PROPOSALS.DOCUMENT_REQUEST_CLOSED',
} as const;

/** A stage as the conflict bodies show it (the StageView of the programme). */
interface StageBody {
  code: string;
  label: { ja: string; en: string | null };
  kind: string;
}

// --- proposals -------------------------------------------------------------------------------------------------

/** No such proposal, or (for an advisor) one not assigned to them: the same 404, so existence does not leak. */
export class ProposalNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(ProposalsErrors.proposalNotFound, `No proposal ${id}.`);
  }
}

/** The programme does not allow the move (with the stages it does allow). */
export class TransitionNotAllowedError extends ConflictError {
  constructor(from: StageBody, requested: string, allowed: StageBody[]) {
    super(ProposalsErrors.transitionNotAllowed, `The programme does not allow ${from.code} -> ${requested}.`, { from, requested, allowed });
  }
}

/** A decision needs more completed reviews than there are. */
export class NotEnoughReviewsError extends ConflictError {
  constructor(required: number, completed: number) {
    super(ProposalsErrors.notEnoughReviews, `A decision needs ${required} completed review(s); ${completed} so far.`, {
      required,
      completed,
    });
  }
}

/** A `team` stage is entered only once the support team is formed. */
export class TeamRequiredError extends ConflictError {
  constructor() {
    super(ProposalsErrors.teamRequired, 'Form the support team first.');
  }
}

/** The history is kept in effective-date order. */
export class EffectiveDateOutOfOrderError extends UnprocessableError {
  constructor(previous: Date) {
    super(
      ProposalsErrors.effectiveDateOutOfOrder,
      'The history is kept in effective-date order: this date is before the previous change.',
      [{ field: 'effectiveAt', message: `must not be before ${formatInstant(previous)}` }],
      { previousEffectiveAt: formatInstant(previous) },
    );
  }
}

// --- programmes and rubrics ------------------------------------------------------------------------------------

export class ProgrammeNotFoundError extends NotFoundError {
  constructor(code: string) {
    super(ProposalsErrors.programmeNotFound, `No programme ${code}.`);
  }
}

/** A proposal brought in under a programme code that does not exist (422 naming `programmeCode`). */
export class UnknownProgrammeError extends UnprocessableError {
  constructor(code: string | undefined) {
    super(ProposalsErrors.programmeNotFound, 'No such programme.', [{ field: 'programmeCode', message: `no programme ${code}` }]);
  }
}

export class ProgrammeVersionNotFoundError extends NotFoundError {
  constructor(code: string, version: number) {
    super(ProposalsErrors.programmeVersionNotFound, `Programme ${code} has no version ${version}.`);
  }
}

export class ProgrammeExistsError extends ConflictError {
  constructor(code: string) {
    super(ProposalsErrors.programmeExists, `Programme ${code} exists already.`);
  }
}

/** No rubric version of the programme is in force for the fiscal year (given: named; else "that fiscal year"). */
export class NoRubricInForceError extends ConflictError {
  constructor(programmeCode: string, fiscalYear?: number) {
    super(
      ProposalsErrors.noRubric,
      `Programme ${programmeCode} has no rubric in force for ${fiscalYear === undefined ? 'that fiscal year' : `FY${fiscalYear}`}.`,
    );
  }
}

// --- the registry ----------------------------------------------------------------------------------------------

/** 422: the registry does not know an organisation named in the request (each field named). */
export class UnknownOrganizationError extends UnprocessableError {
  constructor(message: string, errors: FieldError[]) {
    super(ProposalsErrors.organizationNotFound, message, errors);
  }
}

/** 422: the organisation exists but may not play that part (archived, not a company or study group, ...). */
export class OrganizationNotEligibleError extends UnprocessableError {
  constructor(message: string, errors: FieldError[]) {
    super(ProposalsErrors.organizationNotEligible, message, errors);
  }
}

/** 422: the registry does not know a person named in the request (each field named). */
export class UnknownPersonError extends UnprocessableError {
  constructor(errors: FieldError[], message = 'The registry has no such person.') {
    super(ProposalsErrors.personNotFound, message, errors);
  }
}

/** The registry answered with an error other than "not found" (one that does not answer is a 503 from the kit). */
export class RegistryFailedError extends BadGatewayError {
  constructor(detail: string) {
    super(ProposalsErrors.registryFailed, `The registry answered with an error: ${detail}`);
  }
}

// --- review assignments and reviews ----------------------------------------------------------------------------

/** The advisor has a conflict of interest with the proposal and no waiver was given. */
export class AdvisorConflictOfInterestError extends ConflictError {
  constructor(conflicts: unknown[], lookBackYears: number) {
    super(
      ProposalsErrors.conflictOfInterest,
      'The advisor has a conflict of interest with this proposal; assign someone else, or record a waiver with a reason.',
      { conflicts, lookBackYears },
    );
  }
}

/** Some advisors of a team have a conflict of interest with the proposal and no waiver. */
export class TeamConflictOfInterestError extends ConflictError {
  constructor(members: { personId: string; conflicts: unknown }[], lookBackYears: number) {
    super(
      ProposalsErrors.conflictOfInterest,
      'Some advisors have a conflict of interest with this proposal; leave them out or record a waiver with a reason.',
      { members, lookBackYears },
    );
  }
}

export class AlreadyAssignedError extends ConflictError {
  constructor(assignmentId: string) {
    super(ProposalsErrors.alreadyAssigned, 'The advisor is already assigned to this proposal.', { assignmentId });
  }
}

/** The proposal's organisations changed between the registry's conflict check and the row lock. */
export class PartiesChangedError extends ConflictError {
  constructor() {
    super(ProposalsErrors.partiesChanged, 'The proposal’s organisations changed while the conflicts were checked; try again.');
  }
}

export class AssignmentNotFoundError extends NotFoundError {
  constructor(assignmentId: string) {
    super(ProposalsErrors.assignmentNotFound, `No assignment ${assignmentId} on this proposal.`);
  }
}

/** The assignment is no longer open (declined, conflict declared, submitted). */
export class AssignmentClosedError extends ConflictError {
  constructor(status: string, already = true) {
    super(ProposalsErrors.assignmentClosed, `The assignment is ${status}${already ? ' already' : ''}.`, { status });
  }
}

/** Reviews are assigned until the committee decides, and not while the proposal is paused or closed. */
export class ReviewsNotAssignableError extends ConflictError {
  constructor(stage: string) {
    super(ProposalsErrors.assignmentClosed, `Reviews cannot be assigned at stage ${stage}.`, { stage });
  }
}

/** Reviews are written and amended during screening only. */
export class NotInScreeningError extends ConflictError {
  constructor(action: 'written' | 'amended', stage: string) {
    super(ProposalsErrors.reviewingClosed, `Reviews are ${action} during screening; the proposal is at ${stage}.`, { stage });
  }
}

export class ReviewAlreadySubmittedError extends ConflictError {
  constructor(assignmentId: string, reviewId: string | null) {
    super(ProposalsErrors.reviewExists, 'This review has been submitted already; amend it instead (PUT …/reviews/{reviewId}).', {
      assignmentId,
      reviewId,
    });
  }
}

export class ReviewNotFoundError extends NotFoundError {
  constructor(reviewId: string) {
    super(ProposalsErrors.reviewNotFound, `No review ${reviewId} on this proposal.`);
  }
}

/** The committee decided: reviews are locked. */
export class ReviewLockedByDecisionError extends ConflictError {
  constructor(decision: string, decidedAt: Date) {
    super(
      ProposalsErrors.reviewLocked,
      `The committee decided (${decision}, ${formatInstant(decidedAt)}): reviews can no longer be amended.`,
      { decision, decidedAt: formatInstant(decidedAt) },
    );
  }
}

// --- support teams ---------------------------------------------------------------------------------------------

/** A support team is formed around an accepted proposal that is still open. */
export class TeamNotAllowedError extends ConflictError {
  constructor(stage: string) {
    super(
      ProposalsErrors.teamNotAllowed,
      `A support team is formed around an accepted proposal that is still open; this one is at ${stage}.`,
      { stage },
    );
  }
}

export class TeamNotFoundError extends NotFoundError {
  constructor() {
    super(ProposalsErrors.teamNotFound, 'No support team has been formed for this proposal.');
  }
}

// --- history import ---------------------------------------------------------------------------------------------

/** The import takes the CSV file itself as the body. */
export class CsvBodyRequiredError extends UnsupportedMediaTypeError {
  constructor() {
    super(KitErrors.unsupportedMediaType, 'Send the CSV file itself as the body, with content-type text/csv.');
  }
}

/** The file cannot be read as the history import's CSV (400): encoding, syntax, header, no rows. */
export class CsvUnreadableError extends BadRequestError {
  constructor(message: string, errors: FieldError[] = []) {
    super(ProposalsErrors.csvUnreadable, message, errors);
  }
}

/** More rows than one import takes (413): split the file. */
export class CsvTooManyRowsError extends PayloadTooLargeError {
  constructor(rows: number, maxRows: number) {
    super(ProposalsErrors.csvTooManyRows, `The file has ${rows} rows; an import takes at most ${maxRows}: split it.`, [
      { field: 'body', message: `at most ${maxRows} rows` },
    ]);
  }
}

/** A committing import with bad rows (422): nothing was written; `report` is the dry run's report. */
export class ImportInvalidError extends UnprocessableError {
  constructor(invalid: number, rows: number, errors: FieldError[], report: object) {
    super(ProposalsErrors.importInvalid, `${invalid} of ${rows} rows are not valid; nothing was imported.`, errors, { report });
  }
}

/** Another import brought in one of the file's old reference numbers while this one ran (409): run the dry run again. */
export class LegacyReferenceTakenError extends ConflictError {
  constructor() {
    super(
      ProposalsErrors.legacyReferenceTaken,
      'Another import brought in some of these old reference numbers meanwhile; nothing was imported.',
    );
  }
}

// --- interviews and document requests ----------------------------------------------------------------------------

export class InterviewNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(ProposalsErrors.interviewNotFound, `No interview ${id} on this proposal.`);
  }
}

/** A cancelled interview is not changed again. */
export class InterviewClosedError extends ConflictError {
  constructor(status: string) {
    super(ProposalsErrors.interviewClosed, `The interview is ${status}.`, { status });
  }
}

export class DocumentRequestNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(ProposalsErrors.documentRequestNotFound, `No document request ${id} on this proposal.`);
  }
}

/** A document request that was received or withdrawn is not changed again. */
export class DocumentRequestClosedError extends ConflictError {
  constructor(status: string) {
    super(ProposalsErrors.documentRequestClosed, `The document request is ${status}.`, { status });
  }
}
