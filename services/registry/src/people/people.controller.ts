import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, IdParam, type Actor } from '@collabo/service-kit';
import type { FastifyReply } from 'fastify';
import { Change, Etag, withEtag } from '../http/etag.js';
import { MembershipsService } from '../study-groups/memberships.service.js';
import { AffiliationsService } from './affiliations.service.js';
import {
  AffiliationListQuery,
  CreateAffiliationDto,
  CreatePersonDto,
  PersonQuery,
  UpdateAffiliationDto,
  UpdatePersonDto,
} from './person.dto.js';
import { PersonMergeService } from './merge/person-merge.service.js';
import { PeopleService } from './people.service.js';
import { personFor, seesContactDetails } from './person.view.js';
import { AffiliationPage, AffiliationView, PersonPage, PersonRecordView, PersonView } from './person.views.js';

const IF_MATCH = { name: 'if-match', required: true, description: 'The ETag read last (412 when stale, 428 when missing)' };

@ApiTags('people')
@ApiBearerAuth()
@Controller('v1/people')
export class PeopleController {
  constructor(
    private readonly people: PeopleService,
    private readonly affiliations: AffiliationsService,
    private readonly memberships: MembershipsService,
    private readonly merges: PersonMergeService,
  ) {}

  @Get()
  @ApiOkResponse({
    type: PersonPage,
    description:
      'A page of people with the total; `q` matches part of the name or reading (or the whole email). ' +
      'By relevance `total` is counted up to 100 past the offset: `totalExact` false means there are more than `total`. ' +
      'An advisor gets email and phone only of their own record (null for everyone else), and `q` does not match emails for them',
  })
  async search(@Query() query: PersonQuery, @CurrentActor() actor: Actor) {
    const found = await this.people.search(query, seesContactDetails(actor, ''));
    return { ...found, items: found.items.map((p) => personFor(actor, p)) };
  }

  @Post()
  @ApiCreatedResponse({ type: PersonView, description: 'The person, created (`Location` and `ETag` headers)' })
  async create(@Body() body: CreatePersonDto, @CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply) {
    const person = await this.people.create(body, actor);
    void reply.header('location', `/v1/people/${person.id}`);
    return withEtag(reply, person);
  }

  @Get(':id')
  @ApiOkResponse({
    type: PersonRecordView,
    description:
      'The person with their study-group memberships, each with its role history (`roles`); an advisor gets email and ' +
      'phone only of their own record (null for anyone else)',
  })
  @ApiResponse({ status: 308, description: 'The id was merged into another person: `Location` names the surviving record' })
  async get(@IdParam() id: string, @CurrentActor() actor: Actor, @Etag() etag: Etag, @Res({ passthrough: true }) reply: FastifyReply) {
    const found = await this.people.get(id);
    if (found.mergedInto) {
      // a permanent redirect that keeps the method: the merged id now stands for the survivor
      const survivor = (await this.merges.resolve(found.mergedInto)) ?? found;
      void reply.code(308).header('location', `/v1/people/${survivor.id}`);
      return { id, mergedInto: survivor.id, location: `/v1/people/${survivor.id}` };
    }
    const person = personFor(actor, found);
    return etag.answer({ ...person, memberships: await this.memberships.ofPerson(id) });
  }

  @Patch(':id')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PersonView })
  async update(@IdParam() id: string, @Body() body: UpdatePersonDto, @Change() change: Change) {
    return change.answer(await this.people.update(id, body, change.ifMatch, change.actor));
  }

  @Post(':id/archive')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PersonView })
  async archive(@IdParam() id: string, @Change() change: Change) {
    return change.answer(await this.people.setArchived(id, true, change.ifMatch, change.actor));
  }

  @Post(':id/restore')
  @HttpCode(200)
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: PersonView })
  async restore(@IdParam() id: string, @Change() change: Change) {
    return change.answer(await this.people.setArchived(id, false, change.ifMatch, change.actor));
  }

  @Get(':id/affiliations')
  @ApiOkResponse({ type: AffiliationPage })
  async affiliationsOf(@IdParam() id: string, @Query() query: AffiliationListQuery) {
    await this.people.get(id);
    return this.affiliations.pageOfPerson(id, query);
  }

  @Post(':id/affiliations')
  @ApiCreatedResponse({ type: AffiliationView })
  async addAffiliation(@IdParam() id: string, @Body() body: CreateAffiliationDto, @Change() change: Change) {
    return change.answer(await this.affiliations.create(id, body, change.actor));
  }
}

@ApiTags('people')
@ApiBearerAuth()
@Controller('v1')
export class AffiliationsController {
  constructor(private readonly affiliations: AffiliationsService) {}

  @Get('affiliations/:id')
  @ApiOkResponse({ type: AffiliationView })
  async get(@IdParam() id: string, @Etag() etag: Etag) {
    return etag.answer(await this.affiliations.get(id));
  }

  @Patch('affiliations/:id')
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: AffiliationView })
  async update(@IdParam() id: string, @Body() body: UpdateAffiliationDto, @Change() change: Change) {
    return change.answer(await this.affiliations.update(id, body, change.ifMatch, change.actor));
  }

  @Delete('affiliations/:id')
  @HttpCode(204)
  @ApiHeader(IF_MATCH)
  async remove(@IdParam() id: string, @Change() change: Change): Promise<void> {
    await this.affiliations.remove(id, change.ifMatch, change.actor);
  }

  @Get('organizations/:id/affiliations')
  @ApiOkResponse({ type: AffiliationPage, description: 'The people affiliated with an organisation' })
  async ofOrganization(@IdParam() id: string, @Query() query: AffiliationListQuery) {
    return this.affiliations.ofOrganization(id, query);
  }
}
