/** Dates and times as staff read them: Asia/Tokyo, fiscal years (年度) from 1 April, through @collabo/calendar. */
import { dateLabel, dateTimeLabel, fiscalYearLabel, fiscalYearOfInstant } from '@collabo/calendar';

export type Language = 'ja' | 'en';

export const lang = (language: string): Language => (language.startsWith('en') ? 'en' : 'ja');

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : dateTimeLabel(instant, lang(language));
}

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return dateLabel(value as Parameters<typeof dateLabel>[0], lang(language));
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : dateLabel(instant, lang(language));
}

export const fiscalYear = (fy: number, language: string) => fiscalYearLabel(fy, lang(language));

/** The fiscal year an instant falls in (Tokyo time). */
export const fiscalYearOf = (instant: Date) => fiscalYearOfInstant(instant);

export const yen = (n: number | null | undefined, language: string) =>
  n === null || n === undefined
    ? '—'
    : new Intl.NumberFormat(lang(language) === 'ja' ? 'ja-JP' : 'en-GB', { style: 'currency', currency: 'JPY' }).format(n);

/** A text the services give in both languages ({ja, en}), in the user's language. */
export function localized(text: unknown, language: string): string {
  if (text === null || text === undefined) return '';
  if (typeof text === 'string') return text;
  const t = text as { ja?: string | null; en?: string | null };
  return (lang(language) === 'en' ? (t.en ?? t.ja) : (t.ja ?? t.en)) ?? '';
}
