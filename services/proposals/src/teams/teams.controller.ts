import { Body, Controller, Get, Headers, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, Roles, etagOf, type Actor } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { SetTeamDto, SuggestionQuery } from './dto/team.dto.js';
import { TeamSuggestionsView, TeamView } from './team.view.js';
import { TeamsService, type TeamSuggestions } from './teams.service.js';

@ApiTags('support teams')
@ApiBearerAuth()
@Controller('v1/proposals/:id')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get('team')
  @ApiOperation({ summary: 'The support team (an advisor on it sees the coordinators and themselves)' })
  @ApiResponse({ status: 200, type: TeamView })
  async get(@IdParam() id: string, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<TeamView> {
    const view = await this.teams.get(actor, id);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Put('team')
  @ApiOperation({ summary: 'Form the support team, or replace its members (If-Match the team’s ETag)' })
  @ApiHeader({ name: 'if-match', required: false, description: 'Required when the team exists already' })
  @ApiResponse({ status: 201, type: TeamView, description: 'Formed.' })
  @ApiResponse({ status: 200, type: TeamView, description: 'Members replaced.' })
  async set(
    @IdParam() id: string,
    @Body() body: SetTeamDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TeamView> {
    const { view, created } = await this.teams.set(actor, id, ifMatch, body);
    void reply.status(created ? 201 : 200).header('etag', etagOf(view.version));
    return view;
  }

  @Get('team-suggestions')
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      'Candidate advisors ranked: conflicted ones excluded, sector mix, focus-field match, fewest open assignments; each score explained',
  })
  @ApiOkResponse({ type: TeamSuggestionsView })
  suggestions(@IdParam() id: string, @Query() query: SuggestionQuery, @CurrentActor() actor: Actor): Promise<TeamSuggestions> {
    return this.teams.suggestions(actor, id, query.limit);
  }
}
