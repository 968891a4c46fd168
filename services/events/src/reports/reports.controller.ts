import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
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
  @ApiOperation({ summary: 'One event: registrations, attendance rate, field mix, connections, follow-ups, proposals, satisfaction' })
  async event(@Param('id', ParseUUIDPipe) id: string) {
    return this.reports.eventReport(id);
  }

  @Get('reports/fiscal-years/:year')
  @ApiOperation({ summary: 'A fiscal year: events by kind, totals over them, one row per event' })
  async fiscalYear(@Param() params: FiscalYearParams) {
    return this.reports.fiscalYearReport(params.year);
  }
}
