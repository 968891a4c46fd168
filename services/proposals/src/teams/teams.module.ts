import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { ReviewsModule } from '../reviews/reviews.module.js';
import { TeamsController } from './teams.controller.js';
import { TeamsService } from './teams.service.js';

@Module({
  imports: [ProgrammesModule, ProposalsModule, RegistryModule, ReviewsModule],
  controllers: [TeamsController],
  providers: [TeamsService],
})
export class TeamsModule {}
