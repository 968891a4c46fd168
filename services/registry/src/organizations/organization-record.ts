import type { FocusField, OrganizationKind, Sector } from '@collabo/contracts';
import type { FieldError } from '@collabo/service-kit';
import { normalizeText, storedTextErrors, toKatakana } from './japanese-text.js';
import { maxLengthsOf } from '../http/validators.js';
import { CreateOrganizationDto } from './organization.dto.js';

/** What the organisations table stores of one organisation, in the API's names. */
export interface OrganizationRecord {
  kind: OrganizationKind;
  sector: Sector;
  name: string;
  nameKana: string;
  nameEn: string | null;
  corporateNumber: string | null;
  jsicCode: string | null;
  jsicRevision: number | null;
  focusFields: FocusField[];
  postalCode: string | null;
  municipalityCode: string | null;
  address: string | null;
  capitalYen: number | null;
  employees: number | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
  representative: string | null;
  website: string | null;
  contactEmail: string | null;
  contactPhone: string | null;
  areaMunicipalityCodes: string[];
  areaBureauCodes: string[];
}

/** Every field of a record (exhaustive, so a new field cannot be forgotten); each is also a property of the Organization entity. */
const FIELDS: Record<keyof OrganizationRecord, true> = {
  kind: true,
  sector: true,
  name: true,
  nameKana: true,
  nameEn: true,
  corporateNumber: true,
  jsicCode: true,
  jsicRevision: true,
  focusFields: true,
  postalCode: true,
  municipalityCode: true,
  address: true,
  capitalYen: true,
  employees: true,
  foundedOn: true,
  dissolvedOn: true,
  representative: true,
  website: true,
  contactEmail: true,
  contactPhone: true,
  areaMunicipalityCodes: true,
  areaBureauCodes: true,
};

export const RECORD_FIELDS = Object.keys(FIELDS) as (keyof OrganizationRecord)[];

const orNull = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);
const text = (v: string | null | undefined): string | null => {
  if (v === undefined || v === null) return null;
  const t = normalizeText(v);
  return t === '' ? null : t;
};

/** A record from what a client sent: text normalised (NFKC, spaces), readings in katakana, postal codes hyphenated. */
export function recordFromDto(dto: CreateOrganizationDto): OrganizationRecord {
  const postal = text(dto.postalCode);
  return {
    kind: dto.kind,
    sector: dto.sector,
    name: normalizeText(dto.name),
    nameKana: toKatakana(normalizeText(dto.nameKana)),
    nameEn: text(dto.nameEn),
    corporateNumber: orNull(dto.corporateNumber),
    jsicCode: orNull(dto.jsicCode),
    jsicRevision: orNull(dto.jsicRevision),
    focusFields: dto.focusFields ?? [],
    postalCode: postal ? `${postal.replace('-', '').slice(0, 3)}-${postal.replace('-', '').slice(3)}` : null,
    municipalityCode: orNull(dto.municipalityCode),
    address: text(dto.address),
    capitalYen: orNull(dto.capitalYen),
    employees: orNull(dto.employees),
    foundedOn: orNull(dto.foundedOn),
    dissolvedOn: orNull(dto.dissolvedOn),
    representative: text(dto.representative),
    website: orNull(dto.website),
    contactEmail: orNull(dto.contactEmail),
    contactPhone: text(dto.contactPhone),
    areaMunicipalityCodes: dto.areaMunicipalityCodes ?? [],
    areaBureauCodes: dto.areaBureauCodes ?? [],
  };
}

/** The record's fields of a view (or anything that extends the record): a copy without the rest. */
export function recordFromView(v: OrganizationRecord): OrganizationRecord {
  const record = {} as Record<string, unknown>;
  for (const field of RECORD_FIELDS) record[field] = v[field];
  return record as unknown as OrganizationRecord;
}

/** The API's maxima of the texts normalised before they are stored (see `storedTextErrors`). */
const STORED_TEXT_MAX = maxLengthsOf(CreateOrganizationDto, ['name', 'nameKana', 'nameEn', 'address', 'representative']);

/** Rules across fields that a single field's validation cannot see. */
export function organizationRuleErrors(r: OrganizationRecord): FieldError[] {
  const errors: FieldError[] = storedTextErrors(r, STORED_TEXT_MAX, ['name', 'nameKana']);
  if ((r.jsicCode === null) !== (r.jsicRevision === null)) {
    errors.push({ field: r.jsicCode === null ? 'jsicCode' : 'jsicRevision', message: 'jsicCode and jsicRevision are given together' });
  }
  if (r.kind !== 'study_group') {
    if (r.areaMunicipalityCodes.length) errors.push({ field: 'areaMunicipalityCodes', message: 'only a study group has an area' });
    if (r.areaBureauCodes.length) errors.push({ field: 'areaBureauCodes', message: 'only a study group has an area' });
  }
  if (r.foundedOn && r.dissolvedOn && r.dissolvedOn < r.foundedOn) {
    errors.push({ field: 'dissolvedOn', message: 'dissolvedOn cannot be before foundedOn' });
  }
  return errors;
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The fields whose values differ between two records. */
export function changedFields(before: OrganizationRecord, after: OrganizationRecord): (keyof OrganizationRecord)[] {
  return RECORD_FIELDS.filter((f) => !same(before[f], after[f]));
}
