import { Inject, Injectable } from '@nestjs/common';
import { Clock, cutoffOf, LOGGER, PeriodicJob, pruneConsumerTables, recordRemoval, type RetentionRule } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { RegistryEnv } from '../config/registry-env.js';
import { removeRequestPersonalData, type ReducibleRequest } from './privacy-request-reduction.js';
import { COMPLETED_PRIVACY_REQUESTS, registryRetentionRules } from './retention-policy.js';

/** The job's name (and, with its advisory lock, what one replica at a time runs). */
export const REGISTRY_RETENTION_JOB = 'registry.retention';

/** Completed privacy requests per transaction (each with up to four answers, disclosure copies are large). */
const PRIVACY_REQUEST_BATCH = 50;

/**
 * Retention that runs by itself (issue #20, item 5): daily, one replica at a time (the kit's PeriodicJob with its
 * advisory lock), the kit's tables (published outbox rows, inbox rows, dead letters) past their periods and the
 * personal data of privacy requests completed more than RETENTION_PRIVACY_ANSWERS_DAYS ago, in batches of their own
 * transactions (a run cut short goes on at the next), each batch counted in the retention log of its fiscal year.
 * The kit's own clean-up is set to a backstop (registry.definition.ts), so this job is what removes them.
 */
@Injectable()
export class RegistryRetentionJob extends PeriodicJob {
  readonly rules: RetentionRule[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    env: RegistryEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: REGISTRY_RETENTION_JOB, intervalMs: env.RETENTION_JOB_INTERVAL_MS, logger, acrossReplicas: dataSource });
    this.rules = registryRetentionRules(env);
  }

  async runOnce(): Promise<number> {
    const done = await this.runDetailed();
    return Object.values(done).reduce((a, b) => a + b, 0);
  }

  /** One pass, told per kind (tests and operators). Call `runNow()` for the locked turn. */
  async runDetailed(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const done = await pruneConsumerTables(this.dataSource, this.rules, now);
    const requests = this.rules.find((rule) => rule.kind === COMPLETED_PRIVACY_REQUESTS);
    if (requests) done[requests.kind] = await this.removeCompletedRequestsPersonalData(requests, now);
    return done;
  }

  /**
   * Privacy requests completed before the cutoff and not reduced yet (open ones never): their answers lose their
   * records and any member not known to hold no personal value, their email addresses become markers, and
   * `personal_data_removed_at` is set (the disclosure is then 410 Gone; the request is not touched again). Each
   * request counts one in the retention log and gets a line in its audit trail.
   */
  private async removeCompletedRequestsPersonalData(rule: RetentionRule, now: Date): Promise<number> {
    const cutoff = cutoffOf(now, rule.days);
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (tx) => {
        const requests = (await tx.query(
          `SELECT id, email, subject, registry_answer FROM privacy_requests
            WHERE completed_at IS NOT NULL AND completed_at < $1 AND personal_data_removed_at IS NULL
            ORDER BY completed_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [cutoff, PRIVACY_REQUEST_BATCH],
        )) as ReducibleRequest[];
        for (const request of requests) await removeRequestPersonalData(tx, request, now, 'retention');
        await recordRemoval(tx, now, rule.kind, rule.action, requests.length);
        return requests.length;
      });
      total += done;
      if (done < PRIVACY_REQUEST_BATCH) return total;
    }
  }
}
