import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { csvImportOptions, CsvImportQuery, CurrentActor, Roles, type Actor } from '@collabo/service-kit';
import { CsvBodyRequiredError } from '../errors.js';
import { HistoryImportService, type HistoryImportReport } from './history-import.service.js';
import { HistoryImportReportView } from './history-import.view.js';

@ApiTags('history import')
@ApiBearerAuth()
@Controller('v1/proposals/import')
export class HistoryImportController {
  constructor(private readonly imports: HistoryImportService) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiOperation({
    summary:
      'Bring over proposal history from a spreadsheet: one CSV row per act (brought_in, stage, outcome, review_assigned), proposals keyed by their ' +
      'old reference number (legacy_ref). A dry run (default) reports every problem by line and column; dryRun=false writes all or nothing. ' +
      'Everything is recorded as historical, so nobody is emailed about the past; review_assigned rows become open assignments ' +
      '(reminded when due soon or overdue, never announced as new).',
  })
  @ApiConsumes('text/csv', 'application/octet-stream')
  @ApiBody({
    description: 'The CSV file itself (UTF-8 with or without BOM, or Shift_JIS / cp932), header row first; see the README for the columns',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiOkResponse({
    type: HistoryImportReportView,
    description:
      'The report: counts and every problem by line and column; after a commit the import id and the proposals created (422 and nothing written when a row is bad)',
  })
  import(@Body() body: unknown, @Query() query: CsvImportQuery, @CurrentActor() actor: Actor): Promise<HistoryImportReport> {
    if (!Buffer.isBuffer(body)) throw new CsvBodyRequiredError();
    return this.imports.import(body, csvImportOptions(query), actor);
  }
}
