import { Injectable } from '@nestjs/common';
import { MASKED_SECRET, type ConsentPurpose } from '@collabo/contracts';
import { NotificationSettings } from '../config/notification-settings.js';
import { consentPurposesOf, type Category } from '../rules/categories.js';

/** One consent-withdrawal link of an email, as stored and shown: masked, and which consent it withdraws. */
export interface MaskedConsentLink {
  purpose: ConsentPurpose;
  masked: string;
}

/**
 * The registry's consent-withdrawal link as an email holds it at rest: the registry's page (CONSENT_WITHDRAWAL_URL,
 * the registry's own setting) with `token=•••`, and `#<purpose>`. The fragment tells the links of one email apart
 * (the registry's links of two purposes differ only in their token) and tells staff which consent a link withdraws;
 * a browser never sends it, so the registry's page gets exactly the link it signed.
 */
export function maskedConsentLink(pageUrl: string, purpose: ConsentPurpose): string {
  return `${pageUrl}${pageUrl.includes('?') ? '&' : '?'}token=${MASKED_SECRET}#${purpose}`;
}

/** The masked links of a category's emails to a registry person (also what a preview shows). */
export function maskedConsentLinks(pageUrl: string, category: Category): MaskedConsentLink[] {
  return consentPurposesOf(category).map((purpose) => ({ purpose, masked: maskedConsentLink(pageUrl, purpose) }));
}

/** The link that goes on the wire for the registry's answer: the registry's link with the purpose's fragment. */
export function wireConsentLink(registryLink: string, purpose: ConsentPurpose): string {
  return `${registryLink}#${purpose}`;
}

/**
 * The consent-withdrawal links an email carries (issue #20 item 6): for a registry person and an optional category,
 * one per consent of the category (`CONSENT_LINKS`), masked; none for a guest or a transactional email. The real link
 * is asked of the registry at send time (`GetConsentWithdrawalLinkV1`, SecretLinkResolver).
 */
@Injectable()
export class ConsentLinks {
  constructor(private readonly settings: NotificationSettings) {}

  maskedFor(recipient: { personId: string | null; source: string }, category: Category): MaskedConsentLink[] {
    if (!recipient.personId || recipient.source !== 'registry') return [];
    return maskedConsentLinks(this.settings.consentWithdrawalUrl, category);
  }
}
