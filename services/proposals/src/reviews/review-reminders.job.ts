import { Inject, Injectable } from '@nestjs/common';
import { OverdueReviewsDigestV1, ReviewDueSoonV1, ReviewOverdueV1, type OverdueReviewV1 } from '@collabo/contracts';
import { Clock, KIT_ENV, LOGGER, Outbox, PeriodicJob } from '@collabo/service-kit';
import { daysBetween, todayInTokyo } from '@collabo/calendar';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import type { ProposalsEnv } from '../config/proposals-env.js';
import { ProgrammeCatalogue } from '../programmes/programme-catalogue.js';
import { Proposal } from '../proposals/proposal.entity.js';
import { proposalRef } from '../proposals/proposal-ref.js';
import { ReviewAssignment } from './review.entity.js';
import { digestWeek, dueDayWindow, reminderDue } from './review-reminders.js';

/**
 * Review reminders (issue 16, item 6): every REVIEW_REMINDER_INTERVAL_MS, the advisors whose open review is due
 * soon or overdue get ReviewDueSoonV1 / ReviewOverdueV1, and on REVIEW_DIGEST_WEEKDAY each coordinator with
 * overdue reviews on their proposals gets OverdueReviewsDigestV1. Each is published exactly once across replicas
 * and restarts: it is claimed by inserting its row (`review_reminders`, `review_digests`; the primary key refuses
 * a second claim, and a replica racing for the same one waits for the first and then finds it claimed) in the
 * transaction that writes its event to the outbox. Every replica runs the job; none needs to be the leader.
 */
@Injectable()
export class ReviewRemindersJob extends PeriodicJob {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly catalogue: ProgrammeCatalogue,
    private readonly clock: Clock,
    @Inject(KIT_ENV) private readonly env: ProposalsEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: 'review-reminders', intervalMs: env.REVIEW_REMINDER_INTERVAL_MS, logger });
  }

  /** One pass: the reminders and the digests due now. Returns how many events it published. */
  async runOnce(): Promise<number> {
    const today = todayInTokyo(this.clock.now());
    return (await this.reminders(today)) + (await this.digests(today));
  }

  private async reminders(today: string): Promise<number> {
    const { soonUntil, overdueBefore } = dueDayWindow(today, this.env.REVIEW_REMINDER_DAYS_BEFORE);
    // Open assignments due soon or overdue whose reminder of that kind and due day is not claimed yet.
    const candidates: { id: string; due_on: string }[] = await this.dataSource.query(
      `SELECT a.id, a.due_on::text AS due_on FROM review_assignments a
        WHERE a.status = 'assigned' AND a.due_on IS NOT NULL AND a.due_on <= $1 AND a.due_on <> $2
          AND NOT EXISTS (SELECT 1 FROM review_reminders r WHERE r.assignment_id = a.id AND r.due_on = a.due_on
                          AND r.kind = CASE WHEN a.due_on < $2 THEN 'overdue' ELSE 'due_soon' END)
        ORDER BY a.due_on, a.id`,
      [soonUntil, overdueBefore],
    );
    let published = 0;
    for (const c of candidates) {
      const due = reminderDue(c.due_on, today, this.env.REVIEW_REMINDER_DAYS_BEFORE);
      if (!due) continue;
      const sent = await this.dataSource.transaction(async (tx) => {
        // The assignment as it is now (it may have been submitted, declined or moved meanwhile), then the claim.
        const a = await tx.findOneBy(ReviewAssignment, { id: c.id });
        if (!a || a.status !== 'assigned' || a.dueOn !== c.due_on) return false;
        const claimed: unknown[] = await tx.query(
          `INSERT INTO review_reminders (assignment_id, kind, due_on, sent_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING assignment_id`,
          [a.id, due.kind, a.dueOn, this.clock.now()],
        );
        if (!claimed.length) return false;
        const p = await tx.findOneByOrFail(Proposal, { id: a.proposalId });
        const proposal = proposalRef(p, await this.catalogue.programme(p.programmeId, tx));
        if (due.kind === 'due_soon') {
          await this.outbox.add(tx, ReviewDueSoonV1, {
            aggregateId: p.id,
            data: { assignmentId: a.id, proposal, advisorId: a.advisorId, dueOn: c.due_on, daysLeft: due.days },
          });
        } else {
          await this.outbox.add(tx, ReviewOverdueV1, {
            aggregateId: p.id,
            data: { assignmentId: a.id, proposal, advisorId: a.advisorId, dueOn: c.due_on, daysOverdue: due.days },
          });
        }
        return true;
      });
      if (sent) published++;
    }
    return published;
  }

  private async digests(today: string): Promise<number> {
    const weekOf = digestWeek(today, this.env.REVIEW_DIGEST_WEEKDAY);
    if (!weekOf) return 0;
    const coordinators: { coordinator_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT p.coordinator_id::text AS coordinator_id FROM review_assignments a JOIN proposals p ON p.id = a.proposal_id
        WHERE a.status = 'assigned' AND a.due_on < $1 AND p.coordinator_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM review_digests d WHERE d.coordinator_id = p.coordinator_id AND d.week_of = $2)
        ORDER BY 1`,
      [today, weekOf],
    );
    let published = 0;
    for (const { coordinator_id: coordinatorId } of coordinators) {
      const sent = await this.dataSource.transaction(async (tx) => {
        const reviews = await this.overdueOf(tx, coordinatorId, today);
        if (!reviews.length) return false;
        const claimed: unknown[] = await tx.query(
          `INSERT INTO review_digests (coordinator_id, week_of, reviews, sent_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING RETURNING coordinator_id`,
          [coordinatorId, weekOf, reviews.length, this.clock.now()],
        );
        if (!claimed.length) return false;
        await this.outbox.add(tx, OverdueReviewsDigestV1, { aggregateId: coordinatorId, data: { coordinatorId, weekOf, reviews } });
        return true;
      });
      if (sent) published++;
    }
    return published;
  }

  /** The overdue reviews of the proposals a coordinator is in charge of, most overdue first. */
  private async overdueOf(tx: EntityManager, coordinatorId: string, today: string): Promise<OverdueReviewV1[]> {
    const rows: {
      id: string;
      proposal_id: string;
      advisor_id: string;
      due_on: string;
      reference_number: string;
      title_ja: string;
      title_en: string | null;
    }[] = await tx.query(
      `SELECT a.id, a.proposal_id, a.advisor_id, a.due_on::text AS due_on, p.reference_number, p.title_ja, p.title_en
           FROM review_assignments a JOIN proposals p ON p.id = a.proposal_id
          WHERE a.status = 'assigned' AND a.due_on < $1 AND p.coordinator_id = $2
          ORDER BY a.due_on, p.reference_number, a.id`,
      [today, coordinatorId],
    );
    return rows.map((r) => ({
      assignmentId: r.id,
      proposalId: r.proposal_id,
      referenceNumber: r.reference_number,
      title: { ja: r.title_ja, en: r.title_en },
      advisorId: r.advisor_id,
      dueOn: r.due_on,
      daysOverdue: daysBetween(r.due_on, today),
    }));
  }
}
