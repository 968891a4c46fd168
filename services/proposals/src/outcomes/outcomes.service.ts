import { Injectable } from '@nestjs/common';
import { OutcomeRecordedV1 } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, findPage, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { todayInTokyo } from '@collabo/calendar';
import { ProposalAccess } from '../proposals/proposal-access.js';
import { ProgrammeCatalogue, type LoadedProgramme } from '../programmes/programme-catalogue.js';
import type { Proposal } from '../proposals/proposal.entity.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import type { OutcomeQuery, RecordOutcomeDto } from './dto/outcome.dto.js';
import { Outcome } from './outcome.entity.js';
import { outcomeView, type OutcomeView } from './outcome.view.js';
import { outcomeFacts, outcomeProblems, type OutcomeInput } from './outcome-rules.js';

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
    const now = this.clock.now();
    const errors = outcomeProblems(dto, todayInTokyo(now));
    if (errors.length) throw new ValidationFailedError(errors);
    return this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, proposalId, tx);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      return outcomeView(await this.insert(tx, p, programme, dto, { actorId: actor.personId, now }));
    });
  }

  /** Writes a checked outcome (see outcomeProblems) and its OutcomeRecordedV1 in the caller's transaction. */
  async insert(
    tx: EntityManager,
    p: Proposal,
    programme: LoadedProgramme,
    input: OutcomeInput,
    by: { actorId: string | null; now: Date },
  ): Promise<Outcome> {
    const outcome = tx.create(Outcome, {
      id: uuidv7(),
      proposalId: p.id,
      kind: input.kind,
      summary: input.summary,
      occurredOn: input.occurredOn,
      ...outcomeFacts(input),
      recordedAt: by.now,
      recordedBy: by.actorId,
      historical: input.historical ?? false,
    });
    await tx.insert(Outcome, outcome);
    await this.outbox.add(tx, OutcomeRecordedV1, {
      aggregateId: p.id,
      data: {
        outcomeId: outcome.id,
        proposal: proposalRef(p, programme),
        kind: outcome.kind,
        summary: outcome.summary,
        amountYen: outcome.amountYen,
        fiscalYear: outcome.fiscalYear,
        occurredOn: outcome.occurredOn,
        patentNumber: outcome.patentNumber,
        jobsCreated: outcome.jobsCreated,
        tenancyId: outcome.tenancyId,
        historical: outcome.historical,
      },
    });
    return outcome;
  }

  async list(actor: Actor, proposalId: string, query: OutcomeQuery): Promise<Page<OutcomeView>> {
    await this.access.visible(actor, proposalId);
    return findPage(
      this.dataSource.manager,
      Outcome,
      { where: { proposalId }, order: { occurredOn: 'ASC', id: 'ASC' } },
      query,
      outcomeView,
    );
  }
}
