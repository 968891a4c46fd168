import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError, assertIfMatch, page, type Actor, type Page } from '@collabo/service-kit';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { aggregate, evaluate, scoreProblems, type Aggregate } from '../domain/rubric.js';
import { formatTokyo } from '../domain/fiscal-year.js';
import { decisionOf } from '../shared/decision.js';
import { ErrorCodes, conflict } from '../shared/errors.js';
import { ProposalAccess } from '../shared/proposal-access.js';
import { ProgrammeCatalogue, type LoadedRubric } from '../shared/programme-catalogue.js';
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
        if (dto.assignmentId) throw new NotFoundError(ErrorCodes.assignmentNotFound, `No assignment ${dto.assignmentId} on this proposal.`);
        // Staff without an assignment of their own: say what is missing. An advisor cannot get here unassigned (404 above).
        throw new ValidationFailedError([{ field: 'assignmentId', message: 'name the assignment this review belongs to' }]);
      }
      if (a.status === 'submitted') {
        const existing = await tx.findOneBy(ScreeningReview, { assignmentId: a.id });
        throw conflict(ErrorCodes.reviewExists, 'This review has been submitted already; amend it instead (PUT …/reviews/{reviewId}).', {
          assignmentId: a.id,
          reviewId: existing?.id ?? null,
        });
      }
      if (a.status !== 'assigned') throw conflict(ErrorCodes.assignmentClosed, `The assignment is ${a.status}.`, { status: a.status });
      const programme = await this.catalogue.programme(p.programmeId, tx);
      if (programme.stages.get(p.stage)?.kind !== 'screening' || !p.rubricId) {
        throw conflict(ErrorCodes.reviewingClosed, `Reviews are written during screening; the proposal is at ${p.stage}.`, {
          stage: p.stage,
        });
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
        submittedAt: new Date(),
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
        throw conflict(
          ErrorCodes.reviewLocked,
          `The committee decided (${decision.stage}, ${formatTokyo(decision.effectiveAt)}): reviews can no longer be amended.`,
          { decision: decision.stage, decidedAt: formatTokyo(decision.effectiveAt) },
        );
      }
      const programme = await this.catalogue.programme(p.programmeId, tx);
      if (programme.stages.get(p.stage)?.kind !== 'screening') {
        throw conflict(ErrorCodes.reviewingClosed, `Reviews are amended during screening; the proposal is at ${p.stage}.`, {
          stage: p.stage,
        });
      }
      assertIfMatch(ifMatch, r.version, 'review');
      const rubric = await this.catalogue.rubric(r.rubricId, tx);
      const problems = scoreProblems(rubric.def, dto.scores);
      if (problems.length) throw new ValidationFailedError(problems, 'The scores do not fit the rubric.');
      const now = new Date();
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
    if (!r) throw new NotFoundError(ErrorCodes.reviewNotFound, `No review ${reviewId} on this proposal.`);
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
