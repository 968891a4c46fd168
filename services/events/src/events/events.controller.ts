import { CurrentActor, etagOf, type Actor, type Page } from '@collabo/service-kit';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CancelEventDto, CreateEventDto, ListEventsQuery, UpdateEventDto } from './dto/event.dto.js';
import { EventView } from './event-views.js';
import { EventsService } from './events.service.js';

const IF_MATCH = { name: 'if-match', required: true, description: 'The ETag of the event as last read' };

/** Staff manage exchange events: draft, publish, change, cancel, complete, list. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
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
  async list(@Query() query: ListEventsQuery): Promise<Page<EventView>> {
    return this.events.list(query);
  }

  @Get(':id')
  @ApiOkResponse({ type: EventView })
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventView> {
    const view = await this.events.get(id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an event; registrants hear about changes to time, venue, fees, title or language' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async update(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.update(id, body, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/publish')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a draft: it appears in the public listing and its registration window applies' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async publish(
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.publish(id, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an event with its registrations; registrants are told why' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async cancel(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CancelEventDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.cancel(id, body.reason, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close an event after it started: confirmed registrants who did not check in become no-shows' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: EventView })
  async complete(
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EventView> {
    const view = await this.events.complete(id, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
