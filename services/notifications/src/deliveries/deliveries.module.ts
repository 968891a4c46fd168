import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module.js';
import { PreferencesModule } from '../preferences/preferences.module.js';
import { DeliveriesController } from './deliveries.controller.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryAttempt } from './delivery-attempt.entity.js';
import { Delivery } from './delivery.entity.js';
import { DeliveryWorker } from './delivery-worker.js';
import { NotificationIntake } from './notification-intake.js';
import { RegistryPeople } from './registry-people.js';
import { SecretLinkResolver } from './secret-link-resolver.js';

/**
 * Deliveries: the intake that records an event's emails (with the registry lookups), the worker that sends them
 * (with the resolver of their secret links), and the staff API over them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Delivery, DeliveryAttempt]), MailModule, PreferencesModule],
  controllers: [DeliveriesController],
  providers: [NotificationIntake, RegistryPeople, DeliveryWorker, SecretLinkResolver, DeliveriesService],
  exports: [NotificationIntake],
})
export class DeliveriesModule {}
