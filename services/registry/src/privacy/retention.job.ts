import { Inject, Injectable } from '@nestjs/common';
import { Clock, LOGGER, PeriodicJob, pruneConsumerTables, type RetentionRule } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { RegistryEnv } from '../config/registry-env.js';
import { registryRetentionRules } from './retention-policy.js';

/** The job's name (and, with its advisory lock, what one replica at a time runs). */
export const REGISTRY_RETENTION_JOB = 'registry.retention';

/**
 * Retention that runs by itself (issue #20, item 5): daily, one replica at a time (the kit's PeriodicJob with its
 * advisory lock), the kit's tables (published outbox rows, inbox rows, dead letters) past their periods, in batches
 * of their own transactions (a run cut short goes on at the next), each batch counted in the retention log of its
 * fiscal year. The kit's own clean-up is set to a backstop (registry.definition.ts), so this job is what removes them.
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
  runDetailed(): Promise<Record<string, number>> {
    return pruneConsumerTables(this.dataSource, this.rules, this.clock.now());
  }
}
