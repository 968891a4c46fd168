import { acceptCsvBodies } from '@collabo/service-kit';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { EventsModule } from '../events/events.module.js';
import { RegistrationsModule } from '../registrations/registrations.module.js';
import { RegistryModule } from '../registry/registry.module.js';
import { PastEventsController } from './past-events.controller.js';
import { PastEventsService } from './past-events.service.js';

/** The largest CSV upload (a year of events with a few hundred attendees each fits many times over). */
export const PAST_EVENTS_CSV_MAX_BYTES = 4 * 1024 * 1024;

@Module({
  imports: [EventsModule, RegistrationsModule, RegistryModule],
  controllers: [PastEventsController],
  providers: [PastEventsService],
})
export class PastEventsModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** CSV uploads arrive as raw bytes (the import decides between UTF-8 and Shift_JIS), up to PAST_EVENTS_CSV_MAX_BYTES. */
  onModuleInit(): void {
    acceptCsvBodies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>(), PAST_EVENTS_CSV_MAX_BYTES);
  }
}
