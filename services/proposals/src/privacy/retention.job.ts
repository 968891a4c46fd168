import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  consumerTableRules,
  LOGGER,
  PeriodicJob,
  pruneConsumerTables,
  recordRemoval,
  RETENTION_BATCH,
  type RetentionRule,
} from '@collabo/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ProposalsEnv } from '../config/proposals-env.js';
import { applyErasure, CLOSED_KINDS, UNDECIDED_KINDS } from './proposals-privacy.js';

export const PROPOSALS_RETENTION_JOB = 'proposals.retention';

/**
 * Daily, one replica at a time: completes the erasures that had to wait (a review of a proposal that has now been
 * decided, the applicant of a proposal now declined or closed), one pending row per transaction, and removes the
 * kit's tables past their periods; everything counted in the retention log of its fiscal year.
 */
@Injectable()
export class ProposalsRetentionJob extends PeriodicJob {
  readonly rules: RetentionRule[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    env: ProposalsEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: PROPOSALS_RETENTION_JOB, intervalMs: env.RETENTION_JOB_INTERVAL_MS, logger, acrossReplicas: dataSource });
    this.rules = consumerTableRules(env);
  }

  async runOnce(): Promise<number> {
    const done = await this.runDetailed();
    return Object.values(done).reduce((a, b) => a + b, 0);
  }

  async runDetailed(): Promise<Record<string, number>> {
    const now = this.clock.now();
    return { pending_erasures: await this.completePending(now), ...(await pruneConsumerTables(this.dataSource, this.rules, now)) };
  }

  /** Pending erasures whose reason has ended, each in its own transaction (a run cut short goes on at the next). */
  private async completePending(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (tx) => {
        const due: { id: string; proposal_id: string; what: 'review' | 'contact'; person_ids: string[]; tombstone_id: string }[] =
          await tx.query(
            `SELECT e.id, e.proposal_id, e.what, e.person_ids, e.tombstone_id
             FROM privacy_pending_erasures e JOIN proposals p ON p.id = e.proposal_id
             JOIN programme_stages s ON s.programme_id = p.programme_id AND s.code = p.stage
            WHERE e.completed_at IS NULL
              AND ((e.what = 'review' AND NOT (s.kind = ANY($1::text[]))) OR (e.what = 'contact' AND s.kind = ANY($2::text[])))
            ORDER BY e.created_at LIMIT $3 FOR UPDATE OF e SKIP LOCKED`,
            [UNDECIDED_KINDS, CLOSED_KINDS, RETENTION_BATCH],
          );
        for (const e of due) {
          await applyErasure(tx, e.person_ids, e.tombstone_id, {
            keepReviewsOf: [],
            keepContactOf: [],
            onlyProposal: e.proposal_id,
            only: e.what,
          });
          await tx.query(`UPDATE privacy_pending_erasures SET completed_at = $2 WHERE id = $1`, [e.id, now]);
        }
        await recordRemoval(tx, now, 'pending_erasures', 'redacted', due.length);
        return due.length;
      });
      total += done;
      if (done < RETENTION_BATCH) return total;
    }
  }
}
