import { formatInstant, tokyoDateOf } from '@collabo/calendar';
import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  KitErrors,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  type FieldError,
} from '@collabo/service-kit';

/** The registry's error codes: stable strings that clients and other services match on (never change one). */
export const RegistryErrors = {
  organizationNotFound: 'REGISTRY.ORGANIZATION_NOT_FOUND',
  personNotFound: 'REGISTRY.PERSON_NOT_FOUND',
  studyGroupNotFound: 'REGISTRY.STUDY_GROUP_NOT_FOUND',
  affiliationNotFound: 'REGISTRY.AFFILIATION_NOT_FOUND',
  membershipNotFound: 'REGISTRY.MEMBERSHIP_NOT_FOUND',
  membershipOverlap: 'REGISTRY.MEMBERSHIP_OVERLAP',
  tenancyNotFound: 'REGISTRY.TENANCY_NOT_FOUND',
  consortiumMembershipNotFound: 'REGISTRY.CONSORTIUM_MEMBERSHIP_NOT_FOUND',
  accountNotFound: 'REGISTRY.ACCOUNT_NOT_FOUND',
  duplicateCorporateNumber: 'REGISTRY.DUPLICATE_CORPORATE_NUMBER',
  duplicateEmail: 'REGISTRY.DUPLICATE_EMAIL',
  duplicateConsortiumMembership: 'REGISTRY.DUPLICATE_CONSORTIUM_MEMBERSHIP',
  unknownMunicipality: 'REGISTRY.UNKNOWN_MUNICIPALITY',
  unknownBureau: 'REGISTRY.UNKNOWN_BUREAU',
  organizationMerged: 'REGISTRY.ORGANIZATION_MERGED',
  personMerged: 'REGISTRY.PERSON_MERGED',
  privacyDisclosureRemoved: 'REGISTRY.PRIVACY_DISCLOSURE_REMOVED',
  personArchived: 'REGISTRY.PERSON_ARCHIVED',
  mergeNotAllowed: 'REGISTRY.MERGE_NOT_ALLOWED',
  accountExists: 'REGISTRY.ACCOUNT_EXISTS',
  invitationNotPending: 'REGISTRY.INVITATION_NOT_PENDING',
  adminLockout: 'REGISTRY.ADMIN_LOCKOUT',
  adminProtected: 'REGISTRY.ADMIN_PROTECTED',
  lastAdmin: 'REGISTRY.LAST_ADMIN',
  importInvalid: 'REGISTRY.IMPORT_INVALID',
  csvUnreadable: 'REGISTRY.CSV_UNREADABLE',
  csvTooManyRows: 'REGISTRY.CSV_TOO_MANY_ROWS',
  privacyRequestNotFound: 'REGISTRY.PRIVACY_REQUEST_NOT_FOUND',
  privacyRequestIncomplete: 'REGISTRY.PRIVACY_REQUEST_INCOMPLETE',
  privacyRequestNotDisclosure: 'REGISTRY.PRIVACY_REQUEST_NOT_DISCLOSURE',
  consentNotFound: 'REGISTRY.CONSENT_NOT_FOUND',
  consentAlreadyGiven: 'REGISTRY.CONSENT_ALREADY_GIVEN',
  consentLinkInvalid: 'REGISTRY.CONSENT_LINK_INVALID',
  /** The registry issues the tokens, so the login's codes are its own (in the platform's `AUTH.` family). */
  invalidCredentials: 'AUTH.INVALID_CREDENTIALS',
  accountLocked: 'AUTH.ACCOUNT_LOCKED',
  loginThrottled: 'AUTH.LOGIN_THROTTLED',
  accountDisabled: 'AUTH.ACCOUNT_DISABLED',
  setPasswordLinkInvalid: 'AUTH.SET_PASSWORD_LINK_INVALID',
} as const;

// --- not found (404) ---

export class OrganizationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.organizationNotFound, `No organisation ${id}.`);
  }
}

export class PersonNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.personNotFound, `No person ${id}.`);
  }
}

export class StudyGroupNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.studyGroupNotFound, `No study group ${id}.`);
  }
}

export class AffiliationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.affiliationNotFound, `No affiliation ${id}.`);
  }
}

export class MembershipNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.membershipNotFound, `No membership ${id}.`);
  }
}

export class TenancyNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.tenancyNotFound, `No tenancy ${id}.`);
  }
}

export class ConsortiumMembershipNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.consortiumMembershipNotFound, `No consortium membership ${id}.`);
  }
}

export class AccountNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.accountNotFound, `No account ${id}.`);
  }
}

// --- records that clash or cannot change (409) ---

/** A live organisation already has this corporate number (`existingId`, `existingName` tell which). */
export class DuplicateCorporateNumberError extends ConflictError {
  constructor(existing: { id: string; name: string }) {
    super(
      RegistryErrors.duplicateCorporateNumber,
      `The corporate number is already registered for ${existing.name}.`,
      { existingId: existing.id, existingName: existing.name },
      [{ field: 'corporateNumber', message: 'already registered' }],
    );
  }
}

/** A person already has this email, whatever its case. */
export class DuplicateEmailError extends ConflictError {
  constructor(existingId: string) {
    super(RegistryErrors.duplicateEmail, 'A person with this email is already registered.', { existingId }, [
      { field: 'email', message: 'already registered' },
    ]);
  }
}

export class DuplicateConsortiumMembershipError extends ConflictError {
  constructor(existingId: string) {
    super(RegistryErrors.duplicateConsortiumMembership, 'That organisation is already a member of this consortium in that fiscal year.', {
      existingId,
    });
  }
}

/**
 * The person already has a membership of that study group covering part of those days (`existingId`): a role
 * change is a role period of the one membership (`POST /v1/memberships/:id/role-changes`), not a second membership.
 */
export class MembershipOverlapError extends ConflictError {
  constructor(existingId: string) {
    super(
      RegistryErrors.membershipOverlap,
      'The person is already a member of this study group on some of those days; change the role of that membership instead.',
      { existingId },
    );
  }
}

/** The organisation named is a merged alias: the client should use (or change) the surviving record `survivorId`. */
export class OrganizationMergedError extends ConflictError {
  constructor(survivorId: string, message: string) {
    super(RegistryErrors.organizationMerged, message, { survivorId });
  }
}

/**
 * The person named is a merged alias: the client should use (or change) the surviving record `survivorId`. `field`
 * names the body field that named the alias (a membership's or an account's `personId`), with the survivor in its
 * message.
 */
export class PersonMergedError extends ConflictError {
  constructor(survivorId: string, message: string, field?: string) {
    super(
      RegistryErrors.personMerged,
      message,
      { survivorId },
      field ? [{ field, message: `this person was merged into ${survivorId}; name the surviving person` }] : [],
    );
  }
}

export class MergeNotAllowedError extends ConflictError {
  constructor(message: string, extra: Record<string, unknown> = {}) {
    super(RegistryErrors.mergeNotAllowed, message, extra);
  }
}

export class PersonArchivedError extends ConflictError {
  constructor() {
    super(RegistryErrors.personArchived, 'An archived person cannot get an account.');
  }
}

export class AccountExistsError extends ConflictError {
  constructor(existingId: string) {
    super(RegistryErrors.accountExists, 'This person already has an account.', { existingId });
  }
}

export class InvitationNotPendingError extends ConflictError {
  constructor() {
    super(
      RegistryErrors.invitationNotPending,
      'This invitation is not open: a newer one was sent, it was used, it expired, or the account is disabled.',
    );
  }
}

/** An admin disabling themselves or taking away their own admin role. */
export class AdminLockoutError extends ConflictError {
  constructor() {
    super(RegistryErrors.adminLockout, 'You cannot disable your own account or take away your own admin role.');
  }
}

/** The last active admin would be disabled, demoted, archived or re-addressed. */
export class LastAdminError extends ConflictError {
  constructor() {
    super(
      RegistryErrors.lastAdmin,
      'This is the last active admin: make another admin first, or nobody could manage the accounts any more.',
    );
  }
}

/** A coordinator archiving or re-addressing (`what`) a person who holds an admin account (403). */
export class AdminProtectedError extends ForbiddenError {
  constructor(what: string) {
    super(RegistryErrors.adminProtected, `This person holds an admin account: only an admin may do this (${what}).`);
  }
}

// --- references the client sent that do not hold (400) ---

export class UnknownMunicipalityError extends BadRequestError {
  constructor(errors: FieldError[]) {
    super(RegistryErrors.unknownMunicipality, 'The municipality is not one of Hokkaido’s.', errors);
  }
}

export class UnknownBureauError extends BadRequestError {
  constructor(errors: FieldError[]) {
    super(RegistryErrors.unknownBureau, 'The bureau is not one of Hokkaido’s.', errors);
  }
}

// --- CSV import ---

/** The body of an import is not a CSV file (415, the kit's code for it). */
export class CsvBodyRequiredError extends UnsupportedMediaTypeError {
  constructor() {
    super(KitErrors.unsupportedMediaType, 'Send the CSV file itself as the body, with content-type text/csv.');
  }
}

/** The file cannot be read as this import's CSV (400): encoding, syntax, header, no rows. */
export class CsvUnreadableError extends BadRequestError {
  constructor(message: string, errors: FieldError[] = []) {
    super(RegistryErrors.csvUnreadable, message, errors);
  }
}

export class CsvTooManyRowsError extends PayloadTooLargeError {
  constructor(rows: number, maxRows: number) {
    super(RegistryErrors.csvTooManyRows, `The file has ${rows} rows; an import takes at most ${maxRows}: split it.`, [
      { field: 'body', message: `at most ${maxRows} rows` },
    ]);
  }
}

/** A committing import with bad rows (422): nothing was written; `report` is the dry run's report. */
export class ImportInvalidError extends UnprocessableError {
  constructor(invalid: number, rows: number, errors: FieldError[], report: object) {
    super(RegistryErrors.importInvalid, `${invalid} of ${rows} rows are not valid; nothing was imported.`, errors, { report });
  }
}

// --- logins and set-password links ---

export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super(RegistryErrors.invalidCredentials, 'The email or the password is wrong.');
  }
}

export class AccountLockedError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super(
      RegistryErrors.accountLocked,
      'Too many failed logins: the account is locked for a while. An admin can unlock it.',
      retryAfterSeconds,
    );
  }
}

export class LoginThrottledError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super(RegistryErrors.loginThrottled, 'Too many failed logins: wait before trying again.', retryAfterSeconds);
  }
}

export class AccountDisabledError extends ForbiddenError {
  constructor() {
    super(RegistryErrors.accountDisabled, 'This account is disabled.');
  }
}

export class SetPasswordLinkInvalidError extends BadRequestError {
  constructor() {
    super(RegistryErrors.setPasswordLinkInvalid, 'This link is not valid: it was used already or has expired. Ask an admin for a new one.');
  }
}

// --- privacy requests and consents (issue #20) ---

export class PrivacyRequestNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.privacyRequestNotFound, `No privacy request ${id}.`);
  }
}

/** The disclosure is put together only once every service has answered (`pending` names those that have not). */
export class PrivacyRequestIncompleteError extends ConflictError {
  constructor(pending: string[]) {
    super(RegistryErrors.privacyRequestIncomplete, `Not every service has answered yet (waiting for ${pending.join(', ')}).`, { pending });
  }
}

export class PrivacyRequestNotDisclosureError extends ConflictError {
  constructor(kind: string) {
    super(
      RegistryErrors.privacyRequestNotDisclosure,
      `This is a request of kind ${kind}: only a disclosure request has a disclosure document.`,
    );
  }
}

export class ConsentNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(RegistryErrors.consentNotFound, `No consent ${id}.`);
  }
}

/** The person's consent for that purpose is in force already (`existingId`): withdraw it first to record a new one. */
export class ConsentAlreadyGivenError extends ConflictError {
  constructor(existingId: string) {
    super(RegistryErrors.consentAlreadyGiven, 'This person’s consent for that purpose is already in force.', { existingId }, [
      { field: 'purpose', message: 'consent already in force' },
    ]);
  }
}

export class ConsentLinkInvalidError extends BadRequestError {
  constructor() {
    super(RegistryErrors.consentLinkInvalid, 'This link is not valid: it was altered or cut short. Use the link from the email as it is.', [
      { field: 'token', message: 'not a valid withdrawal link' },
    ]);
  }
}

/**
 * 410: the disclosure of a completed request was removed by the retention job (RETENTION_PRIVACY_ANSWERS_DAYS after
 * its completion). A new disclosure request gives the person a new document. (The kit's GoneError carries no field
 * errors, hence AppError.)
 */
export class PrivacyDisclosureRemovedError extends AppError {
  constructor(removedAt: Date, removedBy: 'retention' | 'erasure', retentionDays: number) {
    const message =
      removedBy === 'erasure'
        ? `The disclosure was removed on ${tokyoDateOf(removedAt)}, when an erasure of the same person was completed.`
        : `The disclosure was removed ${retentionDays} days after the request was completed (on ${tokyoDateOf(removedAt)}); open a new disclosure request.`;
    super(RegistryErrors.privacyDisclosureRemoved, message, 410, [{ field: 'id', message }], {
      removedAt: formatInstant(removedAt),
      removedBy,
      retentionDays,
    });
  }
}
