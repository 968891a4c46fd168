import { Controller, Get, Inject, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/index.js';
import { readRetentionLog } from './retention-ledger.js';
import type { RetentionRule } from './retention-policy.js';

class LocalizedTextView {
  @ApiProperty() ja!: string;
  @ApiProperty() en!: string;
}

export class RetentionRuleView {
  @ApiProperty({ description: 'The kind of data' }) kind!: string;
  @ApiProperty({ description: 'Days it is kept' }) days!: number;
  @ApiProperty({ enum: ['deleted', 'redacted'] }) action!: 'deleted' | 'redacted';
  @ApiProperty({ type: LocalizedTextView }) description!: LocalizedTextView;
}

export class RetentionRemovalView {
  @ApiProperty() kind!: string;
  @ApiProperty({ enum: ['deleted', 'redacted'] }) action!: 'deleted' | 'redacted';
  @ApiProperty() count!: number;
  @ApiProperty({ format: 'date-time' }) lastRunAt!: string;
}

export class RetentionYearView {
  @ApiProperty({ description: 'Fiscal year (年度) by its starting year, of the removal' }) fiscalYear!: number;
  @ApiProperty({ type: [RetentionRemovalView] }) removed!: RetentionRemovalView[];
}

export class RetentionReportView {
  @ApiProperty() service!: string;
  @ApiProperty({ type: [RetentionRuleView] }) policy!: RetentionRuleView[];
  @ApiProperty({ type: [RetentionYearView], description: 'Newest fiscal year first' }) years!: RetentionYearView[];
}

/** What the report reads of a service's retention job: its whole policy. */
export interface RetentionPolicyHolder {
  readonly rules: RetentionRule[];
}

/**
 * The controller of `GET /v1/privacy/retention-report` (admin) for one service: the service's policy (the `rules`
 * of its retention job, a provider of the same module) and what the retention log counted, per fiscal year.
 */
export function retentionReportController(service: string, job: Type<RetentionPolicyHolder>): Type<unknown> {
  @ApiTags('privacy')
  @ApiBearerAuth()
  @Controller('v1/privacy')
  class RetentionReportController {
    constructor(
      private readonly dataSource: DataSource,
      @Inject(job) private readonly job: RetentionPolicyHolder,
    ) {}

    @Get('retention-report')
    @Roles('admin')
    @ApiOperation({ summary: 'The retention policy and what the retention job removed, per fiscal year (admin)' })
    @ApiOkResponse({ type: RetentionReportView })
    async report(): Promise<RetentionReportView> {
      const rows = await readRetentionLog(this.dataSource.manager);
      const years = new Map<number, RetentionRemovalView[]>();
      for (const { fiscalYear, ...removal } of rows) years.set(fiscalYear, [...(years.get(fiscalYear) ?? []), removal]);
      return {
        service,
        policy: this.job.rules,
        years: [...years].map(([fiscalYear, removed]) => ({ fiscalYear, removed })),
      };
    }
  }
  return RetentionReportController;
}
