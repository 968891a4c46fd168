import { ConsentPurposes, type ConsentPurpose, type LocalizedText } from '@collabo/contracts';

/**
 * What a person may consent to (issue #20 item 6; the list is the contracts', since withdrawal links are asked for
 * over NATS): being listed in member directories, on attendee lists, and receiving the foundation's news.
 * `directory_listing` is what `people.consentToList` shows.
 */
export { ConsentPurposes, type ConsentPurpose };

/** Where a consent came from: a form the person filled in, or staff who recorded it (e.g. from a paper form). */
export const ConsentSources = ['form', 'staff'] as const;
export type ConsentSource = (typeof ConsentSources)[number];

/** How a consent was withdrawn: the person's link from an email, or staff. */
export type WithdrawalChannel = 'link' | 'staff';

export const ConsentPurposeLabels: Record<ConsentPurpose, { ja: string; en: string }> = {
  directory_listing: { ja: '会員名簿への掲載', en: 'Listing in member directories' },
  attendee_listing: { ja: '参加者名簿への掲載', en: 'Listing on attendee lists' },
  news: { ja: 'お知らせメールの受信', en: 'Receiving news by email' },
} satisfies Record<ConsentPurpose, LocalizedText & { en: string }>;

export function isConsentPurpose(value: string): value is ConsentPurpose {
  return (ConsentPurposes as readonly string[]).includes(value);
}
