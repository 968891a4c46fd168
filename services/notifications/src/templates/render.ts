import type { ConsentPurpose, Language } from '@collabo/contracts';
import { Categories, CONSENT_LABELS } from '../rules/categories.js';
import { categoryOf, RecipientRoles, type NotificationKind, type RecipientRole } from '../rules/notification-rules.js';
import { accountTemplates } from './account-templates.js';
import { applicantRequestTemplates } from './applicant-request-templates.js';
import { eventTemplates } from './event-templates.js';
import { proposalTemplates } from './proposal-templates.js';
import { reviewDeadlineTemplates } from './review-deadline-templates.js';
import { neutralPeople, type MentionedPeople } from './person-names.js';
import type { EmailAttachment, KindTemplate, Paragraph, Signature } from './template-types.js';

/** One template per kind; the compiler refuses a kind without one. */
export const TEMPLATES = {
  ...proposalTemplates,
  ...applicantRequestTemplates,
  ...reviewDeadlineTemplates,
  ...eventTemplates,
  ...accountTemplates,
} satisfies Record<NotificationKind, KindTemplate>;

export class TemplateError extends Error {}

export interface RenderInput {
  kind: NotificationKind;
  /** The event's data (validated against its contract). */
  data: unknown;
  language: Language;
  /** What the recipient is to the matter: sets `role_<role>` for paragraphs meant for one role. */
  role: RecipientRole;
  /** Null when the recipient's name is unknown (`ご担当者様` / `Sir or Madam`). */
  recipientName: string | null;
  /** The recipient's address (an invitation's .ics names its attendee); null when nobody could be found. */
  recipientEmail: string | null;
  /** When the email is made: the event's `occurredAt` at intake (the .ics DTSTAMP), the clock's now in previews. */
  issuedAt: Date;
  signature: Signature;
  /** The signed link of an optional category; null for transactional emails. */
  unsubscribeUrl: string | null;
  /**
   * The registry person's links to withdraw their consents (issue #20 item 6; masked, as stored), one per consent the
   * category names (`CONSENT_LINKS`); none for a guest or a transactional email.
   */
  consentLinks?: readonly { purpose: ConsentPurpose; url: string }[];
  /** What the event says about this recipient alone (their own questionnaire link), if anything. */
  recipientData?: unknown;
  /**
   * The text that stands for a third person the email names (the digest's advisors): slots at intake (names are put in
   * at send time, never stored), sample names in previews; without it, everyone is shown neutrally (`（審査員）`).
   */
  mentionedPeople?: MentionedPeople;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  attachments: EmailAttachment[];
}

/** A template string split once into its literal text and its `{{variables}}` (odd indexes are variable names). */
type CompiledTemplate = readonly string[];

/** `{{name}}`; with split(), the capturing group puts each name between the literal parts. */
const PLACEHOLDER = /\{\{(\w+)\}\}/;

/** Templates are data written once (the *-templates.ts files): each is parsed on first use and kept, up to a bound. */
const COMPILED = new Map<string, CompiledTemplate>();
const COMPILED_MAX = 5000;

function compile(template: string): CompiledTemplate {
  let parts = COMPILED.get(template);
  if (!parts) {
    // split() with a capturing group: literal, name, literal, name, …, literal.
    parts = template.split(PLACEHOLDER);
    if (COMPILED.size < COMPILED_MAX) COMPILED.set(template, parts);
  }
  return parts;
}

export function interpolate(template: string, vars: Record<string, string>, where: string): string {
  const parts = compile(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const value = vars[parts[i]!];
    if (value === undefined) throw new TemplateError(`${where} uses {{${parts[i]}}}, which has no value`);
    out += value + parts[i + 1]!;
  }
  return out;
}

function usesEmpty(template: string, vars: Record<string, string>): boolean {
  const parts = compile(template);
  for (let i = 1; i < parts.length; i += 2) if (!vars[parts[i]!]) return true;
  return false;
}

function included(paragraph: Paragraph, vars: Record<string, string>): string | null {
  if (typeof paragraph === 'string') return paragraph;
  return vars[paragraph.if] ? paragraph.text : null;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlText(value: string): string {
  return escapeHtml(value).replace(/\r?\n/g, '<br>');
}

/** Header-safe: no line breaks (no header injection), no runs of blanks. */
function oneLine(value: string): string {
  return value
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

const WORDS: Record<
  Language,
  { dear: (name: string) => string; nobody: string; opening: (s: Signature) => string[]; closing: string[]; noReply: string }
> = {
  ja: {
    dear: (name) => `${name} 様`,
    nobody: 'ご担当者',
    opening: (s) => [`いつもお世話になっております。${s.organization.ja} ${s.department.ja}でございます。`],
    closing: ['ご不明な点がございましたら、下記までお気軽にお問い合わせください。', '今後ともどうぞよろしくお願い申し上げます。'],
    noReply:
      '※このメールは送信専用のアドレスからお送りしています。ご返信いただいてもお答えできませんので、お問い合わせは上記の連絡先までお願いいたします。',
  },
  en: {
    dear: (name) => `Dear ${name},`,
    nobody: 'Sir or Madam',
    opening: () => [],
    closing: ['If you have any questions, please contact us at the address below.', 'Kind regards,'],
    noReply: 'This email was sent from an address that does not take replies; please use the contact details above.',
  },
};

function signatureLines(s: Signature, language: Language): string[] {
  return language === 'ja'
    ? [s.organization.ja, s.department.ja, `担当：${s.person.ja}`, `TEL：${s.phone}`, `E-mail：${s.email}`]
    : [s.organization.en, s.department.en, `Contact: ${s.person.en}`, `Tel: ${s.phone}`, `Email: ${s.email}`];
}

function unsubscribeLine(categoryLabel: string, language: Language): string {
  return language === 'ja'
    ? `「${categoryLabel}」のメールが不要な場合は、次のリンクから配信を停止できます。`
    : `To stop receiving emails about ${categoryLabel.toLowerCase()}, use this link:`;
}

function consentLine(purpose: ConsentPurpose, language: Language): string {
  const label = CONSENT_LABELS[purpose][language];
  return language === 'ja'
    ? `「${label}」への同意は、次のリンクから撤回できます。`
    : `To withdraw your consent to ${label.charAt(0).toLowerCase()}${label.slice(1)}, use this link:`;
}

/**
 * Renders one email: subject (with the kind's prefix), plain text and HTML from the same words, in the
 * recipient's language. Every value is escaped in the HTML; a template that names a variable its kind
 * does not provide is refused (TemplateError), never sent with a hole in it.
 */
export function renderEmail(input: RenderInput): RenderedEmail {
  const template: KindTemplate = TEMPLATES[input.kind];
  const { language } = input;
  const words = template.text[language];
  const where = `template ${input.kind}/${language}`;
  const raw = template.variables(input.data, language, input.recipientData, input.mentionedPeople ?? neutralPeople(language));
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) vars[name] = value ?? '';
  for (const role of RecipientRoles) vars[`role_${role}`] = role === input.role ? 'yes' : '';

  // Only the subject's own variables are made header-safe (a digest's list of reviews never goes into a header).
  const subjectVars: Record<string, string> = {};
  const subjectParts = compile(words.subject);
  for (let i = 1; i < subjectParts.length; i += 2) {
    const name = subjectParts[i]!;
    if (vars[name] !== undefined) subjectVars[name] = oneLine(vars[name]);
  }
  const prefix = template.prefix[language];
  const subject = oneLine(`${prefix}${language === 'ja' ? '' : ' '}${interpolate(words.subject, subjectVars, where)}`);

  const paragraphs = words.paragraphs
    .map((p) => included(p, vars))
    .filter((p): p is string => p !== null)
    .map((p) => interpolate(p, vars, where));
  const details = (words.details ?? [])
    .filter((row) => !usesEmpty(row.value, vars))
    .map((row) => ({ label: row.label, value: interpolate(row.value, vars, where) }));
  const actionUrl = words.action ? interpolate(words.action.url, vars, where) : '';
  const action = words.action && /^https?:\/\/\S+$/i.test(actionUrl) ? { label: words.action.label, url: actionUrl } : null;
  const after = (words.after ?? [])
    .map((p) => included(p, vars))
    .filter((p): p is string => p !== null)
    .map((p) => interpolate(p, vars, where));

  const w = WORDS[language];
  const greeting = w.dear(input.recipientName ? oneLine(input.recipientName) : w.nobody);
  const opening = w.opening(input.signature);
  const signature = signatureLines(input.signature, language);
  const categoryLabel = Categories[categoryOf(input.kind)].label[language];
  const separator = language === 'ja' ? '────────────────────────' : '';
  const detailSeparator = language === 'ja' ? '：' : ': ';
  const consentLinks = input.consentLinks ?? [];

  const text = [
    greeting,
    '',
    ...opening.flatMap((p) => [p, '']),
    ...paragraphs.flatMap((p) => [p, '']),
    ...(details.length ? [...details.map((d) => `${language === 'ja' ? '■' : '-'} ${d.label}${detailSeparator}${d.value}`), ''] : []),
    ...(action ? [`${action.label}${detailSeparator}`, action.url, ''] : []),
    ...after.flatMap((p) => [p, '']),
    ...w.closing,
    '',
    ...(separator ? [separator] : []),
    ...signature,
    ...(separator ? [separator] : []),
    '',
    w.noReply,
    ...(input.unsubscribeUrl ? ['', unsubscribeLine(categoryLabel, language), input.unsubscribeUrl] : []),
    ...consentLinks.flatMap((c) => ['', consentLine(c.purpose, language), c.url]),
    '',
  ].join('\n');

  const p = (content: string) => `<p style="margin:0 0 1em 0">${content}</p>`;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(subject)}</title></head>`,
    "<body style=\"font-family:'Hiragino Sans','Yu Gothic',Meiryo,Arial,sans-serif;font-size:15px;line-height:1.7;color:#222\">",
    p(escapeHtml(greeting)),
    ...opening.map((o) => p(htmlText(o))),
    ...paragraphs.map((x) => p(htmlText(x))),
    ...(details.length
      ? [
          '<table style="border-collapse:collapse;margin:0 0 1em 0">',
          ...details.map(
            (d) =>
              `<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top;white-space:nowrap">${escapeHtml(d.label)}</th>` +
              `<td style="padding:4px 0">${htmlText(d.value)}</td></tr>`,
          ),
          '</table>',
        ]
      : []),
    ...(action
      ? [
          p(
            `<a href="${escapeHtml(action.url)}" style="display:inline-block;padding:10px 18px;background:#1d5fa8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(action.label)}</a>`,
          ),
          p(`<span style="font-size:12px;color:#555">${escapeHtml(action.url)}</span>`),
        ]
      : []),
    ...after.map((x) => p(htmlText(x))),
    p(w.closing.map(escapeHtml).join('<br>')),
    `<p style="margin:1.5em 0 1em 0;padding-top:8px;border-top:1px solid #ccc;font-size:13px">${signature.map(escapeHtml).join('<br>')}</p>`,
    `<p style="font-size:12px;color:#666">${escapeHtml(w.noReply)}</p>`,
    ...(input.unsubscribeUrl
      ? [
          `<p style="font-size:12px;color:#666">${escapeHtml(unsubscribeLine(categoryLabel, language))}<br>` +
            `<a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(input.unsubscribeUrl)}</a></p>`,
        ]
      : []),
    ...consentLinks.map(
      (c) =>
        `<p style="font-size:12px;color:#666">${escapeHtml(consentLine(c.purpose, language))}<br>` +
        `<a href="${escapeHtml(c.url)}">${escapeHtml(c.url)}</a></p>`,
    ),
    '</body>',
    '</html>',
    '',
  ].join('\n');

  const attachments =
    template.attachments?.(input.data, {
      language,
      recipient: { email: input.recipientEmail, name: input.recipientName },
      signature: input.signature,
      issuedAt: input.issuedAt,
    }) ?? [];
  return { subject, text, html, attachments };
}
