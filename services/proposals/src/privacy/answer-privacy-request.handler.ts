import { ProposalsPrivacyRequestAnsweredV1, PrivacyRequestOpenedV1, type EventEnvelope } from '@collabo/contracts';
import { Clock, ConsumesEvent, Outbox, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';
import { ProposalsPrivacy } from './proposals-privacy.js';

/**
 * Answers a privacy request: does the work (disclosure, erasure, cessation or its lifting) and writes the answer
 * to the outbox, in the transaction of the inbox row, so a redelivery finds the inbox row and does nothing twice.
 */
@ConsumesEvent(PrivacyRequestOpenedV1, { durable: 'proposals-answer-privacy-request' })
export class AnswerPrivacyRequest implements EventHandler<typeof PrivacyRequestOpenedV1> {
  private readonly privacy = new ProposalsPrivacy();

  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async handle(event: EventEnvelope<PrivacyRequestOpenedV1.Data>, tx: EntityManager): Promise<void> {
    const now = this.clock.now();
    const request = event.data;
    const answer = await this.privacy.answer(tx, request, now);
    await this.outbox.add(tx, ProposalsPrivacyRequestAnsweredV1, {
      aggregateId: request.requestId,
      data: { requestId: request.requestId, service: 'proposals', kind: request.kind, answeredAt: now.toISOString(), ...answer },
    });
  }
}
