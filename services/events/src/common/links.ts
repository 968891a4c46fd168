/** The links in messages to registrants: this service's public routes, with the registrant's own token. */

const base = (publicBaseUrl: string): string => publicBaseUrl.replace(/\/+$/, '');

/** Where a seat offer is seen (GET) and accepted (POST). */
export function seatOfferUrl(publicBaseUrl: string, offerId: string, manageToken: string): string {
  return `${base(publicBaseUrl)}/v1/public/seat-offers/${offerId}/accept?token=${manageToken}`;
}

/** Where an attendee sees (GET) and answers (PUT) the questionnaire after the event. */
export function questionnaireUrl(publicBaseUrl: string, registrationId: string, manageToken: string): string {
  return `${base(publicBaseUrl)}/v1/public/registrations/${registrationId}/questionnaire?token=${manageToken}`;
}
