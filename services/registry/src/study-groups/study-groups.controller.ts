import { Body, Controller, Get, Headers, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { withEtag } from '../common/http.js';
import { UuidParam } from '../common/params.js';
import { CreateMembershipDto, MembersQuery, StudyGroupQuery, StudyGroupReportQuery, UpdateMembershipDto } from './membership.dto.js';
import { MembershipsService } from './memberships.service.js';

@ApiTags('study groups')
@ApiBearerAuth()
@Controller('v1')
export class StudyGroupsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get('study-groups')
  @ApiOkResponse({ description: 'Study groups (organisations of kind study_group) with their bureaus and current member counts' })
  list(@Query() query: StudyGroupQuery) {
    return this.memberships.list(query);
  }

  @Get('study-groups/:id/members')
  async members(@UuidParam() id: string, @Query() query: MembersQuery) {
    const { studyGroupId, members } = await this.memberships.members(id, query.activeOn);
    return { studyGroupId, items: members, total: members.length };
  }

  @Post('study-groups/:id/members')
  async join(
    @UuidParam() id: string,
    @Body() body: CreateMembershipDto,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.memberships.join(id, body, actor));
  }

  @Get('memberships/:id')
  async get(@UuidParam() id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    return withEtag(reply, await this.memberships.get(id));
  }

  @Patch('memberships/:id')
  @ApiHeader({ name: 'if-match', required: true })
  async update(
    @UuidParam() id: string,
    @Body() body: UpdateMembershipDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return withEtag(reply, await this.memberships.update(id, body, ifMatch, actor));
  }

  @Get('people/:id/memberships')
  async ofPerson(@UuidParam() id: string) {
    await this.memberships.assertPerson(id);
    const items = await this.memberships.ofPerson(id);
    return { items, total: items.length };
  }

  @Get('reports/study-groups')
  @ApiOkResponse({ description: 'Study groups and members per fiscal year (from 1 April), for Hokkaido, by bureau and by focus field' })
  report(@Query() query: StudyGroupReportQuery) {
    return this.memberships.report(query);
  }
}
