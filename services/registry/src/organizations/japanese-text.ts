import type { FieldError } from '@collabo/service-kit';

/**
 * Normalisation of Japanese names for search and duplicate detection. Pure functions, no database.
 */

/** NFKC (full-width ASCII to half-width, half-width katakana to full-width), trimmed, inner spaces collapsed. */
export function normalizeText(value: string): string {
  return value.normalize('NFKC').replace(/\s+/gu, ' ').trim();
}

/**
 * Field errors of texts as they are stored (normalised: `normalizeText`, readings in katakana) that no longer fit their
 * field: NFKC can lengthen a text that passed its maximum as typed (㍿ becomes 株式会社, ヿ becomes コト), and empty
 * one that was not empty (an ideographic space alone): the fields of `limits`, read from `values` (a record with those
 * fields and others). `required` fields must not be empty once normalised.
 */
export function storedTextErrors<F extends string>(
  values: Record<F, string | null>,
  limits: Record<F, number>,
  required: readonly F[] = [],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, max] of Object.entries(limits) as [F, number][]) {
    const value = values[field];
    if (required.includes(field) && !value)
      errors.push({ field, message: `${field} must not be empty once normalised (NFKC, spaces trimmed)` });
    else if (value && value.length > max) {
      errors.push({ field, message: `${field} must be at most ${max} characters once normalised (NFKC: e.g. ㍿ becomes 株式会社)` });
    }
  }
  return errors;
}

/** Hiragana to katakana, so that a reading typed in either script finds the stored katakana reading. */
export function toKatakana(value: string): string {
  return value.replace(/[\u3041-\u3096\u309d\u309e]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0x60));
}

/** What a search term becomes before it is matched: normalised, without spaces. */
export function searchKey(value: string): string {
  return normalizeText(value).replace(/ /g, '').toLowerCase();
}

/** Escapes LIKE wildcards so that a term is matched literally inside `%...%`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** Legal-form words that say nothing about which organisation is meant (株式会社 and friends). */
const LEGAL_FORMS = [
  '株式会社',
  '有限会社',
  '合同会社',
  '合資会社',
  '合名会社',
  '一般社団法人',
  '公益社団法人',
  '一般財団法人',
  '公益財団法人',
  '社団法人',
  '財団法人',
  '特定非営利活動法人',
  '国立大学法人',
  '公立大学法人',
  '学校法人',
  '独立行政法人',
  '地方独立行政法人',
  '国立研究開発法人',
  '医療法人',
  '社会福祉法人',
  '協同組合',
  'npo法人',
  '(株)',
  '(有)',
  '(財)',
  '(社)',
  '(一社)',
  '(一財)',
  '(公社)',
  '(公財)',
  '(同)',
  'co.,ltd.',
  'co., ltd.',
  'co.ltd.',
  'inc.',
  'ltd.',
  'llc',
];

/**
 * The part of an organisation's name that tells it apart: normalised, lower case, legal forms and
 * punctuation removed. `株式会社 北海道フーズ` and `(株)北海道フーズ` give the same key.
 */
export function organizationNameKey(name: string): string {
  let key = normalizeText(name).toLowerCase();
  for (const form of LEGAL_FORMS) key = key.split(form).join('');
  return key.replace(/[\s\p{P}\p{S}]/gu, '');
}
