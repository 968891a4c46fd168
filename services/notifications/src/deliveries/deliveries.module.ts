import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module.js';
import { PreferencesModule } from '../preferences/preferences.module.js';
import { RecipientsModule } from '../recipients/recipients.module.js';
import { ConsentLinks } from './consent-links.js';
import { DeliveriesController } from './deliveries.controller.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryAttempt } from './delivery-attempt.entity.js';
import { Delivery } from './delivery.entity.js';
import { DeliveryHints } from './delivery-hints.js';
import { DeliveryWorker } from './delivery-worker.js';
import { NotificationIntake } from './notification-intake.js';
import { SecretLinkResolver } from './secret-link-resolver.js';

/**
 * Deliveries: the intake that records an event's emails (with the recipient lookups of RecipientsModule), the worker that sends them
 * (with the resolver of their secret links), and the staff API over them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Delivery, DeliveryAttempt]), MailModule, PreferencesModule, RecipientsModule],
  controllers: [DeliveriesController],
  providers: [NotificationIntake, DeliveryHints, DeliveryWorker, SecretLinkResolver, ConsentLinks, DeliveriesService],
  exports: [NotificationIntake],
})
export class DeliveriesModule {}
