import { csvHeaderErrors, integerCell, listCell, type FieldError } from '@collabo/service-kit';

/** A CSV column and the API field it fills. */
export interface CsvColumn {
  column: string;
  field: string;
  type: 'text' | 'integer' | 'list' | 'boolean';
}

const col = (column: string, field: string, type: CsvColumn['type'] = 'text'): CsvColumn => ({ column, field, type });

export const ORGANIZATION_IMPORT_COLUMNS: CsvColumn[] = [
  col('kind', 'kind'),
  col('sector', 'sector'),
  col('name', 'name'),
  col('name_kana', 'nameKana'),
  col('name_en', 'nameEn'),
  col('corporate_number', 'corporateNumber'),
  col('jsic_code', 'jsicCode'),
  col('jsic_revision', 'jsicRevision', 'integer'),
  col('focus_fields', 'focusFields', 'list'),
  col('postal_code', 'postalCode'),
  col('municipality_code', 'municipalityCode'),
  col('address', 'address'),
  col('capital_yen', 'capitalYen', 'integer'),
  col('employees', 'employees', 'integer'),
  col('founded_on', 'foundedOn'),
  col('dissolved_on', 'dissolvedOn'),
  col('representative', 'representative'),
  col('website', 'website'),
  col('contact_email', 'contactEmail'),
  col('contact_phone', 'contactPhone'),
  col('area_municipality_codes', 'areaMunicipalityCodes', 'list'),
  col('area_bureau_codes', 'areaBureauCodes', 'list'),
];
export const ORGANIZATION_REQUIRED = ['kind', 'sector', 'name', 'name_kana'];
/** Columns an export has that an import reads as information only (`municipality` may stand for the code). */
export const ORGANIZATION_EXPORT_ONLY = ['id', 'municipality', 'bureau', 'archived', 'merged_into', 'created_at', 'updated_at'];

export const PERSON_IMPORT_COLUMNS: CsvColumn[] = [
  col('family_name', 'familyName'),
  col('given_name', 'givenName'),
  col('family_name_kana', 'familyNameKana'),
  col('given_name_kana', 'givenNameKana'),
  col('name_en', 'nameEn'),
  col('email', 'email'),
  col('phone', 'phone'),
  col('preferred_language', 'preferredLanguage'),
  col('consent_to_list', 'consentToList', 'boolean'),
  col('expertise_fields', 'expertiseFields', 'list'),
];
/** Optional columns of a people import that add a current affiliation. */
export const PERSON_AFFILIATION_COLUMNS: CsvColumn[] = [
  col('organization_id', 'organizationId'),
  col('department', 'department'),
  col('title', 'title'),
];
export const PERSON_REQUIRED = ['family_name', 'given_name', 'family_name_kana', 'given_name_kana', 'email'];
export const PERSON_EXPORT_ONLY = ['id', 'organization_name', 'archived', 'created_at', 'updated_at'];

/** Header problems: unknown columns (a typo would silently drop data) and missing required ones. */
export function headerErrors(header: string[], columns: CsvColumn[], required: string[], informational: string[]): FieldError[] {
  return csvHeaderErrors(header, [...columns.map((c) => c.column), ...informational], required);
}

/** One row's cells as the API's plain fields: empty cells are left out, numbers, lists and yes/no converted. */
export function rowToPlain(values: Record<string, string>, columns: CsvColumn[]): { plain: Record<string, unknown>; errors: FieldError[] } {
  const plain: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const { column, field, type } of columns) {
    const raw = values[column];
    if (raw === undefined || raw === '') continue;
    switch (type) {
      case 'text':
        plain[field] = raw;
        break;
      case 'list':
        plain[field] = listCell(raw);
        break;
      case 'integer': {
        const n = integerCell(raw);
        if (Number.isNaN(n)) errors.push({ field: column, message: `${column} must be a whole number` });
        else plain[field] = n;
        break;
      }
      case 'boolean': {
        const b = booleanCell(raw);
        if (b === undefined) errors.push({ field: column, message: `${column} must be true or false` });
        else plain[field] = b;
        break;
      }
    }
  }
  return { plain, errors };
}

/** Field errors named by API field (`corporateNumber`, `areaMunicipalityCodes.0`) renamed to the CSV column. */
export function toColumnErrors(errors: FieldError[], columns: CsvColumn[]): FieldError[] {
  const byField = new Map(columns.map((c) => [c.field, c.column]));
  return errors.map((e) => {
    const [head] = e.field.split('.');
    const column = byField.get(head!) ?? e.field;
    const message = e.message.replace(new RegExp(`^(unknown field )?${head}\\b`), (m) => m.replace(head!, column));
    return { field: column, message };
  });
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'はい', '○', '〇', '有']);
const FALSE = new Set(['false', '0', 'no', 'n', 'いいえ', '×', '無', '']);

/** A yes/no cell; undefined when it is neither. (List and whole-number cells are the kit's `listCell`, `integerCell`.) */
export function booleanCell(value: string): boolean | undefined {
  const v = value.normalize('NFKC').toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}
