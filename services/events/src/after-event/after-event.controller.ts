import { CurrentActor, etagOf, IdParam, PageQuery, Public, Roles, type Actor, type Page } from '@collabo/service-kit';
import { Body, Controller, Get, Headers, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicReadLimit, PublicWriteLimit, StaffWriteLimit } from '../http/limits.js';
import { StaffExceptAdvisors } from '../http/roles.js';
import { TokenQuery } from '../registrations/dto/registration.dto.js';
import { RegistrationsService } from '../registrations/registrations.service.js';
import { AfterEventService, followUpView } from './after-event.service.js';
import { CreateConnectionDto, CreateFollowUpDto, FollowUpQuery, QuestionnaireDto, UpdateFollowUpDto } from './dto/after-event.dto.js';
import {
  AttendeeListView,
  ConnectionPageView,
  ConnectionView,
  FollowUpPageView,
  FollowUpView,
  OwnQuestionnaireView,
  ProposalLinkPageView,
  QuestionnaireAnswersView,
  QuestionnaireView,
  type ProposalLinkView,
} from './dto/after-event.view.js';

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
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Enter (or correct) a questionnaire answer, e.g. from a paper form' })
  @ApiOkResponse({ type: QuestionnaireView })
  async answer(@IdParam() id: string, @Body() body: QuestionnaireDto): Promise<QuestionnaireView> {
    return this.afterEvent.answerQuestionnaire(await this.registrations.get(id), body);
  }

  @Get('events/:id/questionnaire')
  @StaffExceptAdvisors()
  @ApiOperation({ summary: 'Questionnaire answers with a summary (responses, average satisfaction, distribution); not for advisors' })
  @ApiOkResponse({ type: QuestionnaireAnswersView })
  async questionnaire(@IdParam() id: string, @Query() query: PageQuery): Promise<QuestionnaireAnswersView> {
    return this.afterEvent.questionnaire(id, query);
  }

  @Post('events/:id/connections')
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Record that two attendees met (business cards exchanged)' })
  @ApiCreatedResponse({ type: ConnectionView })
  async connect(@IdParam() id: string, @Body() body: CreateConnectionDto, @CurrentActor() actor: Actor): Promise<ConnectionView> {
    return this.afterEvent.connect(id, body, actor.personId);
  }

  @Get('events/:id/connections')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Who met whom at the event (names: admins and coordinators only)' })
  @ApiOkResponse({ type: ConnectionPageView })
  async connections(@IdParam() id: string, @Query() query: PageQuery): Promise<Page<ConnectionView>> {
    return this.afterEvent.connections(id, query);
  }

  @Post('events/:id/follow-ups')
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Record a follow-up (meeting, site visit, joint research, proposal) between registrants' })
  @ApiCreatedResponse({ type: FollowUpView })
  async createFollowUp(
    @IdParam() id: string,
    @Body() body: CreateFollowUpDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpView> {
    const view = await this.afterEvent.createFollowUp(id, body, actor.personId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get('events/:id/follow-ups')
  @StaffExceptAdvisors()
  @ApiOperation({ summary: 'Follow-ups of the event (filter by status); not for advisors' })
  @ApiOkResponse({ type: FollowUpPageView })
  async followUps(@IdParam() id: string, @Query() query: FollowUpQuery): Promise<Page<FollowUpView>> {
    return this.afterEvent.followUps(id, query);
  }

  @Get('follow-ups/:id')
  @StaffExceptAdvisors()
  @ApiOperation({ summary: 'A follow-up; not for advisors' })
  @ApiOkResponse({ type: FollowUpView })
  async followUp(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<FollowUpView> {
    const view = followUpView(await this.afterEvent.followUp(id));
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Patch('follow-ups/:id')
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Update a follow-up (status, note, dates)' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The ETag of the follow-up as last read' })
  @ApiOkResponse({ type: FollowUpView })
  async updateFollowUp(
    @IdParam() id: string,
    @Body() body: UpdateFollowUpDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowUpView> {
    const view = await this.afterEvent.updateFollowUp(id, body, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get('events/:id/proposals')
  @StaffExceptAdvisors()
  @ApiOperation({
    summary:
      'Proposals brought in that name this event as their origin; not for advisors (they see their assigned proposals in the proposals service)',
  })
  @ApiOkResponse({ type: ProposalLinkPageView })
  async proposals(@IdParam() id: string, @Query() query: PageQuery): Promise<Page<ProposalLinkView>> {
    return this.afterEvent.proposals(id, query);
  }

  @Get('events/:id/attendee-list')
  @StaffExceptAdvisors()
  @ApiOperation({ summary: 'Attendee list to share with attendees: only those who consented to be listed; not for advisors' })
  @ApiOkResponse({ type: AttendeeListView })
  async attendeeList(@IdParam() id: string): Promise<AttendeeListView> {
    return this.afterEvent.attendeeList(id);
  }
}

/** The attendee answers the questionnaire through the link in the thank-you message (EventCompleted). */
@ApiTags('public: registrations')
@Public()
@Controller('v1/public/registrations')
export class PublicQuestionnaireController {
  constructor(
    private readonly afterEvent: AfterEventService,
    private readonly registrations: RegistrationsService,
  ) {}

  @Get(':id/questionnaire')
  @PublicReadLimit()
  @ApiOperation({ summary: 'My questionnaire: whether I can answer it, and my answer so far (the link in the thank-you message)' })
  @ApiOkResponse({ type: OwnQuestionnaireView })
  async get(@IdParam() id: string, @Query() query: TokenQuery): Promise<OwnQuestionnaireView> {
    return this.afterEvent.ownQuestionnaire(await this.registrations.getWithToken(id, query.token));
  }

  @Put(':id/questionnaire')
  @PublicWriteLimit()
  @ApiOperation({ summary: 'Answer (or correct) my questionnaire' })
  @ApiOkResponse({ type: QuestionnaireView })
  async answer(@IdParam() id: string, @Query() query: TokenQuery, @Body() body: QuestionnaireDto): Promise<QuestionnaireView> {
    return this.afterEvent.answerQuestionnaire(await this.registrations.getWithToken(id, query.token), body);
  }
}
