import { Module } from '@nestjs/common';
import { ConflictChecker } from './conflict-checker.js';
import { ProgrammeCatalogue } from './programme-catalogue.js';
import { ProposalAccess } from './proposal-access.js';
import { RegistryGateway } from './registry.gateway.js';

/** What every part of the service uses: programmes and rubrics, who sees which proposal, the registry. */
@Module({
  providers: [ProgrammeCatalogue, ProposalAccess, RegistryGateway, ConflictChecker],
  exports: [ProgrammeCatalogue, ProposalAccess, RegistryGateway, ConflictChecker],
})
export class SharedModule {}
