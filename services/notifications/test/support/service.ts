import type { Clock } from '@collabo/service-kit';
import { startTestService, type TestService } from '@collabo/service-kit/testing';
import type { NotificationsEnv } from '../../src/config/notifications-env.js';
import { DeliveryWorker, type DeliveryNotice } from '../../src/deliveries/delivery-worker.js';
import { notificationsService } from '../../src/notifications.definition.js';

export const TEST_UNSUBSCRIBE_SECRET = 'test-unsubscribe-secret-0123456789abcdef';

/** Times short enough that no test waits long, and everything else as in production. */
export function fastEnv(smtpUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    SMTP_URL: smtpUrl,
    UNSUBSCRIBE_SECRET: TEST_UNSUBSCRIBE_SECRET,
    PUBLIC_BASE_URL: 'http://notifications.test',
    SEND_BACKOFF_MS: '40,80,160',
    SEND_MAX_ATTEMPTS: '30',
    SEND_TIMEOUT_MS: '4000',
    SEND_LEASE_MS: '5000',
    DELIVERY_POLL_MS: '50',
    SMTP_RATE_PER_SECOND: '500',
    SMTP_CONCURRENCY: '2',
    SHUTDOWN_GRACE_MS: '5000',
    ...extra,
  };
}

export interface NotificationsUnderTest extends TestService<NotificationsEnv> {
  worker: DeliveryWorker;
  /** Resolves when `count` worker notices match (no sleeps). */
  waitForDeliveries(filter: (n: DeliveryNotice) => boolean, count?: number, timeoutMs?: number): Promise<DeliveryNotice[]>;
  notices: DeliveryNotice[];
}

export async function startNotifications(options: {
  databaseUrl: string;
  prefix: string;
  jwksUrl?: string;
  env: Record<string, string>;
  logDestination?: NodeJS.WritableStream;
  /** Another clock for the service (a ManualClock: retention tests stand in the future with it). */
  clock?: Clock;
}): Promise<NotificationsUnderTest> {
  const svc = await startTestService(
    {
      ...notificationsService,
      // Handler retries quick enough for a test; the production values are in the definition.
      consumers: { maxAttempts: 3, backoffMs: [100, 200], ackWaitMs: 10_000 },
      ...(options.clock ? { clock: options.clock } : {}),
    },
    {
      databaseUrl: options.databaseUrl,
      prefix: options.prefix,
      jwksUrl: options.jwksUrl,
      env: options.env,
      logDestination: options.logDestination,
    },
  );
  const worker = svc.app.get(DeliveryWorker);
  const notices: DeliveryNotice[] = [];
  worker.onSettled((n) => notices.push(n));
  return Object.assign(svc, {
    worker,
    notices,
    waitForDeliveries(filter: (n: DeliveryNotice) => boolean, count = 1, timeoutMs = 15_000): Promise<DeliveryNotice[]> {
      return new Promise<DeliveryNotice[]>((resolve, reject) => {
        const matches = () => notices.filter(filter);
        if (matches().length >= count) return resolve(matches());
        const timer = setTimeout(() => {
          off();
          reject(new Error(`waited ${timeoutMs} ms for ${count} delivery notice(s), saw ${matches().length}: ${JSON.stringify(notices)}`));
        }, timeoutMs);
        const off = worker.onSettled(() => {
          if (matches().length >= count) {
            clearTimeout(timer);
            off();
            resolve(matches());
          }
        });
      });
    },
  });
}
