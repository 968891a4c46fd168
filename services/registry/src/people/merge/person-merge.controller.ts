import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, PageQuery, Roles, type Actor } from '@collabo/service-kit';
import { IsUUID } from 'class-validator';
import { Change } from '../../http/etag.js';
import { personFor } from '../person.view.js';
import { PersonMergeService } from './person-merge.service.js';
import { DuplicatePairPage, PersonMergeResultView } from './person-merge.views.js';

class MergePersonDto {
  @ApiProperty({ description: 'The person merged into this one; the record lives on as an archived alias' })
  @IsUUID()
  mergedId!: string;
}

class MergePreviewQuery {
  @ApiProperty({ description: 'The person that would be merged into this one' })
  @IsUUID()
  mergedId!: string;
}

const IF_MATCH = { name: 'if-match', required: true, description: 'The ETag of the surviving person (412 when stale, 428 when missing)' };

@ApiTags('people')
@ApiBearerAuth()
@Controller('v1/people')
export class PersonMergeController {
  constructor(private readonly merges: PersonMergeService) {}

  @Get('duplicates')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({
    type: DuplicatePairPage,
    description:
      'Pairs of people who look like one person: same reading and organisation, same phone, or the same email but for case, ' +
      'a +tag or Gmail dots (`reasons`); a merged record’s details count as its survivor’s',
  })
  async duplicates(@Query() query: PageQuery) {
    return this.merges.duplicates(null, query);
  }

  @Get(':id/duplicates')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({ type: DuplicatePairPage, description: 'The pairs of this person and the people who look like them, with why' })
  async duplicatesOf(@IdParam() id: string, @Query() query: PageQuery) {
    return this.merges.duplicates(id, query);
  }

  @Get(':id/merge-preview')
  @Roles('admin', 'coordinator')
  @ApiOkResponse({
    description: 'This person and `mergedId` side by side: each field before and after, what moves, what refuses the merge',
  })
  async preview(@IdParam() id: string, @Query() query: MergePreviewQuery, @CurrentActor() actor: Actor) {
    const preview = await this.merges.preview(id, query.mergedId);
    return { ...preview, survivor: personFor(actor, preview.survivor), merged: personFor(actor, preview.merged) };
  }

  @Post(':id/merge')
  @HttpCode(200)
  @Roles('admin', 'coordinator')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PersonMergeResultView, description: 'The survivor (its new ETag) and what moved to it' })
  async merge(@IdParam() id: string, @Body() body: MergePersonDto, @Change() change: Change) {
    const result = await this.merges.merge(id, body.mergedId, change.ifMatch, change.actor);
    change.answer(result.survivor);
    return result;
  }
}
