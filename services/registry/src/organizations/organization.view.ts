import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import type { FocusField, OrganizationKind, OrganizationV1, Sector } from '@collabo/contracts';
import { toNumber } from '../database/sql.js';
import type { OrganizationRecord } from './organization-record.js';

/** An organisation as the registry's HTTP API shows it: its record, where it lies, and the record keeping. */
export interface OrganizationView extends OrganizationRecord {
  id: string;
  municipalityName: string | null;
  bureauCode: string | null;
  archived: boolean;
  archivedAt: string | null;
  mergedInto: string | null;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface OrganizationRow {
  id: string;
  kind: OrganizationKind;
  sector: Sector;
  name: string;
  name_kana: string;
  name_en: string | null;
  corporate_number: string | null;
  jsic_code: string | null;
  jsic_revision: number | null;
  focus_fields: FocusField[];
  postal_code: string | null;
  municipality_code: string | null;
  municipality_name: string | null;
  bureau_code: string | null;
  address: string | null;
  capital_yen: string | null;
  employees: number | null;
  founded_on: string | null;
  dissolved_on: string | null;
  representative: string | null;
  website: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  area_municipality_codes: string[];
  area_bureau_codes: string[];
  archived: boolean;
  archived_at: Date | null;
  merged_into: string | null;
  version: number;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
  updated_by: string | null;
}

/** The select list and joins every organisation query uses (`o` = organizations). Dates come back as text. */
export const ORGANIZATION_SELECT = `
  SELECT o.id, o.kind, o.sector, o.name, o.name_kana, o.name_en, o.corporate_number, o.jsic_code, o.jsic_revision,
         o.focus_fields, o.postal_code, o.municipality_code, m.name_ja AS municipality_name, m.bureau_code,
         o.address, o.capital_yen::text AS capital_yen, o.employees, o.founded_on::text AS founded_on,
         o.dissolved_on::text AS dissolved_on, o.representative, o.website, o.contact_email, o.contact_phone,
         o.area_municipality_codes, o.area_bureau_codes, o.archived, o.archived_at, o.merged_into, o.version,
         o.created_at, o.created_by, o.updated_at, o.updated_by
    FROM organizations o
    LEFT JOIN municipalities m ON m.code = o.municipality_code`;

export function toOrganizationView(r: OrganizationRow): OrganizationView {
  return {
    id: r.id,
    kind: r.kind,
    sector: r.sector,
    name: r.name,
    nameKana: r.name_kana,
    nameEn: r.name_en,
    corporateNumber: r.corporate_number,
    jsicCode: r.jsic_code,
    jsicRevision: r.jsic_revision,
    focusFields: r.focus_fields,
    postalCode: r.postal_code,
    municipalityCode: r.municipality_code,
    municipalityName: r.municipality_name,
    bureauCode: r.bureau_code,
    address: r.address,
    capitalYen: toNumber(r.capital_yen),
    employees: r.employees,
    foundedOn: r.founded_on,
    dissolvedOn: r.dissolved_on,
    representative: r.representative,
    website: r.website,
    contactEmail: r.contact_email,
    contactPhone: r.contact_phone,
    areaMunicipalityCodes: r.area_municipality_codes,
    areaBureauCodes: r.area_bureau_codes,
    archived: r.archived,
    archivedAt: formatInstantOrNull(r.archived_at),
    mergedInto: r.merged_into,
    version: r.version,
    createdAt: formatInstant(r.created_at),
    createdBy: r.created_by,
    updatedAt: formatInstant(r.updated_at),
    updatedBy: r.updated_by,
  };
}

/** Exactly the contract's fields, nothing more (other services validate against OrganizationV1). */
export function toOrganizationV1(v: OrganizationView): OrganizationV1 {
  return {
    id: v.id,
    kind: v.kind,
    sector: v.sector,
    name: v.name,
    nameKana: v.nameKana,
    corporateNumber: v.corporateNumber,
    focusFields: v.focusFields,
    municipalityCode: v.municipalityCode,
    bureauCode: v.bureauCode,
    archived: v.archived,
    mergedInto: v.mergedInto,
    version: v.version,
  };
}
