import { Injectable } from '@nestjs/common';
import { ProposalAdvancedV1, ProposalDecidedV1 } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, assertIfMatch, type Actor } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { fiscalYearOfInstant, formatInstant, parseInstant, startOfTokyoDay, todayInTokyo } from '@collabo/calendar';
import { planTransition } from '../programmes/pipeline.js';
import {
  EffectiveDateOutOfOrderError,
  NoRubricInForceError,
  NotEnoughReviewsError,
  TeamRequiredError,
  TransitionNotAllowedError,
} from '../errors.js';
import { ProposalAccess } from './proposal-access.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { stageRef, stageView } from '../programmes/stage.view.js';
import { proposalRef } from './proposal-ref.js';
import type { TransitionDto } from './dto/transition.dto.js';
import { Proposal, ProposalTransition } from './proposal.entity.js';
import { transitionView, type ProposalView, type TransitionView } from './proposal.view.js';
import { ProposalsService } from './proposals.service.js';

/**
 * Moving a proposal through its programme's pipeline. One transaction holds the proposal's row lock, checks
 * the If-Match version (so of two staff moving the same proposal at once exactly one wins, the other gets
 * 412), asks the pipeline rules, appends the history line, and writes the events to the outbox.
 */
@Injectable()
export class TransitionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly access: ProposalAccess,
    private readonly proposals: ProposalsService,
    private readonly clock: Clock,
  ) {}

  async transition(
    actor: Actor,
    id: string,
    ifMatch: string | undefined,
    dto: TransitionDto,
  ): Promise<{ transition: TransitionView; proposal: ProposalView }> {
    const now = this.clock.now();
    // effectiveAt passed @IsInstant (the same parser), so it reads.
    const effectiveAt = (dto.effectiveAt ? parseInstant(dto.effectiveAt, { offset: 'required' }) : null) ?? now;
    // History is the past: a move that takes effect today goes through the guards (and its emails).
    if (dto.historical && !(dto.effectiveAt && effectiveAt < startOfTokyoDay(todayInTokyo(now)))) {
      throw new ValidationFailedError([{ field: 'effectiveAt', message: 'a historical record says when it took effect, before today' }]);
    }
    return this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, id, tx, true);
      assertIfMatch(ifMatch, p.version, 'proposal');
      const programme = await this.catalogue.programme(p.programmeId, tx);
      const last = await tx.findOneOrFail(ProposalTransition, { where: { proposalId: p.id }, order: { seq: 'DESC' } });
      const [{ reviews, teams }] = await tx.query(
        `SELECT (SELECT count(*)::int FROM reviews WHERE proposal_id = $1) AS reviews,
                (SELECT count(*)::int FROM teams WHERE proposal_id = $1) AS teams`,
        [p.id],
      );
      const plan = planTransition(
        programme.pipeline,
        { stage: p.stage, resumeStage: p.resumeStage, completedReviews: reviews, hasTeam: teams > 0, lastEffectiveAt: last.effectiveAt },
        { to: dto.to, effectiveAt, now, historical: dto.historical ?? false },
      );
      if (!plan.ok) {
        switch (plan.reason) {
          case 'not_allowed':
            throw new TransitionNotAllowedError(stageView(plan.from), dto.to, plan.allowed.map(stageView));
          case 'not_enough_reviews':
            throw new NotEnoughReviewsError(plan.required, plan.completed);
          case 'team_required':
            throw new TeamRequiredError();
          case 'effective_before_previous':
            throw new EffectiveDateOutOfOrderError(plan.previous);
          case 'effective_in_future':
            throw new ValidationFailedError([{ field: 'effectiveAt', message: 'effectiveAt must not be in the future' }]);
        }
      }
      let rubricId = p.rubricId;
      if (plan.startsScreening && !rubricId) {
        const rubric = await this.catalogue.rubricInForce(programme.programme.code, fiscalYearOfInstant(effectiveAt), tx);
        if (!rubric) throw new NoRubricInForceError(programme.programme.code);
        rubricId = rubric.rubric.id;
      }
      const historical = dto.historical ?? false;
      const transition = tx.create(ProposalTransition, {
        id: uuidv7(),
        proposalId: p.id,
        seq: last.seq + 1,
        fromStage: p.stage,
        toStage: plan.to.code,
        reason: dto.reason,
        effectiveAt,
        recordedAt: now,
        actorId: actor.personId,
        resumed: plan.resumed,
        historical,
      });
      await tx.insert(ProposalTransition, transition);
      p.stage = plan.to.code;
      p.resumeStage = plan.resumeStage;
      p.rubricId = rubricId;
      p.version += 1;
      p.updatedAt = now;
      await tx.update(Proposal, { id: p.id }, { stage: p.stage, resumeStage: p.resumeStage, rubricId, version: p.version, updatedAt: now });

      const ref = proposalRef(p, programme);
      await this.outbox.add(tx, ProposalAdvancedV1, {
        aggregateId: p.id,
        data: {
          transitionId: transition.id,
          proposal: ref,
          from: stageRef(programme, plan.from.code),
          to: stageRef(programme, plan.to.code),
          reason: dto.reason,
          effectiveAt: formatInstant(effectiveAt),
          recordedAt: formatInstant(now),
          actorId: actor.personId,
          historical,
          resumed: plan.resumed,
        },
      });
      if (plan.decision) {
        await this.outbox.add(tx, ProposalDecidedV1, {
          aggregateId: p.id,
          data: {
            transitionId: transition.id,
            proposal: ref,
            decision: plan.decision,
            effectiveAt: formatInstant(effectiveAt),
            historical,
          },
        });
      }
      return { transition: transitionView(transition, programme), proposal: await this.proposals.view(p, programme, tx) };
    });
  }
}
