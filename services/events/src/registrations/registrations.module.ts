import { Module } from '@nestjs/common';
import { RegistryModule } from '../registry/registry.module.js';
import { AttendanceService } from './attendance.service.js';
import { OfferExpiryJob } from './offer-expiry.job.js';
import { PublicRegistrationsController } from './public-registrations.controller.js';
import { RegistrantLinksRpcController } from './registrant-links.rpc.controller.js';
import { RegistrationsController } from './registrations.controller.js';
import { RegistrationsService } from './registrations.service.js';
import { ReminderJob } from './reminder.job.js';
import { SeatAllocation } from './seat-allocation.js';
import { UpdateRegistrantsOnPersonUpdated } from './update-registrants-on-person-updated.handler.js';

@Module({
  imports: [RegistryModule],
  controllers: [RegistrationsController, PublicRegistrationsController, RegistrantLinksRpcController],
  providers: [SeatAllocation, RegistrationsService, AttendanceService, OfferExpiryJob, ReminderJob, UpdateRegistrantsOnPersonUpdated],
  exports: [SeatAllocation, RegistrationsService],
})
export class RegistrationsModule {}
