import { etagOf, IdParam, Roles, type Page } from '@collabo/service-kit';
import { Body, Controller, Get, Header, Headers, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AttendanceService } from './attendance.service.js';
import { AttendanceDto, CheckInDto, CreateRegistrationDto, ListRegistrationsQuery, UpdateRegistrationDto } from './dto/registration.dto.js';
import { RegistrationPageView, RegistrationView } from './dto/registration.view.js';
import { RegistrationsService } from './registrations.service.js';
import { StaffWriteLimit } from '../http/limits.js';
import { StaffExceptAdvisors } from '../http/roles.js';

class CheckInView {
  @ApiProperty({ type: RegistrationView }) registration!: RegistrationView;
  @ApiProperty({ description: 'true when this token had checked in before (nothing changed)' }) alreadyCheckedIn!: boolean;
}

/** Staff side of registrations: register people, see the list and the waiting list, check in, cancel. */
@ApiTags('registrations')
@ApiBearerAuth()
@Controller('v1')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly attendance: AttendanceService,
  ) {}

  @Post('events/:id/registrations')
  @StaffWriteLimit()
  @ApiOperation({
    summary: 'Register a registry person (details from the registry) or a guest',
    description: 'First come: confirmed while seats are free and nobody waits, else waitlisted. Lottery: received until the draw.',
  })
  @ApiCreatedResponse({ type: RegistrationView })
  async register(@IdParam() eventId: string, @Body() body: CreateRegistrationDto): Promise<RegistrationView> {
    return this.registrations.registerByStaff(eventId, body);
  }

  @Get('events/:id/registrations')
  @Roles('admin', 'coordinator')
  @ApiOperation({ summary: 'Registrations of an event (personal data: admins and coordinators only); waitlisted ones in waiting order' })
  @ApiOkResponse({ type: RegistrationPageView })
  async list(@IdParam() eventId: string, @Query() query: ListRegistrationsQuery): Promise<Page<RegistrationView>> {
    return this.registrations.list(eventId, query);
  }

  @Post('events/:id/check-ins')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Check in by the token of the registrant’s QR code' })
  @ApiOkResponse({ type: CheckInView })
  async checkIn(@IdParam() eventId: string, @Body() body: CheckInDto): Promise<CheckInView> {
    const { registration, alreadyCheckedIn } = await this.attendance.checkIn(eventId, body.token);
    return { registration: await this.registrations.view(registration), alreadyCheckedIn };
  }

  @Get('registrations/:id')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: RegistrationView })
  async get(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<RegistrationView> {
    const view = await this.registrations.view(await this.registrations.get(id));
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Patch('registrations/:id')
  @StaffWriteLimit()
  @ApiOperation({ summary: 'Correct seating data (organisation, sector, focus fields) or consent to be listed' })
  @ApiHeader({ name: 'if-match', required: true })
  @ApiOkResponse({ type: RegistrationView })
  async update(
    @IdParam() id: string,
    @Body() body: UpdateRegistrationDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistrationView> {
    const view = await this.registrations.update(id, body, ifMatch);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post('registrations/:id/cancel')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel on the registrant’s behalf; a freed seat is offered to the next in line' })
  @ApiOkResponse({ type: RegistrationView })
  async cancel(@IdParam() id: string): Promise<RegistrationView> {
    return this.registrations.view(await this.registrations.cancel(id, 'staff'));
  }

  @Post('registrations/:id/attendance')
  @StaffWriteLimit()
  @HttpCode(200)
  @ApiOperation({ summary: 'Record attendance by hand: attended or no-show' })
  @ApiOkResponse({ type: RegistrationView })
  async setAttendance(@IdParam() id: string, @Body() body: AttendanceDto): Promise<RegistrationView> {
    return this.registrations.view(await this.attendance.setAttendance(id, body.attended));
  }

  @Get('registrations/:id/calendar.ics')
  @StaffExceptAdvisors()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The registration’s calendar entry; not for advisors' })
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) document', content: { 'text/calendar': { schema: { type: 'string' } } } })
  async calendar(@IdParam() id: string): Promise<string> {
    return this.registrations.calendarOf(await this.registrations.get(id));
  }
}
