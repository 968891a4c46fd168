import { Module } from '@nestjs/common';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { EventsController } from './events.controller.js';
import { EventsRpcController } from './events.rpc.controller.js';
import { EventsService } from './events.service.js';
import { PublicEventsController } from './public-events.controller.js';
import { UpdateOrganizationReferencesOnOrganizationMerged } from './update-organization-references-on-organization-merged.handler.js';

@Module({
  imports: [RegistrationsModule, RegistryModule],
  controllers: [EventsController, PublicEventsController, EventsRpcController],
  providers: [EventsService, UpdateOrganizationReferencesOnOrganizationMerged],
  exports: [EventsService],
})
export class EventsModule {}
