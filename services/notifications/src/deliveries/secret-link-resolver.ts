import { Injectable } from '@nestjs/common';
import { GetConsentWithdrawalLinkV1, GetRegistrantLinkV1, IssueInvitationLinkV1 } from '@collabo/contracts';
import { AppError, RpcClient, validatePayload } from '@collabo/service-kit';
import { UnsubscribeLinks } from '../preferences/unsubscribe-links.js';
import { LinkRefusedError, NotificationsErrors } from '../errors.js';
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
 * What it returns lives only as long as the MIME message built from it; it is never logged or stored.
 *
 * Throws LinkRefusedError (permanent: the email fails), LinkMismatchError (permanent), or another error
 * (the owner unreachable, a timeout, an answer off its contract: the usual retry with backoff).
 */
@Injectable()
export class SecretLinkResolver {
  constructor(
    private readonly rpc: RpcClient,
    private readonly unsubscribeLinks: UnsubscribeLinks,
  ) {}

  async resolve(links: readonly SecretLink[]): Promise<ResolvedLink[]> {
    const resolved: ResolvedLink[] = [];
    for (const link of links) resolved.push(checkedLink(link, await this.realLink(link)));
    return resolved;
  }

  private async realLink(link: SecretLink): Promise<string> {
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
        // Asked on every try and resend (never stored); whether the consent is in force does not matter: the link
        // of a consent not in force changes nothing, and the email's wording fits both.
        const answer = await this.ask(
          () => this.rpc.request(GetConsentWithdrawalLinkV1, { personId: link.personId, purpose: link.purpose }),
          CONSENT_REFUSALS,
        );
        return wireConsentLink(validatePayload(GetConsentWithdrawalLinkV1.Response, answer).withdrawalUrl, link.purpose);
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
