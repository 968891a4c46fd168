import type { Clock } from '@collabo/service-kit';
import { notificationsService } from '../../src/notifications.definition.js';

/**
 * The service as the tests run it, in this process or a child's: handler retries quick enough for a test (the
 * production values are in the definition), and the clock a test hands it.
 */
export function testDefinition(clock?: Clock): typeof notificationsService {
  return {
    ...notificationsService,
    consumers: { maxAttempts: 3, backoffMs: [100, 200], ackWaitMs: 10_000 },
    ...(clock ? { clock } : {}),
  };
}
