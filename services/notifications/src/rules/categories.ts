import type { ConsentPurpose, Language } from '@collabo/contracts';
import { isNameIn, namesOf } from './catalogue.js';

/**
 * What people can switch off. Transactional categories answer something the person did or must act
 * on (a result, a confirmation, an invitation, a cancelled event they would otherwise travel to) and
 * cannot be switched off; the others can, per person, through the signed unsubscribe link.
 */
export const Categories = {
  proposal_receipt: {
    transactional: true,
    label: { ja: '提案の受付', en: 'Proposal receipts' },
  },
  screening_result: {
    transactional: true,
    label: { ja: '審査結果', en: 'Screening results' },
  },
  applicant_request: {
    // Something the applicant must act on by a date (come to a hearing, send documents): never switched off.
    transactional: true,
    label: { ja: '面談のご案内・書類提出のお願い', en: 'Hearing invitations and document requests' },
  },
  proposal_progress: {
    transactional: false,
    label: { ja: '提案の進捗のお知らせ', en: 'Proposal progress updates' },
  },
  staff_work: {
    transactional: false,
    label: { ja: '担当案件のお知らせ（新規提案・審査依頼・成果登録）', en: 'Work notices (new proposals, review requests, outcomes)' },
  },
  review_deadline: {
    // Nudges about work that is visible in the console anyway: an advisor or coordinator may switch them off.
    transactional: false,
    label: {
      ja: '審査期限のお知らせ（期限前・期限超過・週次の超過一覧）',
      en: 'Review deadline reminders (due soon, overdue, weekly digest)',
    },
  },
  registration: {
    transactional: true,
    label: { ja: 'お申し込みの受付・確定・変更', en: 'Registration confirmations' },
  },
  event_update: {
    transactional: true,
    label: { ja: '開催内容の変更・中止', en: 'Event changes and cancellations' },
  },
  event_reminder: {
    transactional: false,
    label: { ja: '開催前日のご案内', en: 'Event reminders' },
  },
  event_follow_up: {
    transactional: false,
    label: { ja: '開催後のお礼・アンケートのお願い', en: 'Thank-you notes and questionnaires after events' },
  },
  account: {
    transactional: true,
    label: { ja: 'アカウントのご案内', en: 'Account invitations' },
  },
} as const satisfies Record<string, { transactional: boolean; label: Record<Language, string> }>;

export type Category = keyof typeof Categories;
export const CATEGORY_NAMES = namesOf(Categories);
export const isCategory = (value: string): value is Category => isNameIn(Categories, value);

export function isTransactional(category: Category): boolean {
  return Categories[category].transactional;
}

/**
 * The registry consents (issue #20 item 6) an email of each category lets a registry person withdraw, by a link in its
 * footer (the registry's signed link, fetched at send time). Transactional emails carry none (they are not sent on a
 * consent); a guest gets none (a guest has no registry consents). Every optional email is mail the person could do
 * without, so it carries the `news` one (receiving news by email); the event emails (reminder, thank-you note) are about
 * attending an exchange event, so they carry `attendee_listing` too. `directory_listing` (member directories) has no
 * email about it: the person withdraws it through staff or a privacy request (the registry's consents page).
 */
export const CONSENT_LINKS: Record<Category, readonly ConsentPurpose[]> = {
  proposal_receipt: [],
  screening_result: [],
  applicant_request: [],
  proposal_progress: ['news'],
  staff_work: ['news'],
  review_deadline: ['news'],
  registration: [],
  event_update: [],
  event_reminder: ['news', 'attendee_listing'],
  event_follow_up: ['news', 'attendee_listing'],
  account: [],
};

/** What each consent is, in the registry's words (its ConsentPurposeLabels), for the links' lines in emails. */
export const CONSENT_LABELS: Record<ConsentPurpose, Record<Language, string>> = {
  directory_listing: { ja: '会員名簿への掲載', en: 'Listing in member directories' },
  attendee_listing: { ja: '参加者名簿への掲載', en: 'Listing on attendee lists' },
  news: { ja: 'お知らせメールの受信', en: 'Receiving news by email' },
};

/** The consents whose withdrawal links an email of `category` carries for a registry person. */
export function consentPurposesOf(category: Category): readonly ConsentPurpose[] {
  return isTransactional(category) ? [] : CONSENT_LINKS[category];
}
