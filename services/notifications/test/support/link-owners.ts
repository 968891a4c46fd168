import { randomBytes } from 'node:crypto';
import { GetRegistrantLinkV1, IssueInvitationLinkV1, maskSecretUrl, type RegistrantLinkPurpose } from '@collabo/contracts';
import { AppError } from '@collabo/service-kit';
import { serveContract } from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/nats-core';

const token = (): string => randomBytes(18).toString('base64url');

/**
 * The registry's IssueInvitationLinkV1 on real NATS (contract-checked by serveContract), as the registry
 * answers it: each call mints a fresh set-password token for a pending invitation, and the previous token
 * of that invitation dies. `works(url)` is the registry's set-password page: true only for the live token.
 */
export function serveInvitationLinks(nc: NatsConnection, prefix: string, setPasswordUrl: string) {
  const invitations = new Map<string, { accountId: string; pending: boolean; live: string | null; minted: string[] }>();
  let server = start();
  function start() {
    return serveContract(nc, prefix, IssueInvitationLinkV1, (request) => {
      const invitation = invitations.get(request.invitationId);
      if (!invitation || invitation.accountId !== request.accountId) {
        throw new AppError('REGISTRY.ACCOUNT_NOT_FOUND', 'No such account with this invitation.', 404);
      }
      if (!invitation.pending) throw new AppError('REGISTRY.INVITATION_NOT_PENDING', 'The invitation is no longer pending.', 409);
      invitation.live = token();
      invitation.minted.push(invitation.live);
      return { setPasswordUrl: `${setPasswordUrl}?token=${invitation.live}`, expiresAt: '2026-12-05T14:59:00.000Z' };
    });
  }
  return {
    /** The masked link the registry's event carries for any invitation. */
    masked: maskSecretUrl(`${setPasswordUrl}?token=x`),
    invite(accountId: string, invitationId: string): void {
      invitations.set(invitationId, { accountId, pending: true, live: null, minted: [] });
    },
    /** The invitation was used, superseded or expired: no more links. */
    close(invitationId: string): void {
      const invitation = invitations.get(invitationId);
      if (invitation) Object.assign(invitation, { pending: false, live: null });
    },
    /** Every token minted for this invitation, oldest first. */
    minted(invitationId: string): string[] {
      return invitations.get(invitationId)?.minted ?? [];
    },
    works(url: string): boolean {
      const given = new URL(url);
      const live = [...invitations.values()].some((i) => i.pending && i.live !== null && i.live === given.searchParams.get('token'));
      return live && `${given.origin}${given.pathname}` === setPasswordUrl;
    },
    get calls() {
      return server.calls;
    },
    down(): void {
      server.stop();
    },
    up(): void {
      server = start();
    },
    stop(): void {
      server.stop();
    },
  };
}

/**
 * The events service's GetRegistrantLinkV1 on real NATS: each registration has its own token; the link of
 * a seat offer names the offer. Unknown registrations or offers are refused as the events service does.
 */
export function serveRegistrantLinks(nc: NatsConnection, prefix: string, baseUrl: string) {
  const registrations = new Map<string, { token: string; offers: Set<string> }>();
  const linkOf = (registrationId: string, purpose: RegistrantLinkPurpose, offerId?: string, secret = 'x'): string =>
    purpose === 'seat-offer'
      ? `${baseUrl}/v1/registrations/${registrationId}/offers/${offerId}/accept?token=${secret}`
      : `${baseUrl}/v1/registrations/${registrationId}/questionnaire?token=${secret}`;
  const server = serveContract(nc, prefix, GetRegistrantLinkV1, (request) => {
    const registration = registrations.get(request.registrationId);
    if (!registration) throw new AppError('EVENTS.REGISTRATION_NOT_FOUND', 'No such registration.', 404);
    if (request.purpose === 'seat-offer' && (!request.offerId || !registration.offers.has(request.offerId))) {
      throw new AppError('EVENTS.SEAT_OFFER_NOT_FOUND', 'No such offer for this registration.', 404);
    }
    return { url: linkOf(request.registrationId, request.purpose, request.offerId, registration.token) };
  });
  return {
    /** Registers a registration (and its offer); returns its real token. */
    register(registrationId: string, offerId?: string): string {
      const entry = registrations.get(registrationId) ?? { token: token(), offers: new Set<string>() };
      if (offerId) entry.offers.add(offerId);
      registrations.set(registrationId, entry);
      return entry.token;
    },
    /** The masked link an event carries for this registration. */
    masked(registrationId: string, purpose: RegistrantLinkPurpose, offerId?: string): string {
      return maskSecretUrl(linkOf(registrationId, purpose, offerId));
    },
    /** The real link (what the email must carry). */
    real(registrationId: string, purpose: RegistrantLinkPurpose, offerId?: string): string {
      return linkOf(registrationId, purpose, offerId, registrations.get(registrationId)!.token);
    },
    forget(registrationId: string): void {
      registrations.delete(registrationId);
    },
    get calls() {
      return server.calls;
    },
    stop(): void {
      server.stop();
    },
  };
}
