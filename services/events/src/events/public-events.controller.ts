import { IdParam, Public, type Page } from '@collabo/service-kit';
import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicEventsQuery } from './dto/event.dto.js';
import { PublicEventPageView, PublicEventView } from './event-views.js';
import { EventsService } from './events.service.js';
import { PublicReadLimit } from '../http/limits.js';

/** What anyone may see: published events, without any registrant's data, and a calendar feed of them. */
@ApiTags('public: events')
@Public()
@Controller('v1/public')
export class PublicEventsController {
  constructor(private readonly events: EventsService) {}

  @Get('events')
  @PublicReadLimit()
  @ApiOkResponse({ type: PublicEventPageView })
  @ApiOperation({ summary: 'Published events that are not over yet (or from a date), soonest first' })
  async list(@Query() query: PublicEventsQuery): Promise<Page<PublicEventView>> {
    return this.events.listPublic(query);
  }

  @Get('events.ics')
  @PublicReadLimit()
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'iCalendar feed of published events (cancelled ones stay in it a while, marked CANCELLED)' })
  async feed(): Promise<string> {
    return this.events.publicFeed();
  }

  @Get('events/:id')
  @PublicReadLimit()
  @ApiOkResponse({ type: PublicEventView })
  async get(@IdParam() id: string): Promise<PublicEventView> {
    return this.events.getPublic(id);
  }
}
