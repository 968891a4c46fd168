import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetOrganizationsV1, GetOrganizationV1 } from '@collabo/contracts';
import { OrganizationNotFoundError } from '../errors.js';
import { toOrganizationV1 } from './organization.view.js';
import { OrganizationsService } from './organizations.service.js';

/** What other services ask about organisations over NATS. */
@Controller()
export class OrganizationsRpcController {
  constructor(private readonly organizations: OrganizationsService) {}

  @MessagePattern(GetOrganizationV1.subject)
  async get(@Payload() request: GetOrganizationV1.Request): Promise<GetOrganizationV1.Response> {
    const found = await this.organizations.resolve(request.organizationId);
    if (!found) throw new OrganizationNotFoundError(request.organizationId);
    return toOrganizationV1(found);
  }

  @MessagePattern(GetOrganizationsV1.subject)
  async getMany(@Payload() request: GetOrganizationsV1.Request): Promise<GetOrganizationsV1.Response> {
    const { organizations, missing } = await this.organizations.resolveMany(request.ids);
    return { organizations: organizations.map(toOrganizationV1), missing };
  }
}
