import { Injectable } from '@nestjs/common';
import { GetConsentWithdrawalLinkV1, GetRegistrantLinkV1, IssueInvitationLinkV1, type Language } from '@collabo/contracts';
import { AppError, RpcClient, validatePayload } from '@collabo/service-kit';
import { UnsubscribeLinks } from '../preferences/unsubscribe-links.js';
import { LinkRefusedError, NotificationsErrors } from '../errors.js';
import { ConsentLinkCache } from '../recipients/consent-link-cache.js';
import { RecipientDirectory } from '../recipients/recipient-directory.js';
import { nameFor, type RegistryPerson } from '../rules/recipients.js';
import { NEUTRAL_NAMES, withoutSlotMarks } from '../templates/person-names.js';
import { wireConsentLink } from './consent-links.js';
import { checkedLink, type ResolvedLink, type SecretLink } from './secret-links.js';

/** Codes of owners' answers that mean "this link will never be handed out": the delivery fails without retrying. */
const REFUSALS: Record<string, ConstructorParameters<typeof LinkRefusedError>[0]> = {
  'REGISTRY.INVITATION_NOT_PENDING': NotificationsErrors.invitationNotPending,
  'REGISTRY.ACCOUNT_NOT_FOUND': NotificationsErrors.invitationNotPending,
  'EVENTS.REGISTRATION_NOT_FOUND': NotificationsErrors.registrantLinkUnavailable,
  'EVENTS.SEAT_OFFER_NOT_FOUND': NotificationsErrors.registrantLinkUnavailable,
};

/** GetConsentWithdrawalLinkV1's refusal: the person is no longer in the registry (erased, or merged away since intake). */
const CONSENT_REFUSALS: typeof REFUSALS = {
  'REGISTRY.PERSON_NOT_FOUND': NotificationsErrors.consentLinkUnavailable,
};

/**
 * At send time, the real link behind each masked link of an email: asked of its owner over RPC (the kit's
 * client: timeout, correlation id; the registry's consent-withdrawal links too), or signed here for the
 * unsubscribe link, and checked with `isLinkFor`.
 * What it returns lives only as long as the MIME message built from it; it is never logged or stored. A consent link
 * is deterministic per person and purpose: it is kept in memory (ConsentLinkCache) and asked again only after its TTL
 * or a change to the person.
 *
 * The same goes for the names of third people an email mentions (`registry.person-name`: the digest's advisors): all
 * of an email's are looked up at once through the recipient directory (its cache, then the registry), outside any
 * transaction, each written as the email's language reads it; a person the registry no longer knows is shown
 * neutrally (`（審査員）` / `(advisor)`).
 *
 * Throws LinkRefusedError (permanent: the email fails), LinkMismatchError (permanent), or another error
 * (the owner unreachable, a timeout, an answer off its contract: the usual retry with backoff).
 */
@Injectable()
export class SecretLinkResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly unsubscribeLinks: UnsubscribeLinks,
    private readonly consentLinks: ConsentLinkCache,
    private readonly people: RecipientDirectory,
  ) {}

  /** The real value behind each masked one of an email written in `language`. */
  async resolve(links: readonly SecretLink[], language: Language = 'ja'): Promise<ResolvedLink[]> {
    const resolved: ResolvedLink[] = [];
    const names = links.filter((l) => l.via === 'registry.person-name');
    if (names.length) {
      const ids = names.flatMap((n) => (n.personId ? [n.personId] : []));
      const { people } = ids.length ? await this.people.lookUp(ids, []) : { people: new Map<string, RegistryPerson>() };
      for (const n of names) {
        const person = n.personId ? people.get(n.personId.toLowerCase()) : undefined;
        // A name is text in a line of the email: one line, however the registry wrote it, and never a slot itself.
        const name = person ? withoutSlotMarks(nameFor(person, language).replace(/\s+/g, ' ').trim()) : '';
        resolved.push({ masked: n.masked, real: name || NEUTRAL_NAMES[n.role][language] });
      }
    }
    for (const link of links) {
      if (link.via !== 'registry.person-name') resolved.push(checkedLink(link, await this.realLink(link)));
    }
    return resolved;
  }

  private async realLink(link: Exclude<SecretLink, { via: 'registry.person-name' }>): Promise<string> {
    switch (link.via) {
      case 'notifications.unsubscribe':
        return this.unsubscribeLinks.real({ recipientKey: link.recipientKey, category: link.category });
      case 'registry.invitation': {
        const answer = await this.ask(() =>
          this.rpc.request(IssueInvitationLinkV1, { accountId: link.accountId, invitationId: link.invitationId }),
        );
        return validatePayload(IssueInvitationLinkV1.Response, answer).setPasswordUrl;
      }
      case 'events.registrant': {
        const answer = await this.ask(() =>
          this.rpc.request(GetRegistrantLinkV1, {
            registrationId: link.registrationId,
            purpose: link.purpose,
            ...(link.offerId ? { offerId: link.offerId } : {}),
          }),
        );
        return validatePayload(GetRegistrantLinkV1.Response, answer).url;
      }
      case 'registry.consent': {
        // Never stored; kept in memory a while (the same link every time). Whether the consent is in force does not
        // matter: the link of a consent not in force changes nothing, and the email's wording fits both.
        let url = this.consentLinks.get(link.personId, link.purpose);
        if (url === undefined) {
          let answer: unknown;
          try {
            answer = await this.ask(
              () => this.rpc.request(GetConsentWithdrawalLinkV1, { personId: link.personId, purpose: link.purpose }),
              CONSENT_REFUSALS,
            );
          } catch (err) {
            if (err instanceof LinkRefusedError) this.consentLinks.forget([link.personId]);
            throw err;
          }
          url = validatePayload(GetConsentWithdrawalLinkV1.Response, answer).withdrawalUrl;
          this.consentLinks.set(link.personId, link.purpose, url);
        }
        return wireConsentLink(url, link.purpose);
      }
      case 'unavailable':
        throw new LinkRefusedError(
          NotificationsErrors.secretLinkUnavailable,
          'this email was recorded before secret links were masked; its link cannot be issued again (send a new invitation or offer from its owner)',
        );
    }
  }

  /** An owner's refusal becomes a LinkRefusedError; anything else (unreachable, timeout, 5xx) is left to retry. */
  private async ask<T>(call: () => Promise<T>, refusals: typeof REFUSALS = REFUSALS): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof AppError && refusals[err.code]) {
        throw new LinkRefusedError(refusals[err.code]!, `the owner refused to issue the link (${err.code})`);
      }
      throw err;
    }
  }
}
