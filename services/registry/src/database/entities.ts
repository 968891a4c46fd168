import { Account } from '../accounts/account.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { CentreOutcome } from '../centre/centre-outcome.entity.js';
import { ConsortiumMembership } from '../centre/consortium-membership.entity.js';
import { Tenancy } from '../centre/tenancy.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { Affiliation } from '../people/affiliation.entity.js';
import { Consent } from '../privacy/consent.entity.js';
import { PrivacyRequest, PrivacyRequestAnswer } from '../privacy/privacy-request.entity.js';
import { RetentionLogEntry } from '../privacy/retention-log.entity.js';
import { Person } from '../people/person.entity.js';
import { Bureau } from '../reference/bureau.entity.js';
import { Municipality } from '../reference/municipality.entity.js';
import { MembershipRolePeriod } from '../study-groups/membership-role.entity.js';
import { Membership } from '../study-groups/membership.entity.js';

/** Every table of the registry's migrations, as TypeORM entities (test/schema.test.ts proves they agree). */
export const REGISTRY_ENTITIES = [
  Bureau,
  Municipality,
  Organization,
  Person,
  Affiliation,
  Membership,
  MembershipRolePeriod,
  Tenancy,
  ConsortiumMembership,
  Account,
  AuditEntry,
  PrivacyRequest,
  PrivacyRequestAnswer,
  Consent,
  CentreOutcome,
  RetentionLogEntry,
];
