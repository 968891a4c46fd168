import type { Language, LocalizedText } from '@collabo/contracts';

/** How emails show times, dates and money: always in Asia/Tokyo, in the recipient's language. */
export const TIME_ZONE = 'Asia/Tokyo';

/** Building an Intl.DateTimeFormat costs far more than using one: one per (language, options), kept. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { timeZone: TIME_ZONE, ...options });
    formatters.set(key, f);
  }
  return f;
}

function parts(date: Date, language: Language, options: Intl.DateTimeFormatOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of formatter(language, options).formatToParts(date)) {
    out[p.type] = p.value;
  }
  return out;
}

/** A value an email cannot show (a date Date cannot read, such as an ISO 8601 week date). */
export class UnreadableValueError extends Error {
  constructor(readonly value: string) {
    super(`not a date: ${value}`);
    this.name = 'UnreadableValueError';
  }
}

function toDate(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new UnreadableValueError(iso);
  return date;
}

/** `2026年12月3日（木）` / `Thursday 3 December 2026`. A bare `YYYY-MM-DD` is a calendar day, not an instant. */
export function formatDate(iso: string, language: Language): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(iso) ? toDate(`${iso}T12:00:00+09:00`) : toDate(iso);
  const p = parts(date, language, { year: 'numeric', month: 'numeric', day: 'numeric', weekday: language === 'ja' ? 'short' : 'long' });
  if (language === 'ja') return `${p['year']}年${p['month']}月${p['day']}日（${p['weekday']}）`;
  const en = parts(date, 'en', { year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
  return `${en['weekday']} ${en['day']} ${en['month']} ${en['year']}`;
}

/** `18:30` in Tokyo. */
export function formatTime(iso: string): string {
  const p = parts(toDate(iso), 'en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${p['hour']}:${p['minute']}`;
}

/** `2026年12月3日（木）18:30` / `Thursday 3 December 2026, 18:30 (JST)`. */
export function formatDateTime(iso: string, language: Language): string {
  return language === 'ja' ? `${formatDate(iso, 'ja')}${formatTime(iso)}` : `${formatDate(iso, 'en')}, ${formatTime(iso)} (JST)`;
}

function tokyoDay(iso: string): string {
  const p = parts(toDate(iso), 'en', { year: 'numeric', month: '2-digit', day: '2-digit' });
  return `${p['year']}-${p['month']}-${p['day']}`;
}

/** An event's time: one day `…18:00〜20:00`, several days with both dates. */
export function formatDateRange(startIso: string, endIso: string, language: Language): string {
  const sameDay = tokyoDay(startIso) === tokyoDay(endIso);
  if (language === 'ja') {
    return sameDay
      ? `${formatDate(startIso, 'ja')}${formatTime(startIso)}〜${formatTime(endIso)}`
      : `${formatDateTime(startIso, 'ja')}〜${formatDateTime(endIso, 'ja')}`;
  }
  return sameDay
    ? `${formatDate(startIso, 'en')}, ${formatTime(startIso)}–${formatTime(endIso)} (JST)`
    : `${formatDate(startIso, 'en')}, ${formatTime(startIso)} – ${formatDate(endIso, 'en')}, ${formatTime(endIso)} (JST)`;
}

/** Yen are integers: `3,000円` / `¥3,000`. */
export function formatYen(amount: number, language: Language): string {
  const digits = Math.trunc(amount).toLocaleString('en-US');
  return language === 'ja' ? `${digits}円` : `¥${digits}`;
}

/** A participation fee: zero is free. */
export function formatFee(amount: number, language: Language): string {
  if (amount === 0) return language === 'ja' ? '無料' : 'free';
  return formatYen(amount, language);
}

/** The fiscal year (年度) named by its starting year: `2026年度` / `FY2026`. */
export function formatFiscalYear(year: number, language: Language): string {
  return language === 'ja' ? `${year}年度` : `FY${year}`;
}

/** English when asked for and present, otherwise the Japanese text. */
export function localized(text: LocalizedText | null | undefined, language: Language): string {
  if (!text) return '';
  return language === 'en' && text.en ? text.en : text.ja;
}
