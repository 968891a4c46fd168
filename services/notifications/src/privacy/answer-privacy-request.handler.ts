import { NotificationsPrivacyRequestAnsweredV1, PrivacyRequestOpenedV1 } from '@collabo/contracts';
import { Clock, ConsumesEvent, Outbox, PrivacyRequestAnswerer, subjectIds, type PrivacyAnswerBody } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { ConsentLinkCache } from '../recipients/consent-link-cache.js';
import { NotificationsPrivacy } from './notifications-privacy.js';

/**
 * Answers a privacy request with what the notifications service holds about the person, or what it did (the kit's
 * PrivacyRequestAnswerer writes the answer to the outbox in the transaction of the inbox row). An erasure also drops
 * the person's consent-withdrawal links from this replica's memory (ConsentLinkCache).
 */
@ConsumesEvent(PrivacyRequestOpenedV1, { durable: 'notifications-answer-privacy-request' })
export class AnswerPrivacyRequest extends PrivacyRequestAnswerer {
  protected readonly service = 'notifications';
  protected readonly answered = NotificationsPrivacyRequestAnsweredV1;
  private readonly privacy = new NotificationsPrivacy();

  constructor(
    outbox: Outbox,
    clock: Clock,
    private readonly consentLinks: ConsentLinkCache,
  ) {
    super(outbox, clock);
  }

  protected answer(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<PrivacyAnswerBody> {
    if (request.kind === 'erasure') this.consentLinks.forget(subjectIds(request.subject).personIds);
    return this.privacy.answer(tx, request, now);
  }
}
