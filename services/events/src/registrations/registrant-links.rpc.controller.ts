import { GetRegistrantLinkV1 } from '@collabo/contracts';
import { KIT_ENV, ValidationFailedError } from '@collabo/service-kit';
import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { RegistrantSeatOfferNotFoundError, RegistrationNotFoundError } from '../errors.js';
import type { EventsEnv } from '../config/events-env.js';
import { questionnaireLink, seatOfferLink } from './registrant-links.js';
import { Registration } from './registration.entity.js';
import { SeatOffer } from './seat-offer.entity.js';

/**
 * NATS RPC: the usable link to a registrant's own page, asked by the notifications service when it sends
 * the email (the events it got carry the link masked). Only the notifications service's NATS user may
 * publish this subject (NATS permissions); the answer goes into the email on the SMTP wire and nowhere
 * else. A seat-offer link is answered only for an offer made to that very registration.
 */
@Controller()
export class RegistrantLinksRpcController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(KIT_ENV) private readonly env: EventsEnv,
  ) {}

  @MessagePattern(GetRegistrantLinkV1.subject)
  async registrantLink(@Payload() request: GetRegistrantLinkV1.Request): Promise<GetRegistrantLinkV1.Response> {
    const registration = await this.dataSource.getRepository(Registration).findOneBy({ id: request.registrationId });
    if (!registration) throw new RegistrationNotFoundError(request.registrationId);
    if (request.purpose === 'questionnaire') {
      return { url: questionnaireLink(this.env.PUBLIC_BASE_URL, registration.id, registration.manageToken).url };
    }
    if (!request.offerId) throw new ValidationFailedError([{ field: 'offerId', message: 'offerId is required for a seat-offer link' }]);
    const offer = await this.dataSource.getRepository(SeatOffer).findOneBy({ id: request.offerId, registrationId: registration.id });
    if (!offer) throw new RegistrantSeatOfferNotFoundError(registration.id, request.offerId);
    return { url: seatOfferLink(this.env.PUBLIC_BASE_URL, offer.id, registration.manageToken).url };
  }
}
