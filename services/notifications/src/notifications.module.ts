import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationSettings } from './config/notification-settings.js';
import { NOTIFICATION_ENTITIES } from './database/entities.js';
import { DeliveriesController } from './deliveries/deliveries.controller.js';
import { DeliveriesService } from './deliveries/deliveries.service.js';
import { DeliveryWorker } from './deliveries/delivery-worker.js';
import { NotificationIntake } from './deliveries/notification-intake.js';
import { RegistryPeople } from './deliveries/registry-people.js';
import { SecretLinkResolver } from './deliveries/secret-link-resolver.js';
import { RateLimitSettings } from './http/rate-limits.js';
import { OneClickBodyParser } from './preferences/one-click-body.js';
import { PreferencesController } from './preferences/preferences.controller.js';
import { PreferencesService } from './preferences/preferences.service.js';
import { UnsubscribeController } from './preferences/unsubscribe.controller.js';
import { UnsubscribeLinks } from './preferences/unsubscribe-links.js';
import { DeliveryRetention } from './retention/delivery-retention.js';
import { NOTIFY } from './rules/notification-rules.js';
import { TemplatesController } from './templates/templates.controller.js';
import { TemplatesService } from './templates/templates.service.js';

/** Every consumer of the rule table (the definition's `eventConsumers`) hands its event to the intake. */
const INTAKE = [NotificationIntake, RegistryPeople, { provide: NOTIFY, useExisting: NotificationIntake }];
const DELIVERY = [DeliveryWorker, SecretLinkResolver, DeliveriesService, DeliveryRetention];
const PREFERENCES = [PreferencesService, OneClickBodyParser, UnsubscribeLinks];

/**
 * Consumers and intake, the delivery worker, retention, the staff API, preferences and the unsubscribe links,
 * templates and their previews. The kit provides Clock, the env (NotificationsEnv), RpcClient, LOGGER.
 */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES)],
  controllers: [DeliveriesController, PreferencesController, UnsubscribeController, TemplatesController],
  providers: [NotificationSettings, RateLimitSettings, ...INTAKE, ...DELIVERY, ...PREFERENCES, TemplatesService],
})
export class NotificationsModule {}
