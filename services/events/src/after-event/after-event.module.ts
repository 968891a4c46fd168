import { Module } from '@nestjs/common';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { AfterEventController, PublicQuestionnaireController } from './after-event.controller.js';
import { AfterEventService } from './after-event.service.js';
import { RecordOriginOnProposalSubmitted } from './record-origin-on-proposal-submitted.handler.js';

@Module({
  imports: [RegistrationsModule],
  controllers: [AfterEventController, PublicQuestionnaireController],
  providers: [AfterEventService, RecordOriginOnProposalSubmitted],
})
export class AfterEventModule {}
