import { randomBytes } from 'node:crypto';
import { GetRegistrantLinkV1, maskSecretUrl, type RegistrantLinkPurpose } from '@collabo/contracts';
import { AppError } from '@collabo/service-kit';
import { serveContract } from '@collabo/service-kit/testing';
import type { NatsConnection } from '@nats-io/nats-core';

const token = (): string => randomBytes(18).toString('base64url');

/**
 * The events service's GetRegistrantLinkV1 on real NATS (the registry's IssueInvitationLinkV1 is @collabo/testing's
 * FakeRegistry): each registration has its own token; the link of
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
