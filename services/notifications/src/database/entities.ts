import { DeliveryAttempt } from '../deliveries/delivery-attempt.entity.js';
import { Delivery } from '../deliveries/delivery.entity.js';
import { Preference } from '../preferences/preference.entity.js';

/** The service's TypeORM entities (the schema itself is the migrations'). */
export const NOTIFICATION_ENTITIES = [Delivery, DeliveryAttempt, Preference];
