import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BaseEnv } from '../config/env.js';
import { createServiceApp, type ServiceApp } from '../bootstrap.js';
import { JetStreamConsumers, type ProcessedNotice } from '../jetstream/consumer.js';
import type { ServiceDefinition } from '../kit.module.js';
import { TEST_NATS_URL } from './nats.js';

export interface TestServiceOptions {
  databaseUrl: string;
  prefix: string;
  jwksUrl?: string;
  env?: Record<string, string>;
  logDestination?: NodeJS.WritableStream;
}

/** The environment a service gets in tests: its own database, its own subject prefix, quiet logs. */
export function testServiceEnv(options: TestServiceOptions): NodeJS.ProcessEnv {
  return {
    PORT: '0',
    DATABASE_URL: options.databaseUrl,
    NATS_URL: TEST_NATS_URL,
    NATS_SUBJECT_PREFIX: options.prefix,
    AUTH_JWKS_URL: options.jwksUrl ?? 'http://127.0.0.1:9/.well-known/jwks.json',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATABASE_POOL_SIZE: '5',
    RPC_TIMEOUT_MS: '3000',
    ...options.env,
  };
}

export interface TestService<E extends BaseEnv = BaseEnv> extends ServiceApp<E> {
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  /** Resolves when a consumer reports `count` notices matching `filter` (no sleeps in tests). */
  waitForProcessed(filter: (n: ProcessedNotice) => boolean, count?: number, timeoutMs?: number): Promise<ProcessedNotice[]>;
  close(): Promise<void>;
}

/** Starts a whole service in-process (HTTP on an ephemeral port, RPC, consumers, relay) for a test suite. */
export async function startTestService<E extends BaseEnv>(
  definition: ServiceDefinition<E>,
  options: TestServiceOptions,
): Promise<TestService<E>> {
  const service = await createServiceApp(definition, { env: testServiceEnv(options), logDestination: options.logDestination });
  await service.app.startAllMicroservices();
  await service.app.init();
  await service.app.getHttpAdapter().getInstance().ready();
  const consumers = service.app.get(JetStreamConsumers);
  const seen: ProcessedNotice[] = [];
  consumers.onProcessed((n) => seen.push(n));
  return {
    ...service,
    http: service.app.getHttpServer(),
    waitForProcessed(filter, count = 1, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const matches = () => seen.filter(filter);
        if (matches().length >= count) return resolve(matches());
        const timer = setTimeout(() => {
          off();
          reject(new Error(`waited ${timeoutMs} ms for ${count} processed message(s), saw ${matches().length}`));
        }, timeoutMs);
        const off = consumers.onProcessed(() => {
          if (matches().length >= count) {
            clearTimeout(timer);
            off();
            resolve(matches());
          }
        });
      });
    },
    async close() {
      await service.app.close();
    },
  };
}
