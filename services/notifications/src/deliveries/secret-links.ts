import { isLinkFor, MASKED_SECRET, type ConsentPurpose, type RegistrantLinkPurpose } from '@collabo/contracts';
import { LinkMismatchError, UnresolvedLinkError } from '../errors.js';
import type { Category } from '../rules/categories.js';
import type { SecretLinkRule } from '../rules/notification-rules.js';
import { valueAt } from '../rules/recipients.js';
import type { MentionRole, NameSlot } from '../templates/person-names.js';
import { escapeHtml } from '../templates/render.js';

/**
 * How the delivery worker gets the real link behind one masked link of a stored email (column
 * `deliveries.secret_links`, jsonb). The row never holds the real link: only the masked one (what staff
 * see) and whom to ask for it at send time.
 * - `registry.invitation`: the registry's IssueInvitationLinkV1 (mints a fresh set-password token each time).
 * - `events.registrant`: the events service's GetRegistrantLinkV1 (seat-offer accept link, questionnaire link).
 * - `notifications.unsubscribe`: this service's own one-click link, signed with UNSUBSCRIBE_SECRET at send time.
 * - `registry.consent`: the registry's GetConsentWithdrawalLinkV1 (the person's link to withdraw a consent; optional
 *   emails to registry people only).
 * - `registry.person-name`: not a link but a third person's name (the digest's advisors), never stored: the row holds
 *   a slot (`⟦審査員 1⟧`) and the worker puts the name in from the recipient directory (the neutral `（審査員）` for
 *   a person the registry no longer knows, or whose id their erasure dropped: `personId: null`).
 * - `unavailable`: a link masked by the migration in an email recorded before masked links (v1 events): nobody
 *   can hand it out again, so the email cannot be sent or resent (it fails with `NOTIFICATIONS.SECRET_LINK_UNAVAILABLE`).
 */
export type SecretLink =
  | { masked: string; via: 'registry.invitation'; accountId: string; invitationId: string }
  | { masked: string; via: 'events.registrant'; registrationId: string; purpose: RegistrantLinkPurpose; offerId?: string }
  | { masked: string; via: 'notifications.unsubscribe'; recipientKey: string; category: Category }
  | { masked: string; via: 'registry.consent'; personId: string; purpose: ConsentPurpose }
  | { masked: string; via: 'registry.person-name'; personId: string | null; role: MentionRole }
  | { masked: string | null; via: 'unavailable'; reason: string };

/** A masked link (`token=•••` or `t=•••`) still in a text: one the worker could not put the real link in for. */
const MASKED_LINK_IN_TEXT = new RegExp(`[?&](?:token|t)=${MASKED_SECRET}`);

/**
 * Secrets in a rendered text, in plain or HTML-escaped links (`&amp;token=`): masked, as a last guard before
 * the row is written. The events carry masked links only (their contracts refuse anything else), so this
 * finds nothing unless a producer is broken; the migration uses the same rule in SQL.
 */
export function maskLinksIn(text: string): string {
  return text.replace(/((?:[?&]|&amp;)(?:token|t)=)[^&#\s"'<>\\]*/g, `$1${MASKED_SECRET}`);
}

function stringAt(data: unknown, own: unknown, path: string): string | null {
  const value = path.startsWith('own.') ? valueAt(own, path.slice(4)) : valueAt(data, path);
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/**
 * The secret links of one email, from its rule and the event's data (`own` is the recipient's own element of
 * an `each` list), plus the unsubscribe link of an optional category, a registry person's consent-withdrawal
 * links, and the name slots of the people it mentions. A link whose masked form or owner's ids the data does not hold is left out (the template leaves its
 * button out too).
 */
export function secretLinksOf(
  rules: readonly SecretLinkRule[],
  data: unknown,
  own: unknown,
  unsubscribe: { masked: string; recipientKey: string; category: Category } | null,
  consents: { personId: string; links: readonly { purpose: ConsentPurpose; masked: string }[] } | null = null,
  names: readonly NameSlot[] = [],
): SecretLink[] {
  const links: SecretLink[] = [];
  for (const rule of rules) {
    const masked = stringAt(data, own, rule.masked);
    if (!masked || !masked.includes(MASKED_SECRET)) continue;
    if (rule.via === 'registry.invitation') {
      const accountId = stringAt(data, own, rule.accountId);
      const invitationId = stringAt(data, own, rule.invitationId);
      if (accountId && invitationId) links.push({ masked, via: rule.via, accountId, invitationId });
    } else {
      const registrationId = stringAt(data, own, rule.registrationId);
      const offerId = rule.offerId ? stringAt(data, own, rule.offerId) : null;
      if (!registrationId || (rule.purpose === 'seat-offer' && !offerId)) continue;
      links.push({ masked, via: rule.via, registrationId, purpose: rule.purpose, ...(offerId ? { offerId } : {}) });
    }
  }
  if (unsubscribe) links.push({ via: 'notifications.unsubscribe', ...unsubscribe });
  for (const { purpose, masked } of consents?.links ?? []) {
    links.push({ masked, via: 'registry.consent', personId: consents!.personId, purpose });
  }
  for (const { slot, personId, role } of names) links.push({ masked: slot, via: 'registry.person-name', personId, role });
  return links;
}

/** A masked link and the real one it stands for (checked with `isLinkFor`). */
export interface ResolvedLink {
  masked: string;
  real: string;
}

/** Refuses an answered link that is not the masked one's (another host, path or parameter). */
export function checkedLink(link: SecretLink, real: string): ResolvedLink {
  if (!link.masked || !isLinkFor(link.masked, real)) throw new LinkMismatchError(link.via);
  return { masked: link.masked, real };
}

export interface SendableContent {
  text: string;
  html: string;
  unsubscribeUrl: string | null;
}

/**
 * The content as it goes on the wire: every masked link replaced by its real one, in the text, in the HTML
 * (as the HTML holds it: escaped) and in the List-Unsubscribe URL. Only for the MIME message handed to SMTP.
 */
export function withRealLinks(content: SendableContent, links: readonly ResolvedLink[]): SendableContent {
  let { text, html, unsubscribeUrl } = content;
  for (const { masked, real } of links) {
    text = text.split(masked).join(real);
    html = html.split(escapeHtml(masked)).join(escapeHtml(real));
    if (unsubscribeUrl === masked) unsubscribeUrl = real;
  }
  if (MASKED_LINK_IN_TEXT.test(text) || MASKED_LINK_IN_TEXT.test(html.replace(/&amp;/g, '&'))) throw new UnresolvedLinkError();
  if (unsubscribeUrl && unsubscribeUrl.includes(MASKED_SECRET)) throw new UnresolvedLinkError();
  return { text, html, unsubscribeUrl };
}
