import { maskSecretUrl } from '@collabo/contracts';

/**
 * The links to a registrant's own pages: this service's public routes, with the registrant's own token.
 *
 * A usable link is handed out only over RPC (`GetRegistrantLinkV1`, to the notifications service at send
 * time); events, outbox rows and everything else that is stored carry the masked form (the token shown as
 * `•••`, see `maskSecretUrl`), which says which page a message links to without opening it.
 */

/** A registrant's link in both forms: `url` opens the page, `masked` is what messages carry. */
export interface RegistrantLink {
  url: string;
  masked: string;
}

const base = (publicBaseUrl: string): string => publicBaseUrl.replace(/\/+$/, '');

const link = (url: string): RegistrantLink => ({ url, masked: maskSecretUrl(url) });

/** Where a seat offer is seen (GET) and accepted (POST). */
export function seatOfferLink(publicBaseUrl: string, offerId: string, manageToken: string): RegistrantLink {
  return link(`${base(publicBaseUrl)}/v1/public/seat-offers/${offerId}/accept?token=${encodeURIComponent(manageToken)}`);
}

/** Where an attendee sees (GET) and answers (PUT) the questionnaire after the event. */
export function questionnaireLink(publicBaseUrl: string, registrationId: string, manageToken: string): RegistrantLink {
  return link(`${base(publicBaseUrl)}/v1/public/registrations/${registrationId}/questionnaire?token=${encodeURIComponent(manageToken)}`);
}
