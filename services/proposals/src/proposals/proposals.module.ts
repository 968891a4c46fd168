import { Module } from '@nestjs/common';
import { SharedModule } from '../shared/shared.module.js';
import { UpdateReferencesOnOrganizationMerged } from './on-organization-merged.handler.js';
import { ProposalsController } from './proposals.controller.js';
import { ProposalsRpcController } from './proposals.rpc.controller.js';
import { ProposalsService } from './proposals.service.js';
import { TransitionsService } from './transitions.service.js';

@Module({
  imports: [SharedModule],
  controllers: [ProposalsController, ProposalsRpcController],
  providers: [ProposalsService, TransitionsService, UpdateReferencesOnOrganizationMerged],
  exports: [ProposalsService],
})
export class ProposalsModule {}
