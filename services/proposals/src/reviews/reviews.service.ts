import { Injectable } from '@nestjs/common';
import { Clock, ValidationFailedError, assertIfMatch, page, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { aggregate, evaluate, scoreProblems, type Aggregate } from '../programmes/rubric.js';
import { decisionOf } from './decision.js';
import {
  AssignmentClosedError,
  AssignmentNotFoundError,
  NotInScreeningError,
  ReviewAlreadySubmittedError,
  ReviewLockedByDecisionError,
  ReviewNotFoundError,
} from '../errors.js';
import { ProposalAccess } from '../proposals/proposal-access.js';
import { ProgrammeCatalogue, type LoadedRubric } from '../programmes/programme-catalogue.js';
import type { AmendReviewDto, ReviewQuery, RevisionQuery, SubmitReviewDto } from './dto/review.dto.js';
import { ReviewAssignment, ReviewRevision, ScreeningReview } from './review.entity.js';
import { reviewRevisionView, reviewView, type ReviewRevisionView, type ReviewView } from './review.view.js';

export interface ReviewSummary extends Aggregate {
  rubric: { id: string; fiscalYear: number; version: number } | null;
  recommendations: Record<string, number>;
}

/**
 * Written screening reviews against the rubric fixed when screening started, and their aggregate. A reviewer
 * may amend their review until the committee decides; every earlier text is kept.
 */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly access: ProposalAccess,
    private readonly clock: Clock,
  ) {}

  async submit(actor: Actor, proposalId: string, dto: SubmitReviewDto): Promise<ReviewView> {
    return this.dataSource.transaction(async (tx) => {
      // The proposal's row lock orders the review against a transition out of screening (and its review count).
      const p = await this.access.visible(actor, proposalId, tx, true);
      const qb = tx
        .createQueryBuilder(ReviewAssignment, 'a')
        .where('a.proposal_id = :proposalId', { proposalId })
        .setLock('pessimistic_write');
      if (dto.assignmentId) qb.andWhere('a.id = :id', { id: dto.assignmentId });
      if (!dto.assignmentId || !ProposalAccess.isStaff(actor)) qb.andWhere('a.advisor_id = :me', { me: actor.personId });
      const assignments = await qb.orderBy('a.assigned_at', 'DESC').getMany();
      const a = assignments.find((x) => x.status === 'assigned') ?? assignments[0];
      if (!a) {
        if (dto.assignmentId) throw new AssignmentNotFoundError(dto.assignmentId);
        // Staff without an assignment of their own: say what is missing. An advisor cannot get here unassigned (404 above).
        throw new ValidationFailedError([{ field: 'assignmentId', message: 'name the assignment this review belongs to' }]);
      }
      if (a.status === 'submitted') {
        const existing = await tx.findOneBy(ScreeningReview, { assignmentId: a.id });
        throw new ReviewAlreadySubmittedError(a.id, existing?.id ?? null);
      }
      if (a.status !== 'assigned') throw new AssignmentClosedError(a.status, false);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      if (programme.stages.get(p.stage)?.kind !== 'screening' || !p.rubricId) {
        throw new NotInScreeningError('written', p.stage);
      }
      const rubric = await this.catalogue.rubric(p.rubricId, tx);
      const problems = scoreProblems(rubric.def, dto.scores);
      if (problems.length) throw new ValidationFailedError(problems, 'The scores do not fit the rubric.');
      const scores = Object.fromEntries(dto.scores.map((s) => [s.criterion, s.points]));
      const review = tx.create(ScreeningReview, {
        id: uuidv7(),
        assignmentId: a.id,
        proposalId,
        advisorId: a.advisorId,
        rubricId: rubric.rubric.id,
        scores,
        total: evaluate(rubric.def, scores).total,
        comment: dto.comment,
        recommendation: dto.recommendation,
        submittedAt: this.clock.now(),
        submittedBy: actor.personId,
        version: 1,
        amendedAt: null,
        amendedBy: null,
      });
      await tx.insert(ScreeningReview, review);
      await tx.update(ReviewAssignment, { id: a.id }, { status: 'submitted', version: a.version + 1 });
      return reviewView(review, rubric);
    });
  }

  /**
   * A new text for a review, until the committee decides (then 409 `PROPOSALS.REVIEW_LOCKED_BY_DECISION`) and
   * while the proposal is in screening. The reviewer amends their own; staff may amend any (a paper review
   * corrected). With the review's If-Match. The text it replaces is kept, with who replaced it, when and why.
   */
  async amend(actor: Actor, proposalId: string, reviewId: string, ifMatch: string | undefined, dto: AmendReviewDto): Promise<ReviewView> {
    return this.dataSource.transaction(async (tx) => {
      // The proposal's row lock orders the amendment against the decision.
      const p = await this.access.visible(actor, proposalId, tx, true);
      const r = await this.ownReview(actor, proposalId, reviewId, tx, true);
      const decision = await decisionOf(tx, p);
      if (decision) {
        throw new ReviewLockedByDecisionError(decision.stage, decision.effectiveAt);
      }
      const programme = await this.catalogue.programme(p.programmeId, tx);
      if (programme.stages.get(p.stage)?.kind !== 'screening') {
        throw new NotInScreeningError('amended', p.stage);
      }
      assertIfMatch(ifMatch, r.version, 'review');
      const rubric = await this.catalogue.rubric(r.rubricId, tx);
      const problems = scoreProblems(rubric.def, dto.scores);
      if (problems.length) throw new ValidationFailedError(problems, 'The scores do not fit the rubric.');
      const now = this.clock.now();
      await tx.insert(ReviewRevision, {
        id: uuidv7(),
        reviewId: r.id,
        version: r.version,
        rubricId: r.rubricId,
        scores: r.scores,
        total: r.total,
        comment: r.comment,
        recommendation: r.recommendation,
        writtenAt: r.amendedAt ?? r.submittedAt,
        writtenBy: r.amendedAt ? r.amendedBy : r.submittedBy,
        replacedAt: now,
        replacedBy: actor.personId,
        reason: dto.reason ?? null,
      });
      r.scores = Object.fromEntries(dto.scores.map((s) => [s.criterion, s.points]));
      r.total = evaluate(rubric.def, r.scores).total;
      r.comment = dto.comment;
      r.recommendation = dto.recommendation;
      r.version += 1;
      r.amendedAt = now;
      r.amendedBy = actor.personId;
      await tx.update(
        ScreeningReview,
        { id: r.id },
        {
          scores: r.scores,
          total: r.total,
          comment: r.comment,
          recommendation: r.recommendation,
          version: r.version,
          amendedAt: now,
          amendedBy: actor.personId,
        },
      );
      return reviewView(r, rubric);
    });
  }

  /** The earlier texts of a review, oldest first (the reviewer's own; staff any). */
  async revisions(actor: Actor, proposalId: string, reviewId: string, query: RevisionQuery): Promise<Page<ReviewRevisionView>> {
    await this.access.visible(actor, proposalId);
    const r = await this.ownReview(actor, proposalId, reviewId, this.dataSource.manager, false);
    const rubric = await this.catalogue.rubric(r.rubricId);
    const [rows, total] = await this.dataSource.manager.findAndCount(ReviewRevision, {
      where: { reviewId: r.id },
      order: { version: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    return page(
      rows.map((row) => reviewRevisionView(row, rubric)),
      total,
      query,
    );
  }

  /** A review of the proposal the actor may see: staff any, an advisor only their own (404 otherwise). */
  private async ownReview(
    actor: Actor,
    proposalId: string,
    reviewId: string,
    manager: EntityManager,
    lock: boolean,
  ): Promise<ScreeningReview> {
    const qb = manager
      .createQueryBuilder(ScreeningReview, 'r')
      .where('r.id = :reviewId AND r.proposal_id = :proposalId', { reviewId, proposalId });
    if (!ProposalAccess.isStaff(actor)) qb.andWhere('r.advisor_id = :me', { me: actor.personId });
    if (lock) qb.setLock('pessimistic_write');
    const r = await qb.getOne();
    if (!r) throw new ReviewNotFoundError(reviewId);
    return r;
  }

  /** Staff read every review; an advisor reads only their own. */
  async list(actor: Actor, proposalId: string, query: ReviewQuery): Promise<Page<ReviewView>> {
    await this.access.visible(actor, proposalId);
    const where = ProposalAccess.isStaff(actor) ? { proposalId } : { proposalId, advisorId: actor.personId };
    const [rows, total] = await this.dataSource.manager.findAndCount(ScreeningReview, {
      where,
      order: { submittedAt: 'ASC', id: 'ASC' },
      skip: query.offset,
      take: query.limit,
    });
    const items: ReviewView[] = [];
    for (const r of rows) items.push(reviewView(r, await this.catalogue.rubric(r.rubricId)));
    return page(items, total, query);
  }

  /** Mean and spread per criterion and overall, the fail rules applied to the means, and the recommendations. */
  async summary(actor: Actor, proposalId: string): Promise<ReviewSummary> {
    const p = await this.access.visible(actor, proposalId);
    const reviews = await this.dataSource.manager.find(ScreeningReview, { where: { proposalId }, order: { submittedAt: 'ASC' } });
    let rubric: LoadedRubric | null = p.rubricId ? await this.catalogue.rubric(p.rubricId) : null;
    if (!rubric && reviews[0]) rubric = await this.catalogue.rubric(reviews[0].rubricId);
    const recommendations: Record<string, number> = { accept: 0, accept_with_conditions: 0, decline: 0 };
    for (const r of reviews) recommendations[r.recommendation] = (recommendations[r.recommendation] ?? 0) + 1;
    if (!rubric) return { reviews: 0, criteria: [], total: null, maxTotal: 0, failed: null, failures: [], rubric: null, recommendations };
    const sameRubric = reviews.filter((r) => r.rubricId === rubric.rubric.id);
    return {
      ...aggregate(
        rubric.def,
        sameRubric.map((r) => r.scores),
      ),
      rubric: { id: rubric.rubric.id, fiscalYear: rubric.rubric.fiscalYear, version: rubric.rubric.version },
      recommendations,
    };
  }
}
