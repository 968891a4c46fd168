import { CurrentActor, etagOf, IdParam, Roles, type Actor } from '@collabo/service-kit';
import { Body, Controller, Get, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PlanSeatingDto, SeatingPlanView, SeatMovesDto } from './seating.dto.js';
import { SeatingService } from './seating.service.js';
import { StaffWriteLimit } from '../http/limits.js';

@ApiTags('seating')
@ApiBearerAuth()
@Controller('v1/events/:id/seating')
export class SeatingController {
  constructor(private readonly seating: SeatingService) {}

  @Post()
  @StaffWriteLimit()
  @ApiOperation({
    summary: 'Plan the seating of the confirmed attendees so that different fields meet',
    description:
      'No two people of one organisation at a table when avoidable; sectors, focus fields and study groups spread. ' +
      'Deterministic for the same attendees and settings. Replaces the stored plan.',
  })
  @ApiCreatedResponse({ type: SeatingPlanView })
  async plan(
    @IdParam() id: string,
    @Body() body: PlanSeatingDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SeatingPlanView> {
    const view = await this.seating.plan(id, body, actor.personId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get()
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'The stored plan (names and organisations of the attendees: admins and coordinators only)' })
  @ApiOkResponse({ type: SeatingPlanView })
  async get(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<SeatingPlanView> {
    const view = await this.seating.get(id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post('moves')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Move people between tables by hand (checked; all or nothing); answers the rescored plan' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The plan’s ETag' })
  @ApiOkResponse({ type: SeatingPlanView })
  async move(
    @IdParam() id: string,
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
