import { IdParam, Public } from '@collabo/service-kit';
import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { GuestDto, TokenQuery } from './dto/registration.dto.js';
import { OfferView, offerView, OwnRegistrationView, ownRegistrationView, PublicRegistrationCreatedView } from './dto/registration.view.js';
import { RegistrationsService } from './registrations.service.js';
import { PublicReadLimit, PublicWriteLimit } from '../http/limits.js';

class OwnOfferView {
  @ApiProperty({ type: OfferView }) offer!: OfferView;
  @ApiProperty({ type: OwnRegistrationView }) registration!: OwnRegistrationView;
}

/**
 * What registrants do themselves, without an account: register as a guest, and through the link in
 * their emails (registration id + token) see, cancel, download the calendar entry, and answer a seat offer.
 * A wrong token is answered exactly like an unknown id (404).
 */
@ApiTags('public: registrations')
@Public()
@Controller('v1/public')
export class PublicRegistrationsController {
  constructor(private readonly registrations: RegistrationsService) {}

  @Post('events/:id/registrations')
  @PublicWriteLimit()
  @ApiOperation({ summary: 'Register as a guest for a published event (rate-limited per client)' })
  @ApiCreatedResponse({ type: PublicRegistrationCreatedView })
  async register(@IdParam() eventId: string, @Body() body: GuestDto): Promise<PublicRegistrationCreatedView> {
    const { registration, position } = await this.registrations.registerGuest(eventId, body);
    return { ...ownRegistrationView(registration, position, null), manageToken: registration.manageToken };
  }

  @Get('registrations/:id')
  @PublicReadLimit()
  @ApiOperation({ summary: 'My registration (the link in my emails)' })
  @ApiOkResponse({ type: OwnRegistrationView })
  async get(@IdParam() id: string, @Query() query: TokenQuery): Promise<OwnRegistrationView> {
    return this.registrations.ownView(await this.registrations.getWithToken(id, query.token));
  }

  @Post('registrations/:id/cancel')
  @PublicWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel my registration; my seat goes to the next in line' })
  @ApiOkResponse({ type: OwnRegistrationView })
  async cancel(@IdParam() id: string, @Query() query: TokenQuery): Promise<OwnRegistrationView> {
    return this.registrations.ownView(await this.registrations.cancel(id, 'registrant', query.token));
  }

  @Get('registrations/:id/calendar.ics')
  @PublicReadLimit()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'My calendar entry' })
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document', content: { 'text/calendar': { schema: { type: 'string' } } } })
  async calendar(@IdParam() id: string, @Query() query: TokenQuery): Promise<string> {
    return this.registrations.calendarOf(await this.registrations.getWithToken(id, query.token));
  }

  @Get('seat-offers/:offerId/accept')
  @PublicReadLimit()
  @ApiOperation({ summary: 'See a seat offer (the link in the email); accepting it is a POST to the same address' })
  @ApiOkResponse({ type: OwnOfferView })
  async viewOffer(@IdParam('offerId') offerId: string, @Query() query: TokenQuery): Promise<OwnOfferView> {
    const { offer, registration } = await this.registrations.offerWithToken(offerId, query.token);
    return { offer: offerView(offer)!, registration: await this.registrations.ownView(registration) };
  }

  @Post('seat-offers/:offerId/accept')
  @PublicWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept a seat offer; refused with 409 EVENTS.OFFER_EXPIRED once it has run out' })
  @ApiOkResponse({ type: OwnRegistrationView })
  async accept(@IdParam('offerId') offerId: string, @Query() query: TokenQuery): Promise<OwnRegistrationView> {
    return this.registrations.ownView(await this.registrations.acceptOffer(offerId, query.token));
  }

  @Post('seat-offers/:offerId/decline')
  @PublicWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a seat offer; the seat goes to the next in line' })
  @ApiOkResponse({ type: OwnRegistrationView })
  async decline(@IdParam('offerId') offerId: string, @Query() query: TokenQuery): Promise<OwnRegistrationView> {
    return this.registrations.ownView(await this.registrations.declineOffer(offerId, query.token));
  }
}
