import { csvImportOptions, CsvImportQuery, CurrentActor, etagOf, IdParam, PageQuery, type Actor, type Page } from '@collabo/service-kit';
import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CsvBodyRequiredError } from '../errors.js';
import { StaffWriteLimit } from '../http/limits.js';
import { StaffExceptAdvisors } from '../http/roles.js';
import {
  AttendanceRecordedView,
  AttendeePageView,
  PastEventsImportReportView,
  RecordAttendanceDto,
  type AttendeeView,
} from './dto/past-events.dto.js';
import { PastEventsService } from './past-events.service.js';

/** Events that took place before they were recorded: their attendance by registry person, and the CSV import. */
@ApiTags('past events')
@ApiBearerAuth()
@Controller('v1/events')
export class PastEventsController {
  constructor(private readonly pastEvents: PastEventsService) {}

  @Post('import')
  @HttpCode(200)
  @StaffWriteLimit()
  @ApiOperation({
    summary: 'Import past events with their attendance from CSV (dry run by default; a commit is all rows or none)',
    description:
      'One row per event that took place: kind, title_ja, organizer_id, venue_kind, venue_name, venue_capacity, starts_at, ' +
      'ends_at (required), title_en, description_ja, description_en, co_organizer_ids, venue_address, capacity, fee_yen, ' +
      'party_fee_yen, language, attendee_person_ids (registry person ids separated by ";"). UTF-8 with or without a BOM, ' +
      'or Shift_JIS (cp932). The events are historical: recorded as completed, no message is sent.',
  })
  @ApiConsumes('text/csv', 'application/octet-stream')
  @ApiBody({ description: 'The CSV file itself, header row first', schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({
    type: PastEventsImportReportView,
    description: 'The report: every bad row by line and column; after a commit the ids created (422 and nothing written when a row is bad)',
  })
  import(@Body() body: unknown, @Query() query: CsvImportQuery, @CurrentActor() actor: Actor): Promise<PastEventsImportReportView> {
    if (!Buffer.isBuffer(body)) throw new CsvBodyRequiredError();
    return this.pastEvents.importCsv(body, csvImportOptions(query), actor.personId);
  }

  @Post(':id/attendance')
  @HttpCode(200)
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Record attendees of a historical event by registry person id (409 for other events)' })
  @ApiHeader({ name: 'if-match', required: true, description: 'The ETag of the event as last read' })
  @ApiOkResponse({ type: AttendanceRecordedView })
  async recordAttendance(
    @IdParam() id: string,
    @Body() body: RecordAttendanceDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AttendanceRecordedView> {
    const view = await this.pastEvents.recordAttendance(id, body.personIds, ifMatch, actor.personId);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get(':id/attendance')
  @StaffExceptAdvisors()
  @ApiOperation({ summary: 'The recorded attendees of a historical event, by registry person id (not advisors)' })
  @ApiOkResponse({ type: AttendeePageView })
  attendees(@IdParam() id: string, @Query() query: PageQuery): Promise<Page<AttendeeView>> {
    return this.pastEvents.attendees(id, query);
  }
}
