import { Inject, Injectable } from '@nestjs/common';
import { formatInstant, formatInstantOrNull } from '@collabo/calendar';
import {
  PrivacyRequestOpenedV1,
  type PrivacyActionV1,
  type PrivacyAnswerV1,
  type PrivacyRecordSectionV1,
  type PrivacyRequestKind,
  type PrivacyRetainedV1,
} from '@collabo/contracts';
import { Clock, LOGGER, Outbox, page, ServiceMetrics, type Actor, type Page } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { recordAudit } from '../audit/audit.js';
import { RegistryEnv } from '../config/registry-env.js';
import {
  PrivacyDisclosureRemovedError,
  PrivacyRequestIncompleteError,
  PrivacyRequestNotDisclosureError,
  PrivacyRequestNotFoundError,
} from '../errors.js';
import { isOverdue, pendingServices, PRIVACY_SERVICES, type PrivacyService, type StoredPrivacySubject } from './privacy-answer.js';
import { PrivacyRequest, PrivacyRequestAnswer } from './privacy-request.entity.js';
import { removeDisclosuresOfErasedSubject } from './privacy-request-reduction.js';
import { recordCountOf } from './privacy-request-retention.js';
import { answerForRegistry, resolvePrivacySubject } from './registry-part.js';

const DAY_MS = 86_400_000;

export interface ServicePartView {
  service: PrivacyService;
  status: 'pending' | 'answered';
  answeredAt: string | null;
  /** Disclosure: how many records each section holds (the records are in the disclosure document). */
  sections?: { key: string; title: { ja: string; en?: string | null }; records: number }[];
  actions?: PrivacyActionV1[];
  retained?: PrivacyRetainedV1[];
}

export interface PrivacyRequestView {
  id: string;
  kind: PrivacyRequestKind;
  personId: string | null;
  email: string | null;
  subject: StoredPrivacySubject;
  status: 'open' | 'completed';
  overdue: boolean;
  openedAt: string;
  openedBy: string | null;
  dueAt: string;
  completedAt: string | null;
  /** When the retention job removed the personal data (RETENTION_PRIVACY_ANSWERS_DAYS after completion), or null. */
  personalDataRemovedAt: string | null;
  pending: string[];
  services?: ServicePartView[];
}

export interface DisclosureDocument {
  requestId: string;
  subject: StoredPrivacySubject;
  openedAt: string;
  completedAt: string;
  generatedAt: string;
  services: { service: PrivacyService; answeredAt: string; sections: PrivacyRecordSectionV1[] }[];
}

export interface PrivacyRequestFilter {
  status?: 'open' | 'completed';
  kind?: PrivacyRequestKind;
  overdue?: boolean;
  personId?: string;
  limit: number;
  offset: number;
}

type AnswerRow = Pick<PrivacyRequestAnswer, 'service' | 'answeredAt'> & { answer: Partial<PrivacyAnswerV1> };

/**
 * Privacy requests (issue #20): opened by staff (admin) with the registry's own part done in the same transaction
 * and `PrivacyRequestOpenedV1` in the outbox; completed when proposals, events and notifications have answered.
 */
@Injectable()
export class PrivacyRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly env: RegistryEnv,
    metrics: ServiceMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const source = this.dataSource;
    const now = (): Date => this.clock.now();
    metrics.gauge({
      name: 'privacy_requests_overdue',
      help: 'Privacy requests still open after PRIVACY_REQUEST_DUE_DAYS (some service has not answered)',
      async collect() {
        const [row] = (await source
          .query(`SELECT count(*)::int AS n FROM privacy_requests WHERE completed_at IS NULL AND due_at < $1`, [now()])
          .catch(() => [{ n: 0 }])) as { n: number }[];
        this.set(row?.n ?? 0);
      },
    });
  }

  async open(body: { kind: PrivacyRequestKind; personId?: string; email?: string }, actor: Actor): Promise<PrivacyRequestView> {
    const id = uuidv7();
    await this.dataSource.transaction(async (tx) => {
      const now = this.clock.now();
      const subject = await resolvePrivacySubject(tx, body);
      const registryAnswer = await answerForRegistry(tx, body.kind, subject, { now, actorId: actor.personId, requestId: id });
      // (the jsonb columns' types are deeper than TypeORM's insert typing follows)
      await tx.getRepository(PrivacyRequest).insert({
        id,
        kind: body.kind,
        personId: subject.personId,
        email: body.email?.trim().toLowerCase() ?? null,
        subject,
        openedAt: now,
        openedBy: actor.personId,
        dueAt: new Date(now.getTime() + this.env.PRIVACY_REQUEST_DUE_DAYS * DAY_MS),
        completedAt: null,
        registryAnswer: registryAnswer as object,
      });
      await this.outbox.add(tx, PrivacyRequestOpenedV1, {
        aggregateId: id,
        data: { requestId: id, kind: body.kind, subject, openedAt: now.toISOString() },
      });
      await recordAudit(tx, { entityType: 'privacy_request', entityId: id, action: `opened:${body.kind}`, actorId: actor.personId });
    });
    return this.get(id);
  }

  async get(id: string): Promise<PrivacyRequestView> {
    const request = await this.dataSource.getRepository(PrivacyRequest).findOneBy({ id });
    if (!request) throw new PrivacyRequestNotFoundError(id);
    const answers = await this.answersOf(this.dataSource.manager, id);
    return this.view(request, answers, true);
  }

  async list(filter: PrivacyRequestFilter): Promise<Page<PrivacyRequestView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.status) where.push(filter.status === 'open' ? 'r.completed_at IS NULL' : 'r.completed_at IS NOT NULL');
    if (filter.kind) where.push(`r.kind = ${param(filter.kind)}`);
    if (filter.personId) where.push(`r.person_id = ${param(filter.personId)}`);
    if (filter.overdue !== undefined) {
      const overdue = `(r.completed_at IS NULL AND r.due_at < ${param(this.clock.now())})`;
      where.push(filter.overdue ? overdue : `NOT ${overdue}`);
    }
    const sql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = (await this.dataSource.query(`SELECT count(*)::int AS total FROM privacy_requests r ${sql}`, params)) as {
      total: number;
    }[];
    const ids = (await this.dataSource.query(
      `SELECT r.id FROM privacy_requests r ${sql} ORDER BY r.opened_at DESC, r.id DESC LIMIT ${param(filter.limit)} OFFSET ${param(filter.offset)}`,
      params,
    )) as { id: string }[];
    const requests = ids.length ? await this.dataSource.getRepository(PrivacyRequest).findBy(ids.map(({ id }) => ({ id }))) : [];
    const answered = ids.length
      ? ((await this.dataSource.query(`SELECT request_id, service FROM privacy_request_answers WHERE request_id = ANY($1::uuid[])`, [
          ids.map((r) => r.id),
        ])) as { request_id: string; service: string }[])
      : [];
    const byId = new Map(requests.map((r) => [r.id, r]));
    const items = ids.map(({ id }) => {
      const request = byId.get(id)!;
      const services = answered.filter((a) => a.request_id === id).map((a) => ({ service: a.service }) as AnswerRow);
      return this.view(request, services, false);
    });
    return page(items, total, filter);
  }

  /** Every record about the person from every service: only once every service has answered. */
  async disclosure(id: string): Promise<DisclosureDocument> {
    const request = await this.dataSource.getRepository(PrivacyRequest).findOneBy({ id });
    if (!request) throw new PrivacyRequestNotFoundError(id);
    if (request.kind !== 'disclosure') throw new PrivacyRequestNotDisclosureError(request.kind);
    // Removed only after completion, so a removed disclosure answers 410 without reading its (emptied) answers.
    if (request.personalDataRemovedAt) {
      throw new PrivacyDisclosureRemovedError(
        request.personalDataRemovedAt,
        request.personalDataRemovedBy ?? 'retention',
        this.env.RETENTION_PRIVACY_ANSWERS_DAYS,
      );
    }
    const answers = await this.answersOf(this.dataSource.manager, id);
    const pending = pendingServices(answers.map((a) => a.service));
    if (pending.length || !request.completedAt) throw new PrivacyRequestIncompleteError(pending);
    const byService = new Map(answers.map((a) => [a.service, a]));
    return {
      requestId: request.id,
      subject: request.subject,
      openedAt: formatInstant(request.openedAt),
      completedAt: formatInstant(request.completedAt),
      generatedAt: formatInstant(this.clock.now()),
      services: PRIVACY_SERVICES.map((service) => {
        if (service === 'registry') {
          return { service, answeredAt: request.registryAnswer.answeredAt, sections: request.registryAnswer.sections ?? [] };
        }
        const answer = byService.get(service)!;
        return { service, answeredAt: formatInstant(answer.answeredAt), sections: answer.answer.sections ?? [] };
      }),
    };
  }

  /** Records that the person was given their disclosure document (the audit trail's word for a download). */
  async recordDisclosureDownload(id: string, actor: Actor, format: string): Promise<void> {
    await this.dataSource.transaction((tx) =>
      recordAudit(tx, { entityType: 'privacy_request', entityId: id, action: `disclosure_downloaded:${format}`, actorId: actor.personId }),
    );
  }

  /**
   * Stores one service's answer (a second answer of the same service is ignored) and completes the request when it
   * was the last one. Runs in the consumer's transaction, with its inbox row.
   */
  async storeAnswer(tx: EntityManager, eventId: string, answer: PrivacyAnswerV1): Promise<'stored' | 'duplicate' | 'unknown'> {
    const [request] = (await tx.query(`SELECT id, kind, subject, completed_at FROM privacy_requests WHERE id = $1 FOR UPDATE`, [
      answer.requestId,
    ])) as {
      id: string;
      kind: string;
      subject: StoredPrivacySubject;
      completed_at: Date | null;
    }[];
    if (!request) {
      this.logger.warn(
        { requestId: answer.requestId, service: answer.service },
        'an answer to a privacy request the registry does not know; ignored',
      );
      return 'unknown';
    }
    if (request.kind !== answer.kind) {
      this.logger.warn(
        { requestId: answer.requestId, service: answer.service, kind: answer.kind },
        'a privacy answer of another kind than its request',
      );
    }
    const now = this.clock.now();
    const inserted = (await tx.query(
      `INSERT INTO privacy_request_answers (request_id, service, event_id, answered_at, received_at, answer)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id, service) DO NOTHING RETURNING service`,
      [answer.requestId, answer.service, eventId, new Date(answer.answeredAt), now, JSON.stringify(answer)],
    )) as unknown[];
    if (!inserted.length) return 'duplicate';
    await recordAudit(tx, {
      entityType: 'privacy_request',
      entityId: answer.requestId,
      action: `answered:${answer.service}`,
      actorId: null,
    });
    const answered = (await tx.query(`SELECT service FROM privacy_request_answers WHERE request_id = $1`, [answer.requestId])) as {
      service: string;
    }[];
    if (!request.completed_at && pendingServices(answered.map((a) => a.service)).length === 0) {
      await tx.query(`UPDATE privacy_requests SET completed_at = $2 WHERE id = $1`, [answer.requestId, now]);
      await recordAudit(tx, { entityType: 'privacy_request', entityId: answer.requestId, action: 'completed', actorId: null });
      // Every service has erased the person: the copies of their data in earlier disclosures go too.
      if (request.kind === 'erasure') await removeDisclosuresOfErasedSubject(tx, { id: request.id, subject: request.subject }, now);
    }
    return 'stored';
  }

  private async answersOf(db: EntityManager, id: string): Promise<AnswerRow[]> {
    return (await db.getRepository(PrivacyRequestAnswer).find({ where: { requestId: id }, order: { answeredAt: 'ASC' } })) as AnswerRow[];
  }

  private view(request: PrivacyRequest, answers: AnswerRow[], detailed: boolean): PrivacyRequestView {
    const now = this.clock.now();
    const view: PrivacyRequestView = {
      id: request.id,
      kind: request.kind,
      personId: request.personId,
      email: request.email,
      subject: request.subject,
      status: request.completedAt ? 'completed' : 'open',
      overdue: isOverdue(request, now),
      openedAt: formatInstant(request.openedAt),
      openedBy: request.openedBy,
      dueAt: formatInstant(request.dueAt),
      completedAt: formatInstantOrNull(request.completedAt),
      personalDataRemovedAt: formatInstantOrNull(request.personalDataRemovedAt),
      pending: pendingServices(answers.map((a) => a.service)),
    };
    if (!detailed) return view;
    type AnyAnswer = Pick<PrivacyAnswerV1, 'sections' | 'actions' | 'retained'>;
    const part = (service: PrivacyService, answeredAt: string | null, answer: AnyAnswer | null): ServicePartView => ({
      service,
      status: answeredAt ? 'answered' : 'pending',
      answeredAt,
      ...(answer?.sections ? { sections: answer.sections.map((s) => ({ key: s.key, title: s.title, records: recordCountOf(s) })) } : {}),
      ...(answer?.actions ? { actions: answer.actions } : {}),
      ...(answer?.retained ? { retained: answer.retained } : {}),
    });
    const byService = new Map(answers.map((a) => [a.service, a]));
    view.services = PRIVACY_SERVICES.map((service) => {
      if (service === 'registry') return part(service, request.registryAnswer.answeredAt, request.registryAnswer);
      const answer = byService.get(service);
      return part(service, answer ? formatInstant(answer.answeredAt) : null, answer?.answer ?? null);
    });
    return view;
  }
}
