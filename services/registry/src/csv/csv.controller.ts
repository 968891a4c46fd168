import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { todayInTokyo } from '@collabo/calendar';
import { Clock, csvImportOptions, CsvImportQuery, CurrentActor, Roles, type Actor } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { OrganizationFilter } from '../organizations/organization.dto.js';
import { CsvBodyRequiredError } from '../errors.js';
import { PersonFilter } from '../people/person.dto.js';
import { CsvExportService } from './csv-export.service.js';
import { CsvImportService, type ImportReport } from './csv-import.service.js';
import { CsvImportReport } from './csv.views.js';

const CSV_BODY = {
  description: 'The CSV file itself (UTF-8 with or without BOM, or Shift_JIS), header row first',
  schema: { type: 'string', format: 'binary' },
};

function csvBytes(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new CsvBodyRequiredError();
}

/**
 * Nest sends an async iterable as it is produced, and sends the headers with its first piece. The file is
 * named after the day in Tokyo (`organizations-20030401.csv`).
 */
function sendCsv(reply: FastifyReply, name: string, now: Date, csv: AsyncGenerator<string>): AsyncGenerator<string> {
  const day = todayInTokyo(now).replaceAll('-', '');
  void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}-${day}.csv"`);
  return csv;
}

@ApiTags('csv')
@ApiBearerAuth()
@Controller('v1')
export class CsvController {
  constructor(
    private readonly exports: CsvExportService,
    private readonly imports: CsvImportService,
    private readonly clock: Clock,
  ) {}

  @Get('organizations/export')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The organisations matching the filters, as CSV in UTF-8 with a BOM (opens in Excel)' })
  exportOrganizations(@Query() filter: OrganizationFilter, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendCsv(reply, 'organizations', this.clock.now(), this.exports.organizationsCsv(filter));
  }

  @Get('people/export')
  // Everyone's email and phone in one file: staff who manage the address book only, not advisors or viewers.
  @Roles('admin', 'coordinator')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The people matching the filters, as CSV in UTF-8 with a BOM (admins and coordinators)' })
  exportPeople(@Query() filter: PersonFilter, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendCsv(reply, 'people', this.clock.now(), this.exports.peopleCsv(filter));
  }

  @Post('organizations/import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/octet-stream')
  @ApiBody(CSV_BODY)
  @ApiOkResponse({
    type: CsvImportReport,
    description:
      'The report: every bad row by line and column; with dryRun=false the ids created (422 and nothing written when a row is bad)',
  })
  importOrganizations(@Body() body: unknown, @Query() query: CsvImportQuery, @CurrentActor() actor: Actor): Promise<ImportReport> {
    return this.imports.importOrganizations(csvBytes(body), csvImportOptions(query), actor);
  }

  @Post('people/import')
  @HttpCode(200)
  @ApiConsumes('text/csv', 'application/octet-stream')
  @ApiBody(CSV_BODY)
  @ApiOkResponse({
    type: CsvImportReport,
    description: 'As for organisations; optional organization_id, department, title columns add a current affiliation',
  })
  importPeople(@Body() body: unknown, @Query() query: CsvImportQuery, @CurrentActor() actor: Actor): Promise<ImportReport> {
    return this.imports.importPeople(csvBytes(body), csvImportOptions(query), actor);
  }
}
