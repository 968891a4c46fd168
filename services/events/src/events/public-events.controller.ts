import { Public, type Page } from '@collabo/service-kit';
import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PublicEventsQuery } from './dto/event.dto.js';
import { PublicEventView } from './event-views.js';
import { EventsService } from './events.service.js';

/** What anyone may see: published events, without any registrant's data, and a calendar feed of them. */
@ApiTags('public: events')
@Public()
@Controller('v1/public')
export class PublicEventsController {
  constructor(private readonly events: EventsService) {}

  @Get('events')
  @ApiOperation({ summary: 'Published events that are not over yet (or from a date), soonest first' })
  async list(@Query() query: PublicEventsQuery): Promise<Page<PublicEventView>> {
    return this.events.listPublic(query);
  }

  @Get('events.ics')
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'iCalendar feed of published events (cancelled ones stay in it a while, marked CANCELLED)' })
  async feed(): Promise<string> {
    return this.events.publicFeed();
  }

  @Get('events/:id')
  @ApiOkResponse({ type: PublicEventView })
  async get(@Param('id', ParseUUIDPipe) id: string): Promise<PublicEventView> {
    return this.events.getPublic(id);
  }
}
