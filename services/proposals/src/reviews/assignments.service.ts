import { Injectable } from '@nestjs/common';
import { ReviewerAssignedV1 } from '@collabo/contracts';
import { Clock, Outbox, ValidationFailedError, assertIfMatch, findPage, type Actor, type Page } from '@collabo/service-kit';
import { todayInTokyo } from '@collabo/calendar';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import {
  AdvisorConflictOfInterestError,
  AlreadyAssignedError,
  AssignmentClosedError,
  AssignmentNotFoundError,
  PartiesChangedError,
  ReviewsNotAssignableError,
  UnknownPersonError,
} from '../errors.js';
import { ConflictChecker } from './conflict-checker.js';
import { decisionOf, reviewsAssignable } from './decision.js';
import { ProposalAccess } from '../proposals/proposal-access.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import type { Proposal } from '../proposals/proposal.entity.js';
import type { AssignAdvisorDto, AssignmentQuery } from './dto/review.dto.js';
import { ReviewAssignment } from './review.entity.js';
import { assignmentView, type AssignmentView } from './review.view.js';

function partiesOf(p: Proposal): string {
  return JSON.stringify([p.proposingOrganizationId, p.studyGroupId, [...p.participatingOrganizationIds].sort()]);
}

/**
 * Coordinators assign advisors to review a proposal. The registry's record of the advisor's affiliations
 * and memberships is checked for conflicts of interest at assignment: a conflicted assignment is refused
 * unless a waiver with a reason is given, and then the conflicts and the waiver are kept with it.
 * Advisors may decline, or declare a conflict the registry does not know about.
 */
@Injectable()
export class AssignmentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly access: ProposalAccess,
    private readonly conflicts: ConflictChecker,
    private readonly clock: Clock,
  ) {}

  async assign(actor: Actor, proposalId: string, dto: AssignAdvisorDto): Promise<AssignmentView> {
    if (dto.dueOn !== undefined) this.assertDue(dto.dueOn);
    const before = await this.access.visible(actor, proposalId);
    await this.assertReviewable(before, this.dataSource.manager);
    const found = await this.conflicts.conflictsOf(dto.advisorId, before);
    if (found === null) {
      throw new UnknownPersonError([{ field: 'advisorId', message: 'unknown person' }]);
    }
    if (found.length && !dto.waiverReason) {
      throw new AdvisorConflictOfInterestError(found, this.conflicts.lookBackYears);
    }
    return this.dataSource.transaction(async (tx) => {
      const p = await this.access.visible(actor, proposalId, tx, true);
      // The parties may have changed between the registry check and the lock.
      if (partiesOf(p) !== partiesOf(before)) {
        throw new PartiesChangedError();
      }
      await this.assertReviewable(p, tx);
      const active = await tx.findOne(ReviewAssignment, {
        where: [
          { proposalId, advisorId: dto.advisorId, status: 'assigned' },
          { proposalId, advisorId: dto.advisorId, status: 'submitted' },
        ],
      });
      if (active) throw new AlreadyAssignedError(active.id);
      const assignment = tx.create(ReviewAssignment, {
        id: uuidv7(),
        proposalId,
        advisorId: dto.advisorId,
        status: 'assigned',
        dueOn: dto.dueOn ?? null,
        assignedAt: this.clock.now(),
        assignedBy: actor.personId,
        conflicts: found,
        waiverReason: found.length ? dto.waiverReason! : null,
        waivedBy: found.length ? actor.personId : null,
        responseReason: null,
        respondedAt: null,
        version: 1,
      });
      await tx.insert(ReviewAssignment, assignment);
      const programme = await this.catalogue.programme(p.programmeId, tx);
      await this.outbox.add(tx, ReviewerAssignedV1, {
        aggregateId: p.id,
        data: { assignmentId: assignment.id, proposal: proposalRef(p, programme), advisorId: dto.advisorId, dueOn: assignment.dueOn },
      });
      return assignmentView(assignment);
    });
  }

  /** Staff see every assignment; an advisor sees only their own (never who else reviews). */
  async list(actor: Actor, proposalId: string, query: AssignmentQuery): Promise<Page<AssignmentView>> {
    await this.access.visible(actor, proposalId);
    const where = ProposalAccess.isStaff(actor) ? { proposalId } : { proposalId, advisorId: actor.personId };
    return findPage(this.dataSource.manager, ReviewAssignment, { where, order: { assignedAt: 'ASC', id: 'ASC' } }, query, assignmentView);
  }

  /** The advisor declines, or declares a conflict of interest (staff may record either on their behalf). */
  async respond(
    actor: Actor,
    proposalId: string,
    assignmentId: string,
    status: 'declined' | 'conflict_declared',
    reason: string,
  ): Promise<AssignmentView> {
    return this.dataSource.transaction(async (tx) => {
      await this.access.visible(actor, proposalId, tx);
      const a = await tx
        .createQueryBuilder(ReviewAssignment, 'a')
        .where('a.id = :assignmentId AND a.proposal_id = :proposalId', { assignmentId, proposalId })
        .setLock('pessimistic_write')
        .getOne();
      if (!a || (!ProposalAccess.isStaff(actor) && a.advisorId !== actor.personId)) {
        throw new AssignmentNotFoundError(assignmentId);
      }
      if (a.status !== 'assigned') {
        throw new AssignmentClosedError(a.status);
      }
      a.status = status;
      a.responseReason = reason;
      a.respondedAt = this.clock.now();
      a.version += 1;
      await tx.save(ReviewAssignment, a);
      return assignmentView(a);
    });
  }

  /**
   * Staff move an open assignment's due day (If-Match: the assignment's version). A new due day is a new
   * deadline: its reminders are sent once again (see ReviewRemindersJob).
   */
  async changeDueDate(
    actor: Actor,
    proposalId: string,
    assignmentId: string,
    ifMatch: string | undefined,
    dueOn: string,
  ): Promise<AssignmentView> {
    this.assertDue(dueOn);
    return this.dataSource.transaction(async (tx) => {
      await this.access.visible(actor, proposalId, tx);
      const a = await tx.findOne(ReviewAssignment, { where: { id: assignmentId, proposalId }, lock: { mode: 'pessimistic_write' } });
      if (!a) throw new AssignmentNotFoundError(assignmentId);
      assertIfMatch(ifMatch, a.version, 'assignment');
      if (a.status !== 'assigned') throw new AssignmentClosedError(a.status);
      if (a.dueOn === dueOn) throw new ValidationFailedError([{ field: 'dueOn', message: 'the assignment is due on that day already' }]);
      a.dueOn = dueOn;
      a.version += 1;
      await tx.save(ReviewAssignment, a);
      return assignmentView(a);
    });
  }

  private assertDue(dueOn: string): void {
    if (dueOn < todayInTokyo(this.clock.now()))
      throw new ValidationFailedError([{ field: 'dueOn', message: 'dueOn must be today or later' }]);
  }

  /** Reviews are assigned until the committee decides, and not while the proposal is paused or closed. */
  private async assertReviewable(p: Proposal, manager: EntityManager): Promise<void> {
    const programme = await this.catalogue.programme(p.programmeId, manager);
    const kind = programme.stages.get(p.stage)?.kind;
    const decided = await decisionOf(manager, p);
    if (!reviewsAssignable(kind, decided !== null)) {
      throw new ReviewsNotAssignableError(p.stage);
    }
  }
}
