import { Injectable } from '@nestjs/common';
import { NotFoundError, ValidationFailedError, page, type Actor, type Page } from '@collabo/service-kit';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { aggregate, evaluate, scoreProblems, type Aggregate } from '../domain/rubric.js';
import { ErrorCodes, conflict } from '../shared/errors.js';
import { ProposalAccess } from '../shared/proposal-access.js';
import { ProgrammeCatalogue, type LoadedRubric } from '../shared/programme-catalogue.js';
import type { ReviewQuery, SubmitReviewDto } from './dto/review.dto.js';
import { ReviewAssignment, ScreeningReview } from './review.entity.js';
import { reviewView, type ReviewView } from './review.view.js';

export interface ReviewSummary extends Aggregate {
  rubric: { id: string; fiscalYear: number; version: number } | null;
  recommendations: Record<string, number>;
}

/** Written screening reviews against the rubric fixed when screening started, and their aggregate. */
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
      if (a.status === 'submitted')
        throw conflict(ErrorCodes.reviewExists, 'This review has been submitted already.', { assignmentId: a.id });
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
      });
      await tx.insert(ScreeningReview, review);
      await tx.update(ReviewAssignment, { id: a.id }, { status: 'submitted', version: a.version + 1 });
      return reviewView(review, rubric);
    });
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
