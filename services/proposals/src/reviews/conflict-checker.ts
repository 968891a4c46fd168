import { Inject, Injectable } from '@nestjs/common';
import { Clock, KIT_ENV } from '@collabo/service-kit';
import type { AffiliationsOfPersonV1 } from '@collabo/contracts';
import type { ProposalsEnv } from '../config/proposals-env.js';
import { findConflicts, type Conflict, type ProposalParties } from './conflicts.js';
import { todayInTokyo } from '@collabo/calendar';
import { RegistryGateway } from '../registry/registry.gateway.js';

/** Conflicts of interest of a person with a proposal, from the registry's record of their affiliations and memberships. */
@Injectable()
export class ConflictChecker {
  constructor(
    private readonly registry: RegistryGateway,
    @Inject(KIT_ENV) private readonly env: ProposalsEnv,
    private readonly clock: Clock,
  ) {}

  get lookBackYears(): number {
    return this.env.CONFLICT_LOOKBACK_YEARS;
  }

  /**
   * The person's conflicts with the proposal (its parties: a proposal, or one the history import is about to bring
   * in); null when the registry does not know the person.
   */
  async conflictsOf(personId: string, proposal: ProposalParties): Promise<Conflict[] | null> {
    const facts = await this.registry.affiliationsOf(personId);
    return facts ? this.fromFacts(facts, proposal) : null;
  }

  fromFacts(facts: AffiliationsOfPersonV1.Response, proposal: ProposalParties): Conflict[] {
    return findConflicts(
      {
        proposingOrganizationId: proposal.proposingOrganizationId,
        participatingOrganizationIds: proposal.participatingOrganizationIds,
        studyGroupId: proposal.studyGroupId,
      },
      { affiliations: facts.affiliations, memberships: facts.memberships },
      todayInTokyo(this.clock.now()),
      this.env.CONFLICT_LOOKBACK_YEARS,
    );
  }
}
