import { AppError, ConflictError, NotFoundError, UnprocessableError, type FieldError } from '@collabo/service-kit';

/** The proposals service's error codes (`PROPOSALS.<WHAT>`): stable, clients branch on them. */
export const ErrorCodes = {
  proposalNotFound: 'PROPOSALS.PROPOSAL_NOT_FOUND',
  programmeNotFound: 'PROPOSALS.PROGRAMME_NOT_FOUND',
  programmeExists: 'PROPOSALS.PROGRAMME_EXISTS',
  programmeVersionNotFound: 'PROPOSALS.PROGRAMME_VERSION_NOT_FOUND',
  programmeInvalid: 'PROPOSALS.PROGRAMME_INVALID',
  rubricInvalid: 'PROPOSALS.RUBRIC_INVALID',
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
  scoresInvalid: 'PROPOSALS.SCORES_INVALID',
  teamNotAllowed: 'PROPOSALS.TEAM_NOT_ALLOWED',
  teamNotFound: 'PROPOSALS.TEAM_NOT_FOUND',
} as const;

export function proposalNotFound(id: string): NotFoundError {
  return new NotFoundError(ErrorCodes.proposalNotFound, `No proposal ${id}.`);
}

export function programmeNotFound(code: string): NotFoundError {
  return new NotFoundError(ErrorCodes.programmeNotFound, `No programme ${code}.`);
}

/** 422 naming the fields whose values the registry does not know or does not allow. */
export function unprocessable(
  code: string,
  message: string,
  errors: FieldError[],
  extra: Record<string, unknown> = {},
): UnprocessableError {
  return new UnprocessableError(code, message, errors, extra);
}

export function conflict(code: string, message: string, extra: Record<string, unknown> = {}): ConflictError {
  return new ConflictError(code, message, extra);
}

export class RegistryFailedError extends AppError {
  constructor(detail: string) {
    super(ErrorCodes.registryFailed, `The registry answered with an error: ${detail}`, 502);
  }
}
