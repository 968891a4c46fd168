import { Inject, Injectable } from '@nestjs/common';
import {
  AccountsByRoleV1,
  AffiliationsOfPersonV1,
  GetOrganizationsV1,
  GetOrganizationV1,
  GetPeopleV1,
  type OrganizationV1,
  type PersonV1,
  type StaffRole,
} from '@collabo/contracts';
import { KIT_ENV, RemoteError, RpcClient } from '@collabo/service-kit';
import type { ProposalsEnv } from '../config/proposals-env.js';
import { RegistryFailedError } from '../errors.js';

/**
 * What this service asks the registry, over NATS RPC. "Not found" answers become null; a registry that
 * does not answer stays a 503 (DependencyUnavailableError); any other registry error becomes a 502.
 */
@Injectable()
export class RegistryGateway {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(KIT_ENV) private readonly env: ProposalsEnv,
  ) {}

  async organization(organizationId: string): Promise<OrganizationV1 | null> {
    try {
      return await this.rpc.request(GetOrganizationV1, { organizationId });
    } catch (err) {
      if (err instanceof RemoteError && err.status === 404) return null;
      throw this.mapped(err);
    }
  }

  /** Many organisations; merged ids come back as their survivors. */
  async organizations(ids: string[]): Promise<{ organizations: OrganizationV1[]; missing: string[] }> {
    if (ids.length === 0) return { organizations: [], missing: [] };
    try {
      return await this.rpc.request(GetOrganizationsV1, { ids });
    } catch (err) {
      throw this.mapped(err);
    }
  }

  async affiliationsOf(personId: string): Promise<AffiliationsOfPersonV1.Response | null> {
    try {
      return await this.rpc.request(AffiliationsOfPersonV1, { personId });
    } catch (err) {
      if (err instanceof RemoteError && err.status === 404) return null;
      throw this.mapped(err);
    }
  }

  async accountsByRole(role: StaffRole): Promise<AccountsByRoleV1.Response> {
    try {
      return await this.rpc.request(AccountsByRoleV1, { role });
    } catch (err) {
      throw this.mapped(err);
    }
  }

  /** People by id, in batches of the contract's 500. */
  async people(ids: string[]): Promise<PersonV1[]> {
    const out: PersonV1[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      try {
        const answer = await this.rpc.request(GetPeopleV1, { ids: ids.slice(i, i + 500) });
        out.push(...answer.people);
      } catch (err) {
        throw this.mapped(err);
      }
    }
    return out;
  }

  /** The ids the registry does not know as people (one request for up to 500). */
  async unknownPeople(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const known = new Set((await this.people(unique)).map((p) => p.id));
    return unique.filter((id) => !known.has(id));
  }

  /** Runs `work` over `items`, at most REGISTRY_CONCURRENCY at a time. */
  async inParallel<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
    const results: R[] = new Array(items.length);
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.env.REGISTRY_CONCURRENCY, items.length) }, worker));
    return results;
  }

  private mapped(err: unknown): unknown {
    if (err instanceof RemoteError) return new RegistryFailedError(`${err.code}: ${err.message}`);
    return err;
  }
}
