import { Injectable } from '@nestjs/common';
import { DocumentRequestChangedV1, DocumentRequestClosedV1, DocumentsRequestedV1 } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, assertIfMatch, findPage, type Actor, type Page } from '@collabo/service-kit';
import { todayInTokyo } from '@collabo/calendar';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DocumentRequestClosedError, DocumentRequestNotFoundError } from '../errors.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { ProposalAccess } from '../proposals/proposal-access.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import type {
  DocumentRequestDto,
  DocumentRequestQuery,
  FulfilDocumentRequestDto,
  WithdrawDocumentRequestDto,
} from './dto/document-request.dto.js';
import { DocumentRequest } from './document-request.entity.js';
import { documentRequestRef, documentRequestView, type DocumentRequestView } from './document-request.view.js';

/**
 * Requests to the applicant for missing documents (issue 16, item 7): staff issue one (what is missing, the due
 * day), change it while it is open (If-Match), and close it: fulfilled when the documents arrive, withdrawn when
 * no longer needed. Each step publishes its event through the outbox; the applicant is the proposal's contact
 * person.
 */
@Injectable()
export class DocumentRequestsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly access: ProposalAccess,
    private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, proposalId: string, dto: DocumentRequestDto): Promise<DocumentRequestView> {
    this.assertDue(dto.dueOn);
    return this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, proposalId, tx);
      const now = this.clock.now();
      const request = tx.create(DocumentRequest, {
        id: uuidv7(),
        proposalId,
        status: 'open',
        items: dto.items,
        dueOn: dto.dueOn,
        note: dto.note ?? null,
        version: 1,
        createdAt: now,
        createdBy: actor.personId,
        updatedAt: now,
        updatedBy: actor.personId,
        closeReason: null,
      });
      await tx.insert(DocumentRequest, request);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      await this.outbox.add(tx, DocumentsRequestedV1, {
        aggregateId: p.id,
        data: {
          proposal: proposalRef(p, programme),
          request: documentRequestRef(request),
          recipientIds: [p.contactPersonId],
          requestedBy: actor.personId,
        },
      });
      return documentRequestView(request);
    });
  }

  async list(actor: Actor, proposalId: string, query: DocumentRequestQuery): Promise<Page<DocumentRequestView>> {
    await this.access.visible(actor, proposalId);
    return findPage(
      this.dataSource.manager,
      DocumentRequest,
      { where: { proposalId }, order: { createdAt: 'ASC', id: 'ASC' } },
      query,
      documentRequestView,
    );
  }

  async change(
    actor: Actor,
    proposalId: string,
    requestId: string,
    ifMatch: string | undefined,
    dto: DocumentRequestDto,
  ): Promise<DocumentRequestView> {
    this.assertDue(dto.dueOn);
    return this.dataSource.transaction(async (tx) => {
      const { p, request } = await this.locked(tx, actor, proposalId, requestId, ifMatch);
      const previous = documentRequestRef(request);
      const note = dto.note ?? null;
      if (dto.items.join('\n') === request.items.join('\n') && dto.dueOn === request.dueOn && note === request.note) {
        throw new ValidationFailedError([{ field: '', message: 'the request changes nothing' }]);
      }
      Object.assign(request, {
        items: dto.items,
        dueOn: dto.dueOn,
        note,
        version: request.version + 1,
        updatedAt: this.clock.now(),
        updatedBy: actor.personId,
      });
      await tx.save(DocumentRequest, request);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      await this.outbox.add(tx, DocumentRequestChangedV1, {
        aggregateId: p.id,
        data: {
          proposal: proposalRef(p, programme),
          request: documentRequestRef(request),
          previous,
          recipientIds: [p.contactPersonId],
          changedBy: actor.personId,
        },
      });
      return documentRequestView(request);
    });
  }

  fulfil(actor: Actor, proposalId: string, requestId: string, ifMatch: string | undefined, dto: FulfilDocumentRequestDto) {
    return this.close(actor, proposalId, requestId, ifMatch, 'fulfilled', dto.note ?? null);
  }

  withdraw(actor: Actor, proposalId: string, requestId: string, ifMatch: string | undefined, dto: WithdrawDocumentRequestDto) {
    return this.close(actor, proposalId, requestId, ifMatch, 'withdrawn', dto.reason);
  }

  private async close(
    actor: Actor,
    proposalId: string,
    requestId: string,
    ifMatch: string | undefined,
    outcome: 'fulfilled' | 'withdrawn',
    reason: string | null,
  ): Promise<DocumentRequestView> {
    return this.dataSource.transaction(async (tx) => {
      const { p, request } = await this.locked(tx, actor, proposalId, requestId, ifMatch);
      Object.assign(request, {
        status: outcome,
        closeReason: reason,
        version: request.version + 1,
        updatedAt: this.clock.now(),
        updatedBy: actor.personId,
      });
      await tx.save(DocumentRequest, request);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      await this.outbox.add(tx, DocumentRequestClosedV1, {
        aggregateId: p.id,
        data: {
          proposal: proposalRef(p, programme),
          request: documentRequestRef(request),
          outcome,
          reason,
          recipientIds: [p.contactPersonId],
          closedBy: actor.personId,
        },
      });
      return documentRequestView(request);
    });
  }

  private async locked(tx: EntityManager, actor: Actor, proposalId: string, requestId: string, ifMatch: string | undefined) {
    const p = await this.access.visible(actor, proposalId, tx);
    const request = await tx.findOne(DocumentRequest, { where: { id: requestId, proposalId }, lock: { mode: 'pessimistic_write' } });
    if (!request) throw new DocumentRequestNotFoundError(requestId);
    assertIfMatch(ifMatch, request.version, 'document request');
    if (request.status !== 'open') throw new DocumentRequestClosedError(request.status);
    return { p, request };
  }

  private assertDue(dueOn: string): void {
    if (dueOn < todayInTokyo(this.clock.now()))
      throw new ValidationFailedError([{ field: 'dueOn', message: 'dueOn must be today or later' }]);
  }
}
