import { CurrentActor, etagOf, IdParam, type Actor, type Page } from '@collabo/service-kit';
import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CancelEventDto, CreateEventDto, ListEventsQuery, UpdateEventDto } from './dto/event.dto.js';
import { EventPageView, EventView } from './event-views.js';
import { EventsService } from './events.service.js';
import { StaffWriteLimit } from '../http/limits.js';

const IF_MATCH = { name: 'if-match', required: true, description: 'The ETag of the event as last read' };

/** Staff manage exchange events: draft, publish, change, cancel, complete, list. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Draft an event (organisers are checked against the registry)' })
  @ApiCreatedResponse({ type: EventView })
  async create(
    @Body() body: CreateEventDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.create(body, actor.personId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'List and filter events (newest first)' })
  @ApiOkResponse({ type: EventPageView })
  async list(@Query() query: ListEventsQuery): Promise<Page<EventView>> {
    return this.events.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: EventView })
  async get(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventView> {
    const view = await this.events.get(id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Patch(':id')
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Change an event; registrants hear about changes to time, venue, fees, title or language' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async update(
    @IdParam() id: string,
    @Body() body: UpdateEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.update(id, body, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/publish')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft: it appears in the public listing and its registration window applies' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async publish(
    @IdParam() id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.publish(id, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/cancel')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an event with its registrations; registrants are told why' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async cancel(
    @IdParam() id: string,
    @Body() body: CancelEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.cancel(id, body.reason, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/complete')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an event after it started: confirmed registrants who did not check in become no-shows' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async complete(
    @IdParam() id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.complete(id, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
