import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, type Actor } from '@collabo/service-kit';
import { Change, Etag } from '../http/etag.js';
import {
  CentreReportQuery,
  ConsortiumQuery,
  CreateConsortiumMembershipDto,
  CreateTenancyDto,
  TenancyQuery,
  UpdateConsortiumMembershipDto,
  UpdateTenancyDto,
} from './centre.dto.js';
import { CentreReportService } from './centre-report.service.js';
import { CentreService } from './centre.service.js';
import { CentreReportView, ConsortiumMembershipPage, ConsortiumMembershipView, TenancyPage, TenancyView } from './centre.views.js';

const IF_MATCH = { name: 'if-match', required: true };

@ApiTags('collaboration centre')
@ApiBearerAuth()
@Controller('v1')
export class CentreController {
  constructor(
    private readonly centre: CentreService,
    private readonly reports: CentreReportService,
  ) {}

  @Get('reports/centre')
  @ApiOkResponse({
    type: CentreReportView,
    description:
      'The collaboration centre’s report of a fiscal year: its tenants (tenancies on any day of the year), each with the patents ' +
      'and awards that count in that year (an award naming one of its tenancies, or of a project it proposed)',
  })
  async report(@Query() query: CentreReportQuery) {
    return this.reports.report(query.fiscalYear);
  }

  @Get('tenancies')
  @ApiOkResponse({ type: TenancyPage })
  async tenancies(@Query() query: TenancyQuery) {
    return this.centre.tenancies(query);
  }

  @Post('tenancies')
  @ApiCreatedResponse({ type: TenancyView })
  async createTenancy(@Body() body: CreateTenancyDto, @CurrentActor() actor: Actor, @Etag() etag: Etag) {
    return etag.answer(await this.centre.createTenancy(body, actor));
  }

  @Get('tenancies/:id')
  @ApiOkResponse({ type: TenancyView })
  async tenancy(@IdParam() id: string, @Etag() etag: Etag) {
    return etag.answer(await this.centre.tenancy(id));
  }

  @Patch('tenancies/:id')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: TenancyView })
  async updateTenancy(@IdParam() id: string, @Body() body: UpdateTenancyDto, @Change() change: Change) {
    return change.answer(await this.centre.updateTenancy(id, body, change.ifMatch, change.actor));
  }

  @Get('consortium-memberships')
  @ApiOkResponse({ type: ConsortiumMembershipPage })
  async consortiumMemberships(@Query() query: ConsortiumQuery) {
    return this.centre.consortiumMemberships(query);
  }

  @Post('consortium-memberships')
  @ApiCreatedResponse({ type: ConsortiumMembershipView })
  async createConsortiumMembership(@Body() body: CreateConsortiumMembershipDto, @Change() change: Change) {
    return change.answer(await this.centre.createConsortiumMembership(body, change.actor));
  }

  @Get('consortium-memberships/:id')
  @ApiOkResponse({ type: ConsortiumMembershipView })
  async consortiumMembership(@IdParam() id: string, @Etag() etag: Etag) {
    return etag.answer(await this.centre.consortiumMembership(id));
  }

  @Patch('consortium-memberships/:id')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: ConsortiumMembershipView })
  async updateConsortiumMembership(@IdParam() id: string, @Body() body: UpdateConsortiumMembershipDto, @Change() change: Change) {
    return change.answer(await this.centre.updateConsortiumMembership(id, body, change.ifMatch, change.actor));
  }
}
