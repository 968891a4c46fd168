import { Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { ProposalsModule } from '../proposals/proposals.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { AssignmentsService } from './assignments.service.js';
import { ConflictChecker } from './conflict-checker.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsService } from './reviews.service.js';
import { ReviewRemindersJob } from './review-reminders.job.js';

/** Review assignments (with their conflict-of-interest check, which teams use too) and written reviews. */
@Module({
  imports: [ProgrammesModule, ProposalsModule, RegistryModule],
  controllers: [ReviewsController],
  providers: [AssignmentsService, ReviewsService, ConflictChecker, ReviewRemindersJob],
  exports: [ConflictChecker],
})
export class ReviewsModule {}
