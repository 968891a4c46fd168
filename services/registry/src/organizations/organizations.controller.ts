import { Body, Controller, Get, HttpCode, Post, Patch, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, type Actor } from '@collabo/service-kit';
import { IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Change, Etag, withEtag } from '../http/etag.js';
import { CreateOrganizationDto, OrganizationQuery, UpdateOrganizationDto } from './organization.dto.js';
import { OrganizationsService } from './organizations.service.js';
import {
  OrganizationCreatedView,
  OrganizationMergeResult,
  OrganizationPage,
  OrganizationView,
  PossibleDuplicateList,
} from './organization.views.js';

class MergeOrganizationDto {
  @ApiProperty({ description: 'The organisation that is merged into this one and lives on as its alias' })
  @IsUUID()
  mergedId!: string;
}

const IF_MATCH = { name: 'if-match', required: true, description: 'The ETag read last (412 when stale, 428 when missing)' };

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiOkResponse({
    type: OrganizationPage,
    description:
      'A page of organisations with the total and `nextCursor` (the page after it); `q` matches part of the name or reading. ' +
      'By relevance `total` is counted up to 100 past the offset: `totalExact` false means there are more than `total`',
  })
  search(@Query() query: OrganizationQuery) {
    return this.organizations.search(query);
  }

  @Post()
  @ApiCreatedResponse({
    type: OrganizationCreatedView,
    description: 'The organisation, created, with the organisations it may duplicate (`Location` and `ETag` headers)',
  })
  async create(@Body() body: CreateOrganizationDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    const { organization, possibleDuplicates } = await this.organizations.create(body, actor);
    void reply.header('location', `/v1/organizations/${organization.id}`);
    return { ...withEtag(reply, organization), possibleDuplicates };
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationView })
  async get(@IdParam() id: string, @Etag() etag: Etag) {
    return etag.answer(await this.organizations.get(id));
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OrganizationView })
  async update(@IdParam() id: string, @Body() body: UpdateOrganizationDto, @Change() change: Change) {
    return change.answer(await this.organizations.update(id, body, change.ifMatch, change.actor));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OrganizationView })
  async archive(@IdParam() id: string, @Change() change: Change) {
    return change.answer(await this.organizations.archive(id, change.ifMatch, change.actor));
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OrganizationView })
  async restore(@IdParam() id: string, @Change() change: Change) {
    return change.answer(await this.organizations.restore(id, change.ifMatch, change.actor));
  }

  @Post(':id/merge')
  @HttpCode(200)
  @ApiHeader({ ...IF_MATCH, description: 'The ETag of the surviving organisation' })
  @ApiOkResponse({ type: OrganizationMergeResult, description: 'The survivor (its new ETag) and how many links moved to it' })
  async merge(@IdParam() id: string, @Body() body: MergeOrganizationDto, @Change() change: Change) {
    const result = await this.organizations.merge(id, body.mergedId, change.ifMatch, change.actor);
    change.answer(result.survivor);
    return result;
  }

  @Get(':id/duplicates')
  @ApiOkResponse({
    type: PossibleDuplicateList,
    description: 'Organisations in the same municipality with a similar name (legal forms aside)',
  })
  async duplicates(@IdParam() id: string) {
    return { items: await this.organizations.duplicatesOf(id) };
  }
}
