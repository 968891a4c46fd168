import { Body, Controller, Get, Headers, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, etagOf, type Actor, type Page } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { CreateProposalDto, ProposalQuery, UpdateProposalDto } from './dto/proposal.dto.js';
import { HistoryQuery, TransitionDto } from './dto/transition.dto.js';
import { ProposalPageView, ProposalView, TransitionPageView, TransitionResultView, TransitionView } from './proposal.view.js';
import { ProposalsService } from './proposals.service.js';
import { TransitionsService } from './transitions.service.js';

@ApiTags('proposals')
@ApiBearerAuth()
@ApiExtraModels(ProposalView, TransitionView)
@Controller('v1/proposals')
export class ProposalsController {
  constructor(
    private readonly proposals: ProposalsService,
    private readonly transitions: TransitionsService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Bring in a proposal (the proposing organisation is checked against the registry)' })
  @ApiResponse({ status: 201, type: ProposalView })
  @ApiResponse({ status: 422, description: 'The registry does not know the organisation, or it may not bring in a proposal.' })
  async create(
    @Body() body: CreateProposalDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    const view = await this.proposals.create(actor, body);
    void reply.header('etag', etagOf(view.version)).header('location', `/v1/proposals/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'Search and filter proposals (an advisor sees only the proposals assigned to them)' })
  @ApiOkResponse({ type: ProposalPageView })
  list(@Query() query: ProposalQuery, @CurrentActor() actor: Actor): Promise<Page<ProposalView>> {
    return this.proposals.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One proposal, with the stages it may move to next' })
  @ApiResponse({ status: 200, type: ProposalView })
  @ApiResponse({ status: 404, description: 'No such proposal, or (for an advisor) not assigned to you.' })
  async get(@IdParam() id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProposalView> {
    const view = await this.proposals.get(actor, id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a proposal’s details' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The ETag you read' })
  @ApiResponse({ status: 200, type: ProposalView })
  async update(
    @IdParam() id: string,
    @Body() body: UpdateProposalDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProposalView> {
    const view = await this.proposals.update(actor, id, ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/transitions')
  @ApiOperation({ summary: 'Move a proposal to another stage of its programme' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The ETag you read: of two moves at once, one wins and the other gets 412' })
  @ApiResponse({ status: 201, type: TransitionResultView, description: 'The history line written and the proposal as it is now.' })
  @ApiResponse({ status: 409, description: 'Not allowed by the programme (with `allowed` next stages), or a guard failed.' })
  @ApiResponse({ status: 412, description: 'Someone else moved or changed the proposal since you read it.' })
  async transition(
    @IdParam() id: string,
    @Body() body: TransitionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ transition: TransitionView; proposal: ProposalView }> {
    const result = await this.transitions.transition(actor, id, ifMatch, body);
    void reply.header('etag', etagOf(result.proposal.version));
    return result;
  }

  @Get(':id/transitions')
  @ApiOperation({ summary: 'The proposal’s history: every transition with actor, times, stages and reason (never rewritten)' })
  @ApiOkResponse({ type: TransitionPageView })
  history(@IdParam() id: string, @Query() query: HistoryQuery, @CurrentActor() actor: Actor): Promise<Page<TransitionView>> {
    return this.proposals.history(actor, id, query);
  }
}
