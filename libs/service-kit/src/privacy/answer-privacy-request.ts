import type { EventContract, EventEnvelope, PrivacyAnsweringService, PrivacyAnswerV1, PrivacyRequestOpenedV1 } from '@collabo/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../clock/index.js';
import type { EventHandler } from '../jetstream/index.js';
import { Outbox } from '../outbox/index.js';

/** What a service's own part of the answer holds: sections (disclosure), actions and what was retained (erasure). */
export type PrivacyAnswerBody = Omit<PrivacyAnswerV1, 'requestId' | 'service' | 'kind' | 'answeredAt'>;

/**
 * Answers a privacy request: does the work (disclosure, erasure, cessation or its lifting) and writes the answer
 * to the outbox, in the transaction of the inbox row, so a redelivery finds the inbox row and does nothing twice.
 * A service extends it with `@ConsumesEvent(PrivacyRequestOpenedV1, { durable: '<service>-answer-privacy-request' })`
 * and gives its name, its answer event and what it holds and does about the person (`answer`).
 */
@Injectable()
export abstract class PrivacyRequestAnswerer implements EventHandler<typeof PrivacyRequestOpenedV1> {
  /** The answering service, as the answer names it. */
  protected abstract readonly service: PrivacyAnsweringService;
  /** The service's own answer event (`<Service>PrivacyRequestAnsweredV1`). */
  protected abstract readonly answered: EventContract<PrivacyAnswerV1>;

  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The service's part: what it holds about the person, or what it did (inside the consumer's transaction). */
  protected abstract answer(tx: EntityManager, request: PrivacyRequestOpenedV1.Data, now: Date): Promise<PrivacyAnswerBody>;

  async handle(event: EventEnvelope<PrivacyRequestOpenedV1.Data>, tx: EntityManager): Promise<void> {
    const now = this.clock.now();
    const request = event.data;
    const answer = await this.answer(tx, request, now);
    await this.outbox.add(tx, this.answered, {
      aggregateId: request.requestId,
      data: { requestId: request.requestId, service: this.service, kind: request.kind, answeredAt: now.toISOString(), ...answer },
    });
  }
}
