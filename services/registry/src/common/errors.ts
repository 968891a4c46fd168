import { AppError, ConflictError, NotFoundError, type FieldError } from '@collabo/service-kit';

/** The registry's stable error codes (other services and clients match on these). */
export const RegistryErrors = {
  organizationNotFound: 'REGISTRY.ORGANIZATION_NOT_FOUND',
  personNotFound: 'REGISTRY.PERSON_NOT_FOUND',
  studyGroupNotFound: 'REGISTRY.STUDY_GROUP_NOT_FOUND',
  affiliationNotFound: 'REGISTRY.AFFILIATION_NOT_FOUND',
  membershipNotFound: 'REGISTRY.MEMBERSHIP_NOT_FOUND',
  tenancyNotFound: 'REGISTRY.TENANCY_NOT_FOUND',
  consortiumMembershipNotFound: 'REGISTRY.CONSORTIUM_MEMBERSHIP_NOT_FOUND',
  accountNotFound: 'REGISTRY.ACCOUNT_NOT_FOUND',
  duplicateCorporateNumber: 'REGISTRY.DUPLICATE_CORPORATE_NUMBER',
  duplicateEmail: 'REGISTRY.DUPLICATE_EMAIL',
  unknownMunicipality: 'REGISTRY.UNKNOWN_MUNICIPALITY',
  unknownBureau: 'REGISTRY.UNKNOWN_BUREAU',
  organizationMerged: 'REGISTRY.ORGANIZATION_MERGED',
  organizationArchived: 'REGISTRY.ORGANIZATION_ARCHIVED',
  personArchived: 'REGISTRY.PERSON_ARCHIVED',
  mergeNotAllowed: 'REGISTRY.MERGE_NOT_ALLOWED',
  notAStudyGroup: 'REGISTRY.NOT_A_STUDY_GROUP',
  accountExists: 'REGISTRY.ACCOUNT_EXISTS',
  invitationNotPending: 'REGISTRY.INVITATION_NOT_PENDING',
  adminLockout: 'REGISTRY.ADMIN_LOCKOUT',
  adminProtected: 'REGISTRY.ADMIN_PROTECTED',
  lastAdmin: 'REGISTRY.LAST_ADMIN',
  importInvalid: 'REGISTRY.IMPORT_INVALID',
  csvUnreadable: 'REGISTRY.CSV_UNREADABLE',
  csvTooManyRows: 'REGISTRY.CSV_TOO_MANY_ROWS',
} as const;

export const organizationNotFound = (id: string) => new NotFoundError(RegistryErrors.organizationNotFound, `No organisation ${id}.`);
export const personNotFound = (id: string) => new NotFoundError(RegistryErrors.personNotFound, `No person ${id}.`);
export const studyGroupNotFound = (id: string) => new NotFoundError(RegistryErrors.studyGroupNotFound, `No study group ${id}.`);

export function duplicateCorporateNumber(existing: { id: string; name: string }): ConflictError {
  return new ConflictError(
    RegistryErrors.duplicateCorporateNumber,
    `The corporate number is already registered for ${existing.name}.`,
    { existingId: existing.id, existingName: existing.name },
    [{ field: 'corporateNumber', message: 'already registered' }],
  );
}

export function duplicateEmail(existingId: string): ConflictError {
  return new ConflictError(RegistryErrors.duplicateEmail, 'A person with this email is already registered.', { existingId }, [
    { field: 'email', message: 'already registered' },
  ]);
}

/** A reference to reference data or another record that does not hold (400: the client sent it). */
export function badReference(
  code: string,
  errors: FieldError[],
  message = 'The request refers to something that does not exist.',
): AppError {
  return new AppError(code, message, 400, errors);
}
