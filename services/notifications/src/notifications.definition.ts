import { KIT_CLEANUP_BACKSTOP_MS, type ServiceDefinition } from '@collabo/service-kit';
import { consumerSettingsOf, NOTIFICATIONS_ENV_DEFAULTS, NotificationsEnv } from './config/notifications-env.js';
import { SettingsModule } from './config/settings.module.js';
import { NOTIFICATION_ENTITIES } from './database/entities.js';
import { NotificationsSchema1732900000000 } from './database/migrations/1732900000000-notifications-schema.js';
import { DeliveryRetention1764400000000 } from './database/migrations/1764400000000-delivery-retention.js';
import { MaskedSecretLinks1765000000000 } from './database/migrations/1765000000000-masked-secret-links.js';
import { RecipientCache1765900000000 } from './database/migrations/1765900000000-recipient-cache.js';
import { DeliveryTraceContext1796960000000 } from './database/migrations/1796960000000-delivery-trace-context.js';
import { DeliveriesModule } from './deliveries/deliveries.module.js';
import { RateLimitsModule } from './http/rate-limits.js';
import { PeopleMergedModule } from './people-merged/people-merged.module.js';
import { PreferencesModule } from './preferences/preferences.module.js';
import { Privacy1796600000000 } from './database/migrations/1796600000000-privacy.js';
import { PrivacyModule } from './privacy/privacy.module.js';
import { recipientConsumers } from './recipients/people-changes.js';
import { RecipientsModule } from './recipients/recipients.module.js';
import { RetentionModule } from './retention/retention.module.js';
import { notificationConsumers } from './rules/notification-rules.js';
import { RulesModule } from './rules/rules.module.js';
import { TemplatesModule } from './templates/templates.module.js';

export const NOTIFICATION_MIGRATIONS = [
  NotificationsSchema1732900000000,
  DeliveryRetention1764400000000,
  MaskedSecretLinks1765000000000,
  RecipientCache1765900000000,
  Privacy1796600000000,
  DeliveryTraceContext1796960000000,
];

/** The notifications service: the right email, to the right people, in their language, exactly once. */
export const notificationsService: ServiceDefinition<NotificationsEnv> = {
  name: 'notifications',
  title: 'Collabo notifications',
  description:
    'Turns proposal, event and registry events into emails (rule table, templates in Japanese and English), delivers them ' +
    'exactly once over SMTP, and keeps per-person preferences with one-click unsubscribe.',
  envClass: NotificationsEnv,
  extraEnvDefaults: NOTIFICATIONS_ENV_DEFAULTS,
  entities: NOTIFICATION_ENTITIES,
  migrations: NOTIFICATION_MIGRATIONS,
  // A module per feature folder; the kit provides Clock, the env (NotificationsEnv), RpcClient, LOGGER, metrics.
  imports: [
    SettingsModule,
    RateLimitsModule,
    RulesModule,
    DeliveriesModule,
    PreferencesModule,
    TemplatesModule,
    RetentionModule,
    RecipientsModule,
    PeopleMergedModule,
    PrivacyModule,
  ],
  // One durable consumer per contract of the rule table (its name is written there), each handing its event to the
  // intake; and the recipient cache's consumers of the registry's person events.
  eventConsumers: [...notificationConsumers(), ...recipientConsumers()],
  // Recipient lookups call the registry (for people the cache does not hold, before the event's transaction): by
  // default a registry outage gets time before parking (8 attempts over about 8 minutes); CONSUMER_MAX_ATTEMPTS,
  // CONSUMER_BACKOFF_MS, CONSUMER_ACK_WAIT_MS.
  consumers: (env) => consumerSettingsOf(env),
  // The retention job (src/privacy) removes and counts these; the kit's own clean-up stays as a backstop.
  consumerJanitor: {
    inboxRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
    deadLetterPayloadRetentionMs: KIT_CLEANUP_BACKSTOP_MS,
  },
  relay: { retentionMs: KIT_CLEANUP_BACKSTOP_MS },
};
