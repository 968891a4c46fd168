import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, PeriodicJob } from '@collabo/service-kit';
import type { Logger } from 'pino';
import { NotificationSettings } from '../config/notification-settings.js';
import { RecipientDirectory } from './recipient-directory.js';

/** Longest pause between two purges of the recipient cache. */
const MAX_INTERVAL_MS = 3_600_000;

/**
 * Removes recipient cache rows past RECIPIENT_CACHE_TTL_MS (no longer used; they hold names and addresses), every
 * TTL (at most hourly) on each replica; `DELETE … WHERE fetched_at <= …` is safe to run on several at once.
 */
@Injectable()
export class RecipientCachePurge extends PeriodicJob {
  constructor(
    private readonly directory: RecipientDirectory,
    settings: NotificationSettings,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const ttl = settings.env.RECIPIENT_CACHE_TTL_MS;
    super({ name: 'notifications.recipient-cache-purge', intervalMs: Math.min(Math.max(ttl, 1000), MAX_INTERVAL_MS), logger });
  }

  async runOnce(): Promise<number> {
    const removed = await this.directory.purgeExpired();
    if (removed > 0) this.logger.info({ removed }, 'recipient cache: expired rows removed');
    return removed;
  }
}
