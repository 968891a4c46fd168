import type { ServiceDefinition } from '@collabo/service-kit';
import { AfterEventModule } from './after-event/after-event.module.js';
import { entities } from './database/entities.js';
import { migrations } from './database/migrations/index.js';
import { Clock, SystemClock } from './common/clock.js';
import { ClockModule } from './common/clock.module.js';
import { EVENTS_ENV_DEFAULTS, EventsEnv } from './common/events-env.js';
import { LimitsModule } from './common/limits.js';
import { EventsModule } from './events/events.module.js';
import { LotteryModule } from './lottery/lottery.module.js';
import { RegistrationsModule } from './registrations/registrations.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SeatingModule } from './seating/seating.module.js';

export interface EventsServiceOptions {
  /** Where "now" comes from; tests pass a clock they can move. */
  clock?: Clock;
}

/** The events service: exchange events, fair registration, seating that mixes fields, follow-ups. */
export function createEventsService(options: EventsServiceOptions = {}): ServiceDefinition<EventsEnv> {
  return {
    name: 'events',
    title: 'Collabo events',
    description:
      'Exchange events (交流会, seminars, matching meetings, forums, site visits): registration with waiting lists, ' +
      'seat offers and lotteries, check-in, seating plans that mix fields, and what came after the event.',
    envClass: EventsEnv,
    extraEnvDefaults: EVENTS_ENV_DEFAULTS,
    entities,
    migrations,
    imports: [
      ClockModule.forRoot(options.clock ?? new SystemClock()),
      LimitsModule,
      RegistryModule,
      RegistrationsModule,
      EventsModule,
      LotteryModule,
      SeatingModule,
      AfterEventModule,
      ReportsModule,
    ],
  };
}

export const eventsService = createEventsService();
