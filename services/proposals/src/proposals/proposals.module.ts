import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { UpdateReferencesOnOrganizationMerged } from './on-organization-merged.handler.js';
import { ProposalAccess } from './proposal-access.js';
import { ProposalsController } from './proposals.controller.js';
import { ProposalsRpcController } from './proposals.rpc.controller.js';
import { ProposalsService } from './proposals.service.js';
import { TransitionsService } from './transitions.service.js';

@Module({
  imports: [ProgrammesModule, RegistryModule],
  controllers: [ProposalsController, ProposalsRpcController],
  providers: [ProposalsService, TransitionsService, ProposalAccess, UpdateReferencesOnOrganizationMerged],
  exports: [ProposalsService, ProposalAccess],
})
export class ProposalsModule {}
