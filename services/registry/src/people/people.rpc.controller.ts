import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AffiliationsOfPersonV1, GetPeopleV1, GetPersonV1 } from '@collabo/contracts';
import { MembershipsService } from '../study-groups/memberships.service.js';
import { toMembershipV1 } from '../study-groups/membership.view.js';
import { PersonNotFoundError } from '../errors.js';
import { AffiliationsService } from './affiliations.service.js';
import { PersonMergeService } from './merge/person-merge.service.js';
import { PeopleService } from './people.service.js';
import { toAffiliationV1, toPersonV1 } from './person.view.js';

/** What other services ask about people over NATS. */
@Controller()
export class PeopleRpcController {
  constructor(
    private readonly people: PeopleService,
    private readonly affiliations: AffiliationsService,
    private readonly memberships: MembershipsService,
    private readonly merges: PersonMergeService,
  ) {}

  @MessagePattern(GetPersonV1.subject)
  async get(@Payload() request: GetPersonV1.Request): Promise<GetPersonV1.Response> {
    const resolved = await this.merges.resolveWithAliases(request.personId);
    if (!resolved) throw new PersonNotFoundError(request.personId);
    const { person, aliasIds } = resolved;
    return {
      ...toPersonV1(person),
      ...(person.id !== request.personId ? { mergedFrom: request.personId } : {}),
      ...(aliasIds.length ? { aliasIds } : {}),
    };
  }

  @MessagePattern(GetPeopleV1.subject)
  async getMany(@Payload() request: GetPeopleV1.Request): Promise<GetPeopleV1.Response> {
    const { people, missing } = await this.people.getMany(request.ids);
    return { people: people.map((p) => ({ ...toPersonV1(p), ...(p.mergedFrom ? { mergedFrom: p.mergedFrom } : {}) })), missing };
  }

  @MessagePattern(AffiliationsOfPersonV1.subject)
  async affiliationsOf(@Payload() request: AffiliationsOfPersonV1.Request): Promise<AffiliationsOfPersonV1.Response> {
    await this.people.get(request.personId);
    const [affiliations, memberships] = await Promise.all([
      this.affiliations.ofPerson(request.personId),
      this.memberships.ofPerson(request.personId),
    ]);
    return { personId: request.personId, affiliations: affiliations.map(toAffiliationV1), memberships: memberships.map(toMembershipV1) };
  }
}
