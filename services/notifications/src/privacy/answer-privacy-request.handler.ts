import { NotificationsPrivacyRequestAnsweredV1, PrivacyRequestOpenedV1 } from '@collabo/contracts';
import { ConsumesEvent, PrivacyRequestAnswerer, type PrivacyAnswerBody } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { NotificationsPrivacy } from './notifications-privacy.js';

/**
 * Answers a privacy request with what the notifications service holds about the person, or what it did (the kit's
 * PrivacyRequestAnswerer writes the answer to the outbox in the transaction of the inbox row).
 */
@ConsumesEvent(PrivacyRequestOpenedV1, { durable: 'notifications-answer-privacy-request' })
export class AnswerPrivacyRequest extends PrivacyRequestAnswerer {
  protected readonly service = 'notifications';
  protected readonly answered = NotificationsPrivacyRequestAnsweredV1;
  private readonly privacy = new NotificationsPrivacy();

  protected answer(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<PrivacyAnswerBody> {
    return this.privacy.answer(tx, request, now);
  }
}
