import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, ValidationFailedError, type Actor, type Page } from '@collabo/service-kit';
import { CreateProgrammeDto, CreateRubricDto, ProgrammeQuery, RubricInForceQuery, RubricQuery } from './dto/programme.dto.js';
import { ProgrammeView, RubricView } from './programme.view.js';
import { ProgrammesService } from './programmes.service.js';
import { PROGRAMME_CODE_PATTERN } from '../proposals/dto/proposal.dto.js';

function programmeCode(code: string): string {
  if (!PROGRAMME_CODE_PATTERN.test(code)) throw new ValidationFailedError([{ field: 'code', message: 'code must be a programme code' }]);
  return code;
}

@ApiTags('programmes')
@ApiBearerAuth()
@Controller('v1/programmes')
export class ProgrammesController {
  constructor(private readonly programmes: ProgrammesService) {}

  @Get()
  @ApiOperation({ summary: 'Programmes with their stages and allowed transitions' })
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
  @ApiResponse({ status: 200, type: ProgrammeView })
  get(@Param('code') code: string): Promise<ProgrammeView> {
    return this.programmes.get(programmeCode(code));
  }

  @Get(':code/rubrics')
  @ApiOperation({ summary: 'Every rubric version of the programme, newest first' })
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
