import { Inject, Injectable } from '@nestjs/common';
import { Clock, inBatches, LOGGER, PeriodicJob, pruneConsumerTables, type RetentionRule } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { EventsEnv } from '../config/events-env.js';
import { eventsRetentionRules } from './retention-policy.js';

/** The job's name (and, with its advisory lock, what one replica at a time runs). */
export const EVENTS_RETENTION_JOB = 'events.retention';

/** `$1` cutoff, `$2` batch size, `$3` now: the statement of one batch of each of the service's own kinds. */
const OWN_KINDS: Record<string, string> = {
  // Guests who never became registry people, of events that ended before the cutoff: tombstones, the rows stay for the reports.
  guests: `UPDATE registrations SET name = '削除済み / erased', name_kana = NULL, email = 'erased+' || id || '@invalid',
                  consent_to_list = false, check_in_token = 'erased:' || gen_random_uuid(), manage_token = 'erased:' || gen_random_uuid(),
                  erased_at = $3, version = version + 1, updated_at = $3
            WHERE id IN (SELECT r.id FROM registrations r JOIN events e ON e.id = r.event_id
                          WHERE r.person_id IS NULL AND r.erased_at IS NULL AND e.ends_at < $1
                          LIMIT $2 FOR UPDATE OF r SKIP LOCKED)
           RETURNING 1`,
  questionnaire_comments: `UPDATE questionnaire_answers SET comments = NULL
            WHERE registration_id IN (SELECT q.registration_id FROM questionnaire_answers q JOIN events e ON e.id = q.event_id
                                       WHERE q.comments IS NOT NULL AND e.ends_at < $1 LIMIT $2 FOR UPDATE OF q SKIP LOCKED)
           RETURNING 1`,
  connections: `DELETE FROM connections WHERE id IN (
              SELECT c.id FROM connections c JOIN events e ON e.id = c.event_id WHERE e.ends_at < $1 LIMIT $2 FOR UPDATE OF c SKIP LOCKED)
           RETURNING 1`,
};

/**
 * Retention that runs by itself (issue #20, item 5): daily, one replica at a time (the kit's PeriodicJob with
 * its advisory lock), every kind of the policy in batches of their own transactions (a run cut short goes on
 * at the next), each batch counted in the retention log of its fiscal year.
 */
@Injectable()
export class EventsRetentionJob extends PeriodicJob {
  readonly rules: RetentionRule[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    env: EventsEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: EVENTS_RETENTION_JOB, intervalMs: env.RETENTION_JOB_INTERVAL_MS, logger, acrossReplicas: dataSource });
    this.rules = eventsRetentionRules(env);
  }

  async runOnce(): Promise<number> {
    const done = await this.runDetailed();
    return Object.values(done).reduce((a, b) => a + b, 0);
  }

  /** One pass, told per kind (tests and operators). Call `runNow()` for the locked turn. */
  async runDetailed(): Promise<Record<string, number>> {
    const now = this.clock.now();
    const done: Record<string, number> = {};
    for (const rule of this.rules) {
      const statement = OWN_KINDS[rule.kind];
      if (statement) done[rule.kind] = await inBatches(this.dataSource, rule, now, statement);
    }
    return { ...done, ...(await pruneConsumerTables(this.dataSource, this.rules, now)) };
  }
}
