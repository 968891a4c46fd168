import { Injectable } from '@nestjs/common';
import { OutcomeRecordedV1 } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, page, type Actor, type FieldError, type Page } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { fiscalYearOfDate, todayInTokyo } from '@collabo/calendar';
import { ProposalAccess } from '../proposals/proposal-access.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import type { OutcomeQuery, RecordOutcomeDto } from './dto/outcome.dto.js';
import { Outcome } from './outcome.entity.js';
import { outcomeView, type OutcomeView } from './outcome.view.js';

/** Outcomes of supported proposals: prototypes, sales (yen, fiscal year), patents filed or granted, awards. */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly access: ProposalAccess,
    private readonly clock: Clock,
  ) {}

  async record(actor: Actor, proposalId: string, dto: RecordOutcomeDto): Promise<OutcomeView> {
    const errors: FieldError[] = [];
    const sale = dto.kind === 'sale';
    const patent = dto.kind === 'patent_filed' || dto.kind === 'patent_granted';
    if (sale && dto.amountYen === undefined) errors.push({ field: 'amountYen', message: 'a sale needs its amount in yen' });
    if (!sale && dto.amountYen !== undefined) errors.push({ field: 'amountYen', message: 'only a sale has an amount' });
    if (!sale && dto.fiscalYear !== undefined) errors.push({ field: 'fiscalYear', message: 'only a sale is booked in a fiscal year' });
    if (!patent && dto.patentNumber !== undefined) errors.push({ field: 'patentNumber', message: 'only a patent has a number' });
    const now = this.clock.now();
    const today = todayInTokyo(now);
    if (dto.occurredOn > today) errors.push({ field: 'occurredOn', message: 'occurredOn must not be in the future' });
    else if (dto.historical && dto.occurredOn >= today)
      errors.push({ field: 'occurredOn', message: 'a historical record says the day it happened, before today' });
    if (errors.length) throw new ValidationFailedError(errors);
    return this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, proposalId, tx);
      const outcome = tx.create(Outcome, {
        id: uuidv7(),
        proposalId,
        kind: dto.kind,
        summary: dto.summary,
        occurredOn: dto.occurredOn,
        amountYen: sale ? dto.amountYen! : null,
        fiscalYear: sale ? (dto.fiscalYear ?? fiscalYearOfDate(dto.occurredOn)) : null,
        patentNumber: patent ? (dto.patentNumber ?? null) : null,
        recordedAt: now,
        recordedBy: actor.personId,
        historical: dto.historical ?? false,
      });
      await tx.insert(Outcome, outcome);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      await this.outbox.add(tx, OutcomeRecordedV1, {
        aggregateId: p.id,
        data: {
          outcomeId: outcome.id,
          proposal: proposalRef(p, programme),
          kind: outcome.kind,
          summary: outcome.summary,
          amountYen: outcome.amountYen,
          fiscalYear: outcome.fiscalYear,
          historical: outcome.historical,
        },
      });
      return outcomeView(outcome);
    });
  }

  async list(actor: Actor, proposalId: string, query: OutcomeQuery): Promise<Page<OutcomeView>> {
    await this.access.visible(actor, proposalId);
    const [rows, total] = await this.dataSource.manager.findAndCount(Outcome, {
      where: { proposalId },
      order: { occurredOn: 'ASC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return page(rows.map(outcomeView), total, query);
  }
}
