import { Module } from '@nestjs/common';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { EventsController } from './events.controller.js';
import { EventsRpcController } from './events.rpc.controller.js';
import { EventsService } from './events.service.js';
import { PublicEventsController } from './public-events.controller.js';

@Module({
  imports: [RegistrationsModule, RegistryModule],
  controllers: [EventsController, PublicEventsController, EventsRpcController],
  providers: [EventsService],
  exports: [EventsService],
})
export class EventsModule {}
