import { Body, Controller, Get, Headers, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, ValidationFailedError, etagOf, type Actor, type Page } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import {
  CreateProgrammeDto,
  CreateRubricDto,
  PROGRAMME_CODE_PATTERN,
  ProgrammeQuery,
  ProgrammeVersionQuery,
  ReviseProgrammeDto,
  RubricInForceQuery,
  RubricQuery,
} from './dto/programme.dto.js';
import {
  ProgrammePageView,
  ProgrammeVersionPageView,
  ProgrammeVersionView,
  ProgrammeView,
  RubricPageView,
  RubricView,
} from './programme.view.js';
import { ProgrammesService } from './programmes.service.js';

function programmeCode(code: string): string {
  if (!PROGRAMME_CODE_PATTERN.test(code)) throw new ValidationFailedError([{ field: 'code', message: 'code must be a programme code' }]);
  return code;
}

const versionNumber = new ParseIntPipe({
  exceptionFactory: () => new ValidationFailedError([{ field: 'version', message: 'version must be a whole number from 1' }]),
});

function checkedVersion(version: number): number {
  if (version < 1 || version > 1_000_000)
    throw new ValidationFailedError([{ field: 'version', message: 'version must be a whole number from 1' }]);
  return version;
}

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('v1/programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @ApiOperation({ summary: 'Programmes (their latest versions) with their stages and allowed transitions' })
  @ApiOkResponse({ type: ProgrammePageView })
  list(@Query() query: ProgrammeQuery): Promise<Page<ProgrammeView>> {
    return this.programmes.list(query);
  }

  @Post()
  @ApiOperation({ summary: 'Define a programme: stages (with the kind each has for the rules), transitions, first rubric' })
  @ApiResponse({ status: 201, type: ProgrammeView })
  create(@Body() body: CreateProgrammeDto, @CurrentActor() actor: Actor): Promise<ProgrammeView> {
    return this.programmes.create(actor, body);
  }

  @Get(':code')
  @ApiOperation({ summary: 'The programme’s latest version (the one new proposals are brought in with); ETag = version' })
  @ApiResponse({ status: 200, type: ProgrammeView })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<ProgrammeView> {
    const view = await this.programmes.get(programmeCode(code));
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Put(':code')
  @ApiOperation({
    summary:
      'Revise the stages and transitions: the whole definition becomes the next version. New proposals are brought in with it; ' +
      'proposals already in flight stay on the version they started under.',
  })
  @ApiHeader({ name: 'if-match', required: true, description: 'The ETag (version) you read' })
  @ApiResponse({ status: 200, type: ProgrammeView })
  @ApiResponse({ status: 412, description: 'Someone revised the programme since you read it.' })
  async revise(
    @Param('code') code: string,
    @Body() body: ReviseProgrammeDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ProgrammeView> {
    const view = await this.programmes.revise(actor, programmeCode(code), ifMatch, body);
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'Every version of the programme, newest first, with how many proposals run on each' })
  @ApiOkResponse({ type: ProgrammeVersionPageView })
  versions(@Param('code') code: string, @Query() query: ProgrammeVersionQuery): Promise<Page<ProgrammeVersionView>> {
    return this.programmes.versions(programmeCode(code), query);
  }

  @Get(':code/versions/:version')
  @ApiOperation({ summary: 'One version of the programme' })
  @ApiResponse({ status: 200, type: ProgrammeView })
  version(@Param('code') code: string, @Param('version', versionNumber) version: number): Promise<ProgrammeView> {
    return this.programmes.version(programmeCode(code), checkedVersion(version));
  }

  @Get(':code/rubrics')
  @ApiOperation({ summary: 'Every rubric version of the programme, newest first' })
  @ApiOkResponse({ type: RubricPageView })
  rubrics(@Param('code') code: string, @Query() query: RubricQuery): Promise<Page<RubricView>> {
    return this.programmes.rubrics(programmeCode(code), query);
  }

  @Get(':code/rubrics/in-force')
  @ApiOperation({ summary: 'The rubric in force for a fiscal year (the one a proposal starting screening then is reviewed against)' })
  @ApiResponse({ status: 200, type: RubricView })
  inForce(@Param('code') code: string, @Query() query: RubricInForceQuery): Promise<RubricView> {
    return this.programmes.rubricInForce(programmeCode(code), query.fiscalYear);
  }

  @Post(':code/rubrics')
  @ApiOperation({ summary: 'A new rubric version for a fiscal year (versions are never edited)' })
  @ApiResponse({ status: 201, type: RubricView })
  createRubric(@Param('code') code: string, @Body() body: CreateRubricDto, @CurrentActor() actor: Actor): Promise<RubricView> {
    return this.programmes.createRubric(actor, programmeCode(code), body);
  }
}
