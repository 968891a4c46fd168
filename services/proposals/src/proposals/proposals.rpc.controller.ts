import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ProposalSummaryV1 } from '@collabo/contracts';
import { DataSource } from 'typeorm';
import { ProposalNotFoundError } from '../errors.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { stageRef } from '../programmes/stage.view.js';
import { proposalRef } from './proposal-ref.js';
import { Proposal } from './proposal.entity.js';

/** NATS RPC: what other services may ask about proposals. */
@Controller()
export class ProposalsRpcController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: ProgrammeCatalogue,
  ) {}

  @MessagePattern(ProposalSummaryV1.subject)
  async summary(@Payload() request: ProposalSummaryV1.Request): Promise<ProposalSummaryV1.Response> {
    const p = await this.dataSource.manager.findOneBy(Proposal, { id: request.proposalId });
    if (!p) throw new ProposalNotFoundError(request.proposalId);
    const programme = await this.catalogue.programme(p.programmeId);
    return {
      proposal: proposalRef(p, programme),
      stage: stageRef(programme, p.stage),
      broughtInOn: p.broughtInOn,
      originEventId: p.originEventId,
    };
  }
}
