import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { IdParam, page, PageQuery } from '@collabo/service-kit';
import { Change, Etag } from '../http/etag.js';
import {
  CreateMembershipDto,
  MembersQuery,
  RoleChangeDto,
  StudyGroupQuery,
  StudyGroupReportQuery,
  UpdateMembershipDto,
} from './membership.dto.js';
import { MembershipsService } from './memberships.service.js';
import { MembershipPage, MembershipView, StudyGroupMembersPage, StudyGroupPage, StudyGroupReport } from './membership.views.js';

@ApiTags('study groups')
@ApiBearerAuth()
@Controller('v1')
export class StudyGroupsController {
  constructor(private readonly memberships: MembershipsService) {}

  @Get('study-groups')
  @ApiOkResponse({
    type: StudyGroupPage,
    description: 'Study groups (organisations of kind study_group) with their bureaus and current member counts',
  })
  list(@Query() query: StudyGroupQuery) {
    return this.memberships.list(query);
  }

  @Get('study-groups/:id/members')
  @ApiOkResponse({ type: StudyGroupMembersPage, description: 'A page of the group’s memberships, with its id' })
  async members(@IdParam() id: string, @Query() query: MembersQuery) {
    const { studyGroupId, members, total } = await this.memberships.members(id, query.activeOn, query);
    return { studyGroupId, ...page(members, total, query) };
  }

  @Post('study-groups/:id/members')
  @ApiCreatedResponse({ type: MembershipView })
  async join(@IdParam() id: string, @Body() body: CreateMembershipDto, @Change() change: Change) {
    return change.answer(await this.memberships.join(id, body, change.actor));
  }

  @Get('memberships/:id')
  @ApiOkResponse({ type: MembershipView })
  async get(@IdParam() id: string, @Etag() etag: Etag) {
    return etag.answer(await this.memberships.get(id));
  }

  @Patch('memberships/:id')
  @ApiHeader({ name: 'if-match', required: true })
  @ApiOkResponse({ type: MembershipView })
  async update(@IdParam() id: string, @Body() body: UpdateMembershipDto, @Change() change: Change) {
    return change.answer(await this.memberships.update(id, body, change.ifMatch, change.actor));
  }

  @Post('memberships/:id/role-changes')
  @HttpCode(200)
  @ApiHeader({ name: 'if-match', required: true })
  @ApiOkResponse({
    type: MembershipView,
    description:
      'A role change from a day on: the current role ends the day before `from` and the new one starts on `from` ' +
      '(the history is kept in `roles`); answers the membership with its new version',
  })
  async changeRole(@IdParam() id: string, @Body() body: RoleChangeDto, @Change() change: Change) {
    return change.answer(await this.memberships.changeRole(id, body, change.ifMatch, change.actor));
  }

  @Get('people/:id/memberships')
  @ApiOkResponse({ type: MembershipPage })
  async ofPerson(@IdParam() id: string, @Query() query: PageQuery) {
    await this.memberships.assertPerson(id);
    return this.memberships.pageOfPerson(id, query);
  }

  @Get('reports/study-groups')
  @ApiOkResponse({
    type: StudyGroupReport,
    description: 'Study groups and members per fiscal year (from 1 April), for Hokkaido, by bureau and by focus field',
  })
  report(@Query() query: StudyGroupReportQuery) {
    return this.memberships.report(query);
  }
}
