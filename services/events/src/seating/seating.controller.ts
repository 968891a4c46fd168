import { CurrentActor, etagOf, type Actor } from '@collabo/service-kit';
import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PlanSeatingDto, SeatingPlanView, SeatMovesDto } from './seating.dto.js';
import { SeatingService } from './seating.service.js';

@ApiTags('seating')
@ApiBearerAuth()
@Controller('v1/events/:id/seating')
export class SeatingController {
  constructor(private readonly seating: SeatingService) {}

  @Post()
  @ApiOperation({
    summary: 'Plan the seating of the confirmed attendees so that different fields meet',
    description:
      'No two people of one organisation at a table when avoidable; sectors, focus fields and study groups spread. ' +
      'Deterministic for the same attendees and settings. Replaces the stored plan.',
  })
  @ApiCreatedResponse({ type: SeatingPlanView })
  async plan(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: PlanSeatingDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SeatingPlanView> {
    const view = await this.seating.plan(id, body, actor.personId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get()
  @ApiOkResponse({ type: SeatingPlanView })
  async get(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<SeatingPlanView> {
    const view = await this.seating.get(id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post('moves')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move people between tables by hand (checked; all or nothing); answers the rescored plan' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The plan’s ETag' })
  @ApiOkResponse({ type: SeatingPlanView })
  async move(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SeatMovesDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SeatingPlanView> {
    const view = await this.seating.move(id, body.moves, ifMatch, actor.personId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
