import {
  EventsPrivacyRequestAnsweredV1,
  NotificationsPrivacyRequestAnsweredV1,
  ProposalsPrivacyRequestAnsweredV1,
  type EventEnvelope,
  type PrivacyAnswerV1,
} from '@collabo/contracts';
import { Injectable } from '@nestjs/common';
import { ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { PrivacyRequestsService } from './privacy-requests.service.js';

/**
 * Stores a service's answer to a privacy request (inbox rules: the kit's inbox drops a redelivered event, the
 * answers table a second answer of the same service) and completes the request with the last one. One durable
 * consumer per answering service, since each answers on its own stream.
 */
@Injectable() // (for the constructor's parameter types, which the subclasses inherit)
abstract class StoreAnswerOnPrivacyRequestAnswered {
  constructor(private readonly requests: PrivacyRequestsService) {}

  async handle(event: EventEnvelope<PrivacyAnswerV1>, tx: EntityManager): Promise<void> {
    await this.requests.storeAnswer(tx, event.id, event.data);
  }
}

@ConsumesEvent(ProposalsPrivacyRequestAnsweredV1, { durable: 'registry-store-answer-on-proposals-privacy-request-answered' })
export class StoreAnswerOnProposalsPrivacyRequestAnswered
  extends StoreAnswerOnPrivacyRequestAnswered
  implements EventHandler<typeof ProposalsPrivacyRequestAnsweredV1> {}

@ConsumesEvent(EventsPrivacyRequestAnsweredV1, { durable: 'registry-store-answer-on-events-privacy-request-answered' })
export class StoreAnswerOnEventsPrivacyRequestAnswered
  extends StoreAnswerOnPrivacyRequestAnswered
  implements EventHandler<typeof EventsPrivacyRequestAnsweredV1> {}

@ConsumesEvent(NotificationsPrivacyRequestAnsweredV1, { durable: 'registry-store-answer-on-notifications-privacy-request-answered' })
export class StoreAnswerOnNotificationsPrivacyRequestAnswered
  extends StoreAnswerOnPrivacyRequestAnswered
  implements EventHandler<typeof NotificationsPrivacyRequestAnsweredV1> {}
