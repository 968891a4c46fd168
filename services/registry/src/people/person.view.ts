import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import type { AffiliationV1, FocusField, Language, PersonV1, Sector } from '@collabo/contracts';
import { hasRole, type Actor } from '@collabo/service-kit';

export interface PersonView {
  id: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  nameEn: string | null;
  displayName: string;
  email: string;
  phone: string | null;
  preferredLanguage: Language;
  consentToList: boolean;
  expertiseFields: FocusField[];
  archived: boolean;
  archivedAt: string | null;
  /** When this record was merged into another (the same person registered twice), the surviving record's id. */
  mergedInto: string | null;
  /** Cessation of use (利用停止) in force since then (a privacy request); null when not stopped. */
  processingStoppedAt: string | null;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface PersonRow {
  id: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  name_en: string | null;
  email: string;
  phone: string | null;
  preferred_language: Language;
  consent_to_list: boolean;
  expertise_fields: FocusField[];
  archived: boolean;
  archived_at: Date | null;
  merged_into: string | null;
  processing_stopped_at: Date | null;
  version: number;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  updated_by: string | null;
}

export const PERSON_SELECT = `
  SELECT p.id, p.family_name, p.given_name, p.family_name_kana, p.given_name_kana, p.name_en, p.email, p.phone,
         p.preferred_language, p.consent_to_list, p.expertise_fields, p.archived, p.archived_at, p.merged_into, p.processing_stopped_at, p.version,
         p.created_at, p.created_by, p.updated_at, p.updated_by
    FROM people p`;

/** Japanese order, family name first: `山田 太郎`. */
export function displayNameOf(familyName: string, givenName: string): string {
  return `${familyName} ${givenName}`;
}

export function toPersonView(r: PersonRow): PersonView {
  return {
    id: r.id,
    familyName: r.family_name,
    givenName: r.given_name,
    familyNameKana: r.family_name_kana,
    givenNameKana: r.given_name_kana,
    nameEn: r.name_en,
    displayName: displayNameOf(r.family_name, r.given_name),
    email: r.email,
    phone: r.phone,
    preferredLanguage: r.preferred_language,
    consentToList: r.consent_to_list,
    expertiseFields: r.expertise_fields,
    archived: r.archived,
    archivedAt: formatInstantOrNull(r.archived_at),
    mergedInto: r.merged_into,
    processingStoppedAt: formatInstantOrNull(r.processing_stopped_at),
    version: r.version,
    createdAt: formatInstant(r.created_at),
    createdBy: r.created_by,
    updatedAt: formatInstant(r.updated_at),
    updatedBy: r.updated_by,
  };
}

/** A person as a staff member may see them: contact details are null where the caller's role does not allow them. */
export type PersonReadView = Omit<PersonView, 'email' | 'phone'> & { email: string | null; phone: string | null };

/**
 * Whether the caller may see other people's contact details (email, phone). Admins, coordinators and viewers
 * may (as before); an advisor sees only their own: the foundation's coordinators put advisors in touch with
 * people (the registry does not know which proposals an advisor is assigned to, so the strict rule is the safe one).
 */
export function seesContactDetails(actor: Actor, personId: string): boolean {
  return hasRole(actor, 'admin', 'coordinator', 'viewer') || actor.personId === personId;
}

/** The person with the contact details left out (null) unless the caller may see them. */
export function personFor(actor: Actor, v: PersonView): PersonReadView {
  return seesContactDetails(actor, v.id) ? v : { ...v, email: null, phone: null };
}

export function toPersonV1(v: PersonView): PersonV1 {
  return {
    id: v.id,
    familyName: v.familyName,
    givenName: v.givenName,
    familyNameKana: v.familyNameKana,
    givenNameKana: v.givenNameKana,
    displayName: v.displayName,
    email: v.email,
    phone: v.phone,
    preferredLanguage: v.preferredLanguage,
    consentToList: v.consentToList,
    expertiseFields: v.expertiseFields,
    processingStopped: v.processingStoppedAt !== null,
    processingStoppedAt: v.processingStoppedAt,
    version: v.version,
  };
}

export interface AffiliationView {
  id: string;
  personId: string;
  personName: string;
  organizationId: string;
  organizationName: string;
  sector: Sector;
  department: string | null;
  title: string | null;
  from: string | null;
  to: string | null;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export const AFFILIATION_SELECT = `
  SELECT a.id, a.person_id, p.family_name, p.given_name, a.organization_id, o.name AS organization_name, o.sector,
         a.department, a.title, a.from_on::text AS from_on, a.to_on::text AS to_on, a.version,
         a.created_at, a.created_by, a.updated_at, a.updated_by
    FROM affiliations a
    JOIN people p ON p.id = a.person_id
    JOIN organizations o ON o.id = a.organization_id`;

export interface AffiliationRow {
  id: string;
  person_id: string;
  family_name: string;
  given_name: string;
  organization_id: string;
  organization_name: string;
  sector: Sector;
  department: string | null;
  title: string | null;
  from_on: string | null;
  to_on: string | null;
  version: number;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  updated_by: string | null;
}

export function toAffiliationView(r: AffiliationRow): AffiliationView {
  return {
    id: r.id,
    personId: r.person_id,
    personName: displayNameOf(r.family_name, r.given_name),
    organizationId: r.organization_id,
    organizationName: r.organization_name,
    sector: r.sector,
    department: r.department,
    title: r.title,
    from: r.from_on,
    to: r.to_on,
    version: r.version,
    createdAt: formatInstant(r.created_at),
    createdBy: r.created_by,
    updatedAt: formatInstant(r.updated_at),
    updatedBy: r.updated_by,
  };
}

export function toAffiliationV1(v: AffiliationView): AffiliationV1 {
  return {
    id: v.id,
    personId: v.personId,
    organizationId: v.organizationId,
    organizationName: v.organizationName,
    sector: v.sector,
    department: v.department,
    title: v.title,
    from: v.from,
    to: v.to,
  };
}
