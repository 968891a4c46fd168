import type { ServiceDefinition } from '@collabo/service-kit';
import { AfterEventModule } from './after-event/after-event.module.js';
import { EVENTS_ENV_DEFAULTS, EventsEnv } from './config/events-env.js';
import { entities } from './database/entities.js';
import { migrations } from './database/migrations/index.js';
import { EventsModule } from './events/events.module.js';
import { LimitsModule } from './http/limits.js';
import { LotteryModule } from './lottery/lottery.module.js';
import { PastEventsModule } from './past-events/past-events.module.js';
import { RegistrationsModule } from './registrations/registrations.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SeatingModule } from './seating/seating.module.js';

/**
 * The events service: exchange events, fair registration, seating that mixes fields, follow-ups.
 * "Now" is the kit's Clock (SystemClock; tests hand a ManualClock: `{ ...eventsService, clock }`).
 */
export const eventsService: ServiceDefinition<EventsEnv> = {
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
    LimitsModule,
    RegistryModule,
    RegistrationsModule,
    EventsModule,
    PastEventsModule,
    LotteryModule,
    SeatingModule,
    AfterEventModule,
    ReportsModule,
  ],
};
