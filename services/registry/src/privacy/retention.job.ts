import { Inject, Injectable } from '@nestjs/common';
import { Clock, cutoffOf, LOGGER, PeriodicJob, pruneConsumerTables, recordRemoval, type RetentionRule } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import { RegistryEnv } from '../config/registry-env.js';
import type { RegistryPrivacyAnswer, StoredPrivacySubject } from './privacy-answer.js';
import { answerWithoutPersonalData, requestWithoutEmails } from './privacy-request-retention.js';
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
        )) as { id: string; email: string | null; subject: StoredPrivacySubject; registry_answer: RegistryPrivacyAnswer }[];
        for (const request of requests) {
          const { subject, email } = requestWithoutEmails(request.id, request.subject, request.email);
          await tx.query(
            `UPDATE privacy_requests SET email = $2, subject = $3, registry_answer = $4, personal_data_removed_at = $5 WHERE id = $1`,
            [
              request.id,
              email,
              JSON.stringify(subject),
              JSON.stringify(answerWithoutPersonalData(request.registry_answer as unknown as Record<string, unknown>)),
              now,
            ],
          );
          const answers = (await tx.query(`SELECT service, answer FROM privacy_request_answers WHERE request_id = $1`, [request.id])) as {
            service: string;
            answer: Record<string, unknown>;
          }[];
          for (const { service, answer } of answers) {
            await tx.query(`UPDATE privacy_request_answers SET answer = $3 WHERE request_id = $1 AND service = $2`, [
              request.id,
              service,
              JSON.stringify(answerWithoutPersonalData(answer)),
            ]);
          }
          await recordAudit(tx, {
            entityType: 'privacy_request',
            entityId: request.id,
            action: 'personal_data_removed',
            actorId: null,
            changedFields: ['email', 'subject', 'registryAnswer', 'answers'],
          });
        }
        await recordRemoval(tx, now, rule.kind, rule.action, requests.length);
        return requests.length;
      });
      total += done;
      if (done < PRIVACY_REQUEST_BATCH) return total;
    }
  }
}
