import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import { assertIfMatch, page, ValidationFailedError, type Page } from '@collabo/service-kit';
import { DataSource, Repository } from 'typeorm';
import { DeliveryNotFoundError, DeliveryRedactedError, NoAddressError, NotResendableError, SecretLinkUnavailableError } from '../errors.js';
import { DeliveryAttempt } from './delivery-attempt.entity.js';
import { Delivery } from './delivery.entity.js';
import { DeliveryWorker } from './delivery-worker.js';
import type { DeliveryDetailView, DeliveryQuery, DeliveryView } from './dto/delivery.dto.js';

export function deliveryView(d: Delivery): DeliveryView {
  return {
    id: d.id,
    kind: d.kind,
    category: d.category,
    status: d.status,
    recipient: {
      role: d.recipientRole,
      personId: d.personId,
      email: d.recipientEmail,
      name: d.recipientName,
      language: d.language,
      source: d.recipientSource,
    },
    subject: d.subject,
    proposalId: d.proposalId,
    eventId: d.exchangeEventId,
    causedBy: d.eventId,
    causedBySubject: d.eventSubject,
    messageId: d.messageId,
    attempts: d.attempts,
    resends: d.resends,
    lastError: d.lastError,
    lastErrorCode: d.lastErrorCode,
    smtpResponse: d.smtpResponse,
    nextAttemptAt: d.status === 'queued' ? formatInstant(d.nextAttemptAt) : null,
    createdAt: formatInstant(d.createdAt),
    updatedAt: formatInstant(d.updatedAt),
    sentAt: formatInstantOrNull(d.sentAt),
    redactedAt: formatInstantOrNull(d.redactedAt),
    version: d.version,
  };
}

/** The staff's view of deliveries: search, one with its content and attempts, resend. */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectRepository(Delivery) private readonly deliveries: Repository<Delivery>,
    @InjectRepository(DeliveryAttempt) private readonly attempts: Repository<DeliveryAttempt>,
    private readonly dataSource: DataSource,
    private readonly worker: DeliveryWorker,
  ) {}

  async search(query: DeliveryQuery): Promise<Page<DeliveryView>> {
    if (query.from && query.to && new Date(query.from).getTime() > new Date(query.to).getTime()) {
      throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    }
    const qb = this.deliveries.createQueryBuilder('d');
    if (query.personId) qb.andWhere('d.person_id = :personId', { personId: query.personId.toLowerCase() });
    if (query.email) qb.andWhere('lower(d.recipient_email) = :email', { email: query.email.toLowerCase() });
    if (query.proposalId) qb.andWhere('d.proposal_id = :proposalId', { proposalId: query.proposalId.toLowerCase() });
    if (query.eventId) qb.andWhere('d.exchange_event_id = :eventId', { eventId: query.eventId.toLowerCase() });
    if (query.causedBy) qb.andWhere('d.event_id = :causedBy', { causedBy: query.causedBy.toLowerCase() });
    if (query.status) qb.andWhere('d.status = :status', { status: query.status });
    if (query.kind) qb.andWhere('d.kind = :kind', { kind: query.kind });
    if (query.from) qb.andWhere('d.created_at >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('d.created_at < :to', { to: new Date(query.to) });
    const [rows, total] = await qb
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return page(rows.map(deliveryView), total, query);
  }

  async get(id: string): Promise<DeliveryDetailView> {
    const d = await this.deliveries.findOne({ where: { id } });
    if (!d) throw new DeliveryNotFoundError(id);
    const log = await this.attempts.find({ where: { deliveryId: id }, order: { id: 'ASC' } });
    return {
      ...deliveryView(d),
      text: d.textBody,
      html: d.htmlBody,
      attachments: d.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        size: Buffer.byteLength(a.content, 'utf8'),
      })),
      unsubscribeUrl: d.unsubscribeUrl,
      attemptLog: log.map((a) => ({
        attempt: a.attempt,
        outcome: a.outcome,
        startedAt: formatInstant(a.startedAt),
        finishedAt: formatInstant(a.finishedAt),
        worker: a.worker,
        errorCode: a.errorCode,
        smtpCommand: a.smtpCommand,
        smtpResponse: a.smtpResponse,
        error: a.error,
      })),
    };
  }

  /**
   * Queues a failed or ambiguous email again, as it was rendered, with the same Message-ID (a client
   * that already has an ambiguous one sees the same message twice, not two messages). Needs If-Match.
   * Its secret links are asked of their owners again at send time: an invitation gets a fresh
   * set-password token (the registry retires the previous one).
   */
  async resend(id: string, ifMatch: string | undefined): Promise<DeliveryView> {
    const updated = await this.dataSource.transaction(async (tx) => {
      const d = await tx.getRepository(Delivery).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!d) throw new DeliveryNotFoundError(id);
      assertIfMatch(ifMatch, d.version, 'delivery');
      if (d.status !== 'failed' && d.status !== 'ambiguous') throw new NotResendableError(d.status);
      if (d.redactedAt) throw new DeliveryRedactedError();
      if (!d.recipientEmail) throw new NoAddressError();
      if (d.secretLinks.some((l) => l.via === 'unavailable')) throw new SecretLinkUnavailableError();
      await tx.query(
        `UPDATE deliveries SET status = 'queued', phase = NULL, claim_token = NULL, claimed_by = NULL, lease_until = NULL,
                attempts = 0, resends = resends + 1, next_attempt_at = now(), last_error = NULL, last_error_code = NULL,
                updated_at = now(), version = version + 1
          WHERE id = $1`,
        [id],
      );
      return tx.getRepository(Delivery).findOneOrFail({ where: { id } });
    });
    this.worker.wake();
    return deliveryView(updated);
  }
}
