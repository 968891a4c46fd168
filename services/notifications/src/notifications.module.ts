import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Clock, SystemClock } from './config/clock.js';
import { NotificationSettings } from './config/notification-settings.js';
import { DeliveriesController } from './deliveries/deliveries.controller.js';
import { DeliveriesService } from './deliveries/deliveries.service.js';
import { DeliveryAttempt } from './deliveries/delivery-attempt.entity.js';
import { DeliveryWorker } from './deliveries/delivery-worker.js';
import { Delivery } from './deliveries/delivery.entity.js';
import { NotificationIntake } from './deliveries/notification-intake.js';
import { NOTIFICATION_HANDLERS } from './deliveries/notification.handlers.js';
import { RegistryPeople } from './deliveries/registry-people.js';
import { SecretLinkResolver } from './deliveries/secret-link-resolver.js';
import { OneClickBodyParser } from './preferences/one-click-body.js';
import { Preference } from './preferences/preference.entity.js';
import { PreferencesController } from './preferences/preferences.controller.js';
import { PreferencesService } from './preferences/preferences.service.js';
import { UnsubscribeController } from './preferences/unsubscribe.controller.js';
import { RateLimitSettings } from './http/rate-limits.js';
import { DeliveryRetention } from './retention/delivery-retention.js';
import { TemplatesController } from './templates/templates.controller.js';

export const NOTIFICATION_ENTITIES = [Delivery, DeliveryAttempt, Preference];

const INTAKE = [NotificationIntake, RegistryPeople, ...NOTIFICATION_HANDLERS];
const DELIVERY = [DeliveryWorker, SecretLinkResolver, DeliveriesService, DeliveryRetention];
const PREFERENCES = [PreferencesService, OneClickBodyParser];

/** Consumers and intake, the delivery worker, retention, the staff API, preferences and the unsubscribe links. */
@Module({
  imports: [TypeOrmModule.forFeature(NOTIFICATION_ENTITIES)],
  controllers: [DeliveriesController, PreferencesController, UnsubscribeController, TemplatesController],
  providers: [NotificationSettings, RateLimitSettings, { provide: Clock, useClass: SystemClock }, ...INTAKE, ...DELIVERY, ...PREFERENCES],
})
export class NotificationsModule {
  /** The module with another clock (tests stand in the future with it). */
  static withClock(clock: Clock): DynamicModule {
    return { module: NotificationsModule, providers: [{ provide: Clock, useValue: clock }] };
  }
}
