import { Body, Controller, Get, Headers, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, etagOf, type Actor, type Page } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { CancelInterviewDto, InterviewDto, InterviewQuery } from './dto/interview.dto.js';
import { InterviewView } from './interview.view.js';
import { InterviewsService } from './interviews.service.js';

const IF_MATCH = { name: 'if-match', required: true, description: 'The interview’s ETag (428 without, 412 when stale)' };

@ApiTags('interviews')
@ApiBearerAuth()
@Controller('v1/proposals/:id/interviews')
export class InterviewsController {
  constructor(private readonly interviews: InterviewsService) {}

  @Post()
  @ApiOperation({ summary: 'Invite the applicant (and other people) to a hearing: date and time, a place or an online link, a note' })
  @ApiResponse({ status: 201, type: InterviewView })
  async schedule(
    @IdParam() id: string,
    @Body() body: InterviewDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InterviewView> {
    const view = await this.interviews.schedule(actor, id, body);
    void reply.header('etag', etagOf(view.version)).header('location', `/v1/proposals/${id}/interviews/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'The proposal’s hearings, scheduled and cancelled, by start' })
  list(@IdParam() id: string, @Query() query: InterviewQuery, @CurrentActor() actor: Actor): Promise<Page<InterviewView>> {
    return this.interviews.list(actor, id, query);
  }

  @Get(':interviewId')
  @ApiOperation({ summary: 'One hearing; ETag = its version' })
  @ApiResponse({ status: 200, type: InterviewView })
  async get(
    @IdParam() id: string,
    @IdParam('interviewId') interviewId: string,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InterviewView> {
    const view = await this.interviews.get(actor, id, interviewId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Put(':interviewId')
  @ApiOperation({
    summary: 'Reschedule: the hearing as it is now (time, place, link, note, invitees); the invitees get the updated invitation',
  })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: InterviewView })
  async reschedule(
    @IdParam() id: string,
    @IdParam('interviewId') interviewId: string,
    @Body() body: InterviewDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InterviewView> {
    const view = await this.interviews.reschedule(actor, id, interviewId, ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':interviewId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a hearing, with the reason the invitees are told' })
  @ApiHeader(IF_MATCH)
  @ApiResponse({ status: 200, type: InterviewView })
  async cancel(
    @IdParam() id: string,
    @IdParam('interviewId') interviewId: string,
    @Body() body: CancelInterviewDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InterviewView> {
    const view = await this.interviews.cancel(actor, id, interviewId, ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }
}
