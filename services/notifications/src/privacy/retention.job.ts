import { Inject, Injectable } from '@nestjs/common';
import { Clock, consumerTableRules, LOGGER, PeriodicJob, pruneConsumerTables, type RetentionRule } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { NotificationsEnv } from '../config/notifications-env.js';
import { notificationsRetentionRules } from './retention-policy.js';

export const NOTIFICATIONS_RETENTION_JOB = 'notifications.retention';

/**
 * Retention of the kit's tables (outbox, inbox, dead letters), daily, one replica at a time, in batches counted in
 * the retention log. Delivery bodies have their own job (DeliveryRetention, hourly, DELIVERY_RETENTION_DAYS), which
 * counts in the same log: one policy, one report.
 */
@Injectable()
export class NotificationsRetentionJob extends PeriodicJob {
  /** The whole policy (for the report). */
  readonly rules: RetentionRule[];
  private readonly own: RetentionRule[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    env: NotificationsEnv,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ name: NOTIFICATIONS_RETENTION_JOB, intervalMs: env.RETENTION_JOB_INTERVAL_MS, logger, acrossReplicas: dataSource });
    this.rules = notificationsRetentionRules(env);
    this.own = consumerTableRules(env);
  }

  async runOnce(): Promise<number> {
    const done = await this.runDetailed();
    return Object.values(done).reduce((a, b) => a + b, 0);
  }

  async runDetailed(): Promise<Record<string, number>> {
    return pruneConsumerTables(this.dataSource, this.own, this.clock.now());
  }
}
