import type { FocusField, Language } from '@collabo/contracts';
import type { FieldError } from '@collabo/service-kit';
import { normalizeText, storedTextErrors, toKatakana } from '../organizations/japanese-text.js';
import { maxLengthsOf } from '../http/validators.js';
import { CreatePersonDto } from './person.dto.js';
import type { PersonView } from './person.view.js';

export interface PersonRecord {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  nameEn: string | null;
  email: string;
  phone: string | null;
  preferredLanguage: Language;
  consentToList: boolean;
  expertiseFields: FocusField[];
}

/** Every field of a record (exhaustive, so a new field cannot be forgotten); each is also a property of the Person entity. */
const FIELDS: Record<keyof PersonRecord, true> = {
  familyName: true,
  givenName: true,
  familyNameKana: true,
  givenNameKana: true,
  nameEn: true,
  email: true,
  phone: true,
  preferredLanguage: true,
  consentToList: true,
  expertiseFields: true,
};

export const PERSON_FIELDS = Object.keys(FIELDS) as (keyof PersonRecord)[];

const text = (v: string | null | undefined): string | null => {
  if (v === undefined || v === null) return null;
  const t = normalizeText(v);
  return t === '' ? null : t;
};

export function personRecordFromDto(dto: CreatePersonDto): PersonRecord {
  return {
    familyName: normalizeText(dto.familyName),
    givenName: normalizeText(dto.givenName),
    familyNameKana: toKatakana(normalizeText(dto.familyNameKana)),
    givenNameKana: toKatakana(normalizeText(dto.givenNameKana)),
    nameEn: text(dto.nameEn),
    email: dto.email.trim(),
    phone: text(dto.phone),
    preferredLanguage: dto.preferredLanguage ?? 'ja',
    consentToList: dto.consentToList ?? false,
    expertiseFields: dto.expertiseFields ?? [],
  };
}

/** The API's maxima of the texts normalised before they are stored. */
const STORED_TEXT_MAX = maxLengthsOf(CreatePersonDto, ['familyName', 'givenName', 'familyNameKana', 'givenNameKana', 'nameEn']);

/** Field errors of a person's texts as stored (see `storedTextErrors`): the maxima of the API's fields. */
export function personRecordErrors(r: PersonRecord): FieldError[] {
  return storedTextErrors(r, STORED_TEXT_MAX, ['familyName', 'givenName', 'familyNameKana', 'givenNameKana']);
}

export function personRecordFromView(v: PersonView): PersonRecord {
  const record = {} as Record<string, unknown>;
  for (const field of PERSON_FIELDS) record[field] = v[field];
  return record as unknown as PersonRecord;
}

export function changedPersonFields(before: PersonRecord, after: PersonRecord): (keyof PersonRecord)[] {
  return PERSON_FIELDS.filter((f) => {
    const a = before[f];
    const b = after[f];
    if (Array.isArray(a) && Array.isArray(b)) return a.length !== b.length || a.some((x, i) => x !== b[i]);
    return a !== b;
  });
}
