import { Injectable } from '@nestjs/common';
import { ProposalAdvancedV1, ProposalDecidedV1 } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, assertIfMatch, queryPrepared, type Actor } from '@collabo/service-kit';
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
import { ProposalTransition } from './proposal.entity.js';
import { transitionView, type ProposalView, type TransitionView } from './proposal.view.js';
import { ProposalsService } from './proposals.service.js';

const LAST_LINE_AND_EVIDENCE_SQL = `
  SELECT t.seq, t.effective_at,
         (SELECT count(*)::int FROM reviews WHERE proposal_id = $1) AS reviews,
         (SELECT count(*)::int FROM teams WHERE proposal_id = $1) AS teams
    FROM proposal_transitions t WHERE t.proposal_id = $1 ORDER BY t.seq DESC LIMIT 1`;

const APPEND_LINE_AND_MOVE_SQL = `
  WITH line AS (
    INSERT INTO proposal_transitions (id, proposal_id, seq, from_stage, to_stage, reason, effective_at, recorded_at, actor_id, resumed, historical)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
  )
  UPDATE proposals SET stage = $12, resume_stage = $13, rubric_id = $14, version = $15, updated_at = $8 WHERE id = $2`;

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
      // The latest history line and the guards' evidence in one statement, read after the lock (a statement of
      // its own: it sees what a review or a team committed while this request waited for the row).
      const {
        rows: [last],
      } = await queryPrepared<{ seq: number; effective_at: Date; reviews: number; teams: number }>(tx, LAST_LINE_AND_EVIDENCE_SQL, [p.id]);
      if (!last) throw new Error(`proposal ${p.id} has no history line`);
      const { reviews, teams } = last;
      const plan = planTransition(
        programme.pipeline,
        { stage: p.stage, resumeStage: p.resumeStage, completedReviews: reviews, hasTeam: teams > 0, lastEffectiveAt: last.effective_at },
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
      const transition: ProposalTransition = Object.assign(new ProposalTransition(), {
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
      p.stage = plan.to.code;
      p.resumeStage = plan.resumeStage;
      p.rubricId = rubricId;
      p.version += 1;
      p.updatedAt = now;
      // The history line and the proposal's new state in one statement (one round trip instead of two).
      await queryPrepared(tx, APPEND_LINE_AND_MOVE_SQL, [
        transition.id,
        p.id,
        transition.seq,
        transition.fromStage,
        transition.toStage,
        transition.reason,
        transition.effectiveAt,
        transition.recordedAt,
        transition.actorId,
        transition.resumed,
        transition.historical,
        p.stage,
        p.resumeStage,
        p.rubricId,
        p.version,
      ]);

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
