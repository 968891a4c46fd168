import { CurrentActor, hasRole, IdParam, type Actor } from '@collabo/service-kit';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { STAFF_EXCEPT_ADVISORS } from '../http/roles.js';
import { EventReportView, FiscalYearReportView } from './report.view.js';
import { ReportsService } from './reports.service.js';

export class FiscalYearParams {
  @ApiProperty({ description: 'Fiscal year (年度) by its starting year: 2026 = April 2026 to March 2027', minimum: 1990, maximum: 2200 })
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2200)
  year!: number;
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('v1')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('events/:id/report')
  @ApiOperation({
    summary: 'One event: registrations, attendance rate, field mix, connections, follow-ups, proposals, satisfaction',
    description:
      'Advisors get the counts only: their `proposalList` is empty (they see their assigned proposals in the proposals service).',
  })
  @ApiOkResponse({ type: EventReportView })
  async event(@IdParam() id: string, @CurrentActor() actor: Actor): Promise<EventReportView> {
    const report = await this.reports.eventReport(id);
    return hasRole(actor, ...STAFF_EXCEPT_ADVISORS) ? report : { ...report, proposalList: [] };
  }

  @Get('reports/fiscal-years/:year')
  @ApiOperation({ summary: 'A fiscal year: events by kind, totals over them, one row per event' })
  @ApiOkResponse({ type: FiscalYearReportView })
  async fiscalYear(@Param() params: FiscalYearParams): Promise<FiscalYearReportView> {
    return this.reports.fiscalYearReport(params.year);
  }
}
