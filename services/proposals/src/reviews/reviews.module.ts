import { Module } from '@nestjs/common';
import { SharedModule } from '../shared/shared.module.js';
import { AssignmentsService } from './assignments.service.js';
import { ReviewsController } from './reviews.controller.js';
import { ReviewsService } from './reviews.service.js';

@Module({ imports: [SharedModule], controllers: [ReviewsController], providers: [AssignmentsService, ReviewsService] })
export class ReviewsModule {}
