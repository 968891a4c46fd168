import { Module } from '@nestjs/common';
import { DeliveryRetention } from './delivery-retention.js';

/** The retention job: the personal data of settled emails removed after DELIVERY_RETENTION_DAYS. */
@Module({ providers: [DeliveryRetention] })
export class RetentionModule {}
