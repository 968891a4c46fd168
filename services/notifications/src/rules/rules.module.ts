import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module.js';
import { NotificationIntake } from '../deliveries/notification-intake.js';
import { NOTIFY } from './notification-rules.js';

/**
 * The rule table's consumers (the definition's `eventConsumers`, one per consumed contract) hand every event to
 * `NOTIFY`: the intake, which applies the rules of the event's contract.
 */
@Module({
  imports: [DeliveriesModule],
  providers: [{ provide: NOTIFY, useExisting: NotificationIntake }],
})
export class RulesModule {}
