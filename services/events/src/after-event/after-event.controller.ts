import { CurrentActor, etagOf, PageQuery, Public, type Actor, type Page } from '@collabo/service-kit';
import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TokenQuery } from '../registrations/dto/registration.dto.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import {
  AfterEventService,
  followUpView,
  type ConnectionView,
  type FollowUpView,
  type ProposalLinkView,
  type QuestionnaireView,
} from './after-event.service.js';
import { CreateConnectionDto, CreateFollowUpDto, FollowUpQuery, QuestionnaireDto, UpdateFollowUpDto } from './dto/after-event.dto.js';

/** Staff record what happened after the event and read it back. */
@ApiTags('after the event')
@ApiBearerAuth()
@Controller('v1')
export class AfterEventController {
  constructor(
    private readonly afterEvent: AfterEventService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Put('registrations/:id/questionnaire')
  @ApiOperation({ summary: 'Enter (or correct) a questionnaire answer, e.g. from a paper form' })
  async answer(@Param('id', ParseUUIDPipe) id: string, @Body() body: QuestionnaireDto): Promise<QuestionnaireView> {
    return this.afterEvent.answerQuestionnaire(await this.registrations.get(id), body);
  }

  @Get('events/:id/questionnaire')
  @ApiOperation({ summary: 'Questionnaire answers with a summary (responses, average satisfaction, distribution)' })
  async questionnaire(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery) {
    return this.afterEvent.questionnaire(id, query);
  }

  @Post('events/:id/connections')
  @ApiOperation({ summary: 'Record that two attendees met (business cards exchanged)' })
  async connect(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateConnectionDto,
    @CurrentActor() actor: Actor,
  ): Promise<ConnectionView> {
    return this.afterEvent.connect(id, body, actor.personId);
  }

  @Get('events/:id/connections')
  async connections(@Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery): Promise<Page<ConnectionView>> {
    return this.afterEvent.connections(id, query);
  }

  @Post('events/:id/follow-ups')
  @ApiOperation({ summary: 'Record a follow-up (meeting, site visit, joint research, proposal) between registrants' })
  async createFollowUp(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: CreateFollowUpDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpView> {
    const view = await this.afterEvent.createFollowUp(id, body, actor.personId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get('events/:id/follow-ups')
  async followUps(@Param('id', ParseUUIDPipe) id: string, @Query() query: FollowUpQuery): Promise<Page<FollowUpView>> {
    return this.afterEvent.followUps(id, query);
  }

  @Get('follow-ups/:id')
  async followUp(@Param('id', ParseUUIDPipe) id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<FollowUpView> {
    const view = followUpView(await this.afterEvent.followUp(id));
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Patch('follow-ups/:id')
  @ApiHeader({ name: 'if-match', required: true })
  async updateFollowUp(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: UpdateFollowUpDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpView> {
    const view = await this.afterEvent.updateFollowUp(id, body, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get('events/:id/proposals')
  @ApiOperation({ summary: 'Proposals brought in that name this event as their origin' })
  async proposals(@Param('id', ParseUUIDPipe) id: string): Promise<ProposalLinkView[]> {
    return this.afterEvent.proposals(id);
  }

  @Get('events/:id/attendee-list')
  @ApiOperation({ summary: 'Attendee list to share with attendees: only those who consented to be listed' })
  async attendeeList(@Param('id', ParseUUIDPipe) id: string) {
    return this.afterEvent.attendeeList(id);
  }
}

/** The registrant answers the questionnaire through the link in the thank-you email. */
@ApiTags('public: registrations')
@Public()
@Controller('v1/public/registrations')
export class PublicQuestionnaireController {
  constructor(
    private readonly afterEvent: AfterEventService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Put(':id/questionnaire')
  @ApiOperation({ summary: 'Answer (or correct) my questionnaire' })
  async answer(
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: TokenQuery,
    @Body() body: QuestionnaireDto,
  ): Promise<QuestionnaireView> {
    return this.afterEvent.answerQuestionnaire(await this.registrations.getWithToken(id, query.token), body);
  }
}
