/**
 * The focus fields (重点分野) of organisations, people's expertise and study groups: one list, in the registry's
 * order, with the labels in Japanese and English. The registry's OpenAPI document enumerates the values only as a
 * type, so the list is kept here and `satisfies` holds it to exactly that enum (a field added or dropped by the
 * registry fails type-check here).
 */
import type { TFunction } from 'i18next';
import type { components } from '../../api/generated/registry';

export type FocusField = components['schemas']['OrganizationView']['focusFields'][number];

const FOCUS_FIELD_LABELS = {
  food: { ja: '食', en: 'Food' },
  housing: { ja: '住', en: 'Housing' },
  tourism: { ja: '遊 (観光)', en: 'Tourism' },
  it: { ja: 'IT', en: 'IT' },
  bio: { ja: 'バイオ', en: 'Bio' },
  environment: { ja: '環境', en: 'Environment' },
  energy: { ja: 'エネルギー', en: 'Energy' },
  manufacturing: { ja: 'ものづくり', en: 'Manufacturing' },
  medical: { ja: '医療・福祉', en: 'Medical and welfare' },
  other: { ja: 'その他', en: 'Other' },
} as const satisfies Record<FocusField, { ja: string; en: string }>;

/** Every focus field, in the registry's order. */
export const FOCUS_FIELDS = Object.keys(FOCUS_FIELD_LABELS) as FocusField[];

/** The labels in one language, by field (the `orgEdit.focus` translations). */
export const focusFieldLabels = (language: 'ja' | 'en'): Record<FocusField, string> =>
  Object.fromEntries(FOCUS_FIELDS.map((f) => [f, FOCUS_FIELD_LABELS[f][language]])) as Record<FocusField, string>;

/** The options of a focus-field picker, labelled in the user's language. */
export const focusFieldOptions = (t: TFunction) => FOCUS_FIELDS.map((f) => ({ value: f, label: t(`orgEdit.focus.${f}`) }));
