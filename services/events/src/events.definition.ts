import { KIT_CLEANUP_BACKSTOP_MS, type ServiceDefinition } from '@collabo/service-kit';
import { AfterEventModule } from './after-event/after-event.module.js';
import { EVENTS_ENV_DEFAULTS, EventsEnv } from './config/events-env.js';
import { entities } from './database/entities.js';
import { migrations } from './database/migrations/index.js';
import { EventsModule } from './events/events.module.js';
import { LimitsModule } from './http/limits.js';
import { LotteryModule } from './lottery/lottery.module.js';
import { PastEventsModule } from './past-events/past-events.module.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { RegistrationsModule } from './registrations/registrations.module.js';
import { RegistryModule } from './registry/registry.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SeatingModule } from './seating/seating.module.js';
import { PeopleMergedModule } from './people-merged/people-merged.module.js';

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
    PeopleMergedModule,
    RegistryModule,
    RegistrationsModule,
    EventsModule,
    PastEventsModule,
    LotteryModule,
    SeatingModule,
    AfterEventModule,
    ReportsModule,
    PrivacyModule,
  ],
  // The retention job (src/privacy) removes and counts these; the kit's own clean-up stays as a backstop.
  consumerJanitor: {
    inboxRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterPayloadRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
  },
  relay: { retentionMs: KIT_CLEANUP_BACKSTOP_MS },
};
