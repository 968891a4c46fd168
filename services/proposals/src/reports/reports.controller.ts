import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Roles } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { KpiQuery } from './dto/kpi.dto.js';
import { KpiService } from './kpi.service.js';
import { KpiReportView } from './kpi.views.js';

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(KpiReportView)
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly kpi: KpiService) {}

  @Get('kpi')
  @Roles('admin', 'coordinator', 'viewer')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({
    summary:
      'The foundation’s KPIs for a fiscal year or a range: received, screened, accepted, prototype, sales planned, on sale, patents, sales, ' +
      'start-ups founded, jobs created; ' +
      'by fiscal year, focus field, bureau and study group. Counted by effective dates in Asia/Tokyo and Japanese fiscal years.',
  })
  @ApiOkResponse({
    description: 'The report as JSON, or (`format=csv` or `Accept: text/csv`) as CSV, one line per figure group',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(KpiReportView) } },
      'text/csv': { schema: { type: 'string' } },
    },
  })
  async report(
    @Query() query: KpiQuery,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<KpiReportView | string> {
    const view = await this.kpi.report(query);
    const csv = query.format === 'csv' || (query.format === undefined && /\btext\/csv\b/.test(accept ?? ''));
    if (!csv) return view;
    const name = view.fromFiscalYear === view.toFiscalYear ? `FY${view.fromFiscalYear}` : `FY${view.fromFiscalYear}-FY${view.toFiscalYear}`;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="kpi-${name}.csv"`);
    return this.kpi.csv(view);
  }
}
