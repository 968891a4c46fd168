import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, type Actor, type Page } from '@collabo/service-kit';
import { OutcomeQuery, RecordOutcomeDto } from './dto/outcome.dto.js';
import { OutcomePageView, OutcomeView } from './outcome.view.js';
import { OutcomesService } from './outcomes.service.js';

@ApiTags('outcomes')
@ApiBearerAuth()
@Controller('v1/proposals/:id/outcomes')
export class OutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Post()
  @ApiOperation({ summary: 'Record a prototype, a sale (yen, fiscal year), a patent filed or granted, or an award' })
  @ApiResponse({ status: 201, type: OutcomeView })
  record(@IdParam() id: string, @Body() body: RecordOutcomeDto, @CurrentActor() actor: Actor): Promise<OutcomeView> {
    return this.outcomes.record(actor, id, body);
  }

  @Get()
  @ApiOperation({ summary: 'The proposal’s outcomes' })
  @ApiOkResponse({ type: OutcomePageView })
  list(@IdParam() id: string, @Query() query: OutcomeQuery, @CurrentActor() actor: Actor): Promise<Page<OutcomeView>> {
    return this.outcomes.list(actor, id, query);
  }
}
