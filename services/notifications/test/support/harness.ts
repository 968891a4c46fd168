import 'reflect-metadata';
import type { DataOf, EventContract, EventEnvelope, PersonV1, StaffRole } from '@collabo/contracts';
import { CONSUMES_EVENT, JetStreamConsumers, type Clock, type ConsumesEventMetadata } from '@collabo/service-kit';
import {
  createTestDatabase,
  deleteTestStreams,
  LogCapture,
  startTestService,
  TestAuthority,
  testNatsConnection,
  testPrefix,
  type TestDatabase,
  type TestService,
} from '@collabo/service-kit/testing';
import { FAKE_CONSENT_WITHDRAWAL_URL, FakeRegistry, SmtpSink, type SmtpSinkOptions } from '@collabo/testing';
import type { NatsConnection } from '@nats-io/nats-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NotificationsEnv } from '../../src/config/notifications-env.js';
import { DeliveryWorker, type DeliveryNotice } from '../../src/deliveries/delivery-worker.js';
import { notificationsService } from '../../src/notifications.definition.js';
import { MergePreferencesOnPersonMerged } from '../../src/people-merged/merge-preferences-on-person-merged.handler.js';
import { AnswerPrivacyRequest } from '../../src/privacy/answer-privacy-request.handler.js';
import { CONSUMERS } from '../../src/rules/notification-rules.js';
import { serveRegistrantLinks } from './link-owners.js';
import { publishEvent } from './producer.js';
import { testDefinition } from './test-definition.js';

export const TEST_UNSUBSCRIBE_SECRET = 'test-unsubscribe-secret-0123456789abcdef';

/** Where the events service's registrant links point in the tests (GetRegistrantLinkV1, `h.registrantLinks`). */
export const EVENTS_BASE_URL = 'https://collabo.example.jp/events';

/** An SMTP address where nothing listens: with it, emails stay queued or are retried. */
const NO_MAIL_SERVER = 'smtp://127.0.0.1:9';

/** Times short enough that no test waits long, and everything else as in production. */
function fastEnv(smtpUrl: string): Record<string, string> {
  return {
    SMTP_URL: smtpUrl,
    UNSUBSCRIBE_SECRET: TEST_UNSUBSCRIBE_SECRET,
    PUBLIC_BASE_URL: 'http://notifications.test',
    // The fake registry's withdrawal page: the registry and this service share the setting.
    CONSENT_WITHDRAWAL_URL: FAKE_CONSENT_WITHDRAWAL_URL,
    SEND_BACKOFF_MS: '40,80,160',
    SEND_MAX_ATTEMPTS: '30',
    SEND_TIMEOUT_MS: '4000',
    SEND_LEASE_MS: '5000',
    DELIVERY_POLL_MS: '50',
    SMTP_RATE_PER_SECOND: '500',
    SMTP_CONCURRENCY: '2',
    SHUTDOWN_GRACE_MS: '5000',
  };
}

/**
 * Every durable consumer of the service, with the subject it consumes: those the definition declares (the rule table's,
 * the recipient cache's) and the handler classes marked `@ConsumesEvent`. A subject can have several (person.merged
 * has two): `publishApplied` waits for all of them, not for whichever comes first.
 */
const DECORATED_CONSUMERS = [MergePreferencesOnPersonMerged, AnswerPrivacyRequest];
const ALL_CONSUMERS: { durable: string; subject: string }[] = [
  ...(notificationsService.eventConsumers ?? []).map((c) => ({ durable: c.durable, subject: c.contract.subject })),
  ...DECORATED_CONSUMERS.map((cls) => Reflect.getMetadata(CONSUMES_EVENT, cls) as ConsumesEventMetadata).map((m) => ({
    durable: m.durable,
    subject: m.contract.subject,
  })),
];

/** The durable consumers of `subject` (at least one: a test publishes what the service consumes). */
function durablesOf(subject: string): string[] {
  const durables = ALL_CONSUMERS.filter((c) => c.subject === subject).map((c) => c.durable);
  if (!durables.length) throw new Error(`the service consumes no ${subject}`);
  return durables;
}

/** One notifications service of a suite, with its delivery worker's notices. */
export interface NotificationsUnderTest extends TestService<NotificationsEnv> {
  worker: DeliveryWorker;
  dataSource: DataSource;
  /** Resolves when `count` worker notices match (no sleeps). */
  waitForDeliveries(filter: (n: DeliveryNotice) => boolean, count?: number, timeoutMs?: number): Promise<DeliveryNotice[]>;
  notices: DeliveryNotice[];
}

/** A consumer of the rule table, by its name there (`proposalAdvanced`), and the data of its contract. */
export type ConsumerName = keyof typeof CONSUMERS;
export type ConsumedData<N extends ConsumerName> = DataOf<(typeof CONSUMERS)[N]['contract']>;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** Requests to one service, with a bearer token when one is given. */
export type Api = Record<Method, (path: string) => request.Test>;

export interface ServiceOptions {
  /** Environment over the suite's (the harness's `env`). */
  env?: Record<string, string>;
  /** Another clock for this service (a ManualClock: retention tests stand in the future with it). */
  clock?: Clock;
}

export interface HarnessOptions {
  /** Environment over the fast test defaults, for every service the suite starts. */
  env?: Record<string, string>;
  /** The people the fake registry knows. */
  people?: PersonV1[];
  /** An SMTP sink for the suite (default); false: no mail server, or the suite starts its own (`startSmtp`). */
  smtp?: boolean;
  /** The services' logs at debug level, in `logs`, for a suite that scans them. */
  captureLogs?: boolean;
  /** The clock of the first service. */
  clock?: Clock;
  /** Start the service (default); false: the suite starts it with `start()` once it has set up what comes first. */
  start?: boolean;
}

/**
 * Everything a notifications suite needs: its own database and subject prefix, a token authority, the registry
 * on NATS (@collabo/testing's FakeRegistry), an SMTP sink, and the service (more instances with `start`).
 * `close()` stops all of it, in order.
 */
export interface Harness {
  db: TestDatabase;
  nc: NatsConnection;
  prefix: string;
  auth: TestAuthority;
  registry: FakeRegistry;
  /** The events service's registrant links on NATS (GetRegistrantLinkV1 under EVENTS_BASE_URL). */
  registrantLinks: ReturnType<typeof serveRegistrantLinks>;
  /** The suite's SMTP sink (`smtp: false`: none; asking for it throws). */
  smtp: SmtpSink;
  /** The services' logs (with `captureLogs`). */
  logs: LogCapture;
  /** The first service started. */
  svc: NotificationsUnderTest;
  dataSource: DataSource;
  /** The whole environment the suite's services get (plus `extra`): for a service in a process of its own. */
  serviceEnv(extra?: Record<string, string>): Record<string, string>;
  /** Starts a(nother) service on the suite's database and prefix: a replica, or the service after a restart. */
  start(options?: ServiceOptions): Promise<NotificationsUnderTest>;
  /** Starts another SMTP sink, stopped with the suite. */
  startSmtp(options?: SmtpSinkOptions): Promise<SmtpSink>;
  /** A token of the suite's authority with these roles. */
  token(role: StaffRole, sub?: string): Promise<string>;
  /** Requests to a service (default: the first) with this bearer token (none: anonymous). */
  api(token?: string, svc?: NotificationsUnderTest): Api;
  /** Publishes an event as its producer would (contract-checked, on the producer's stream). */
  publish<C extends EventContract>(contract: C, data: DataOf<C>, options?: { correlationId?: string }): Promise<EventEnvelope<DataOf<C>>>;
  /** Publishes an event of a contract the rule table consumes, named by its consumer (`h.publishConsumed('teamFormed', …)`). */
  publishConsumed<N extends ConsumerName>(
    name: N,
    data: ConsumedData<N>,
    options?: { correlationId?: string },
  ): Promise<EventEnvelope<ConsumedData<N>>>;
  /** Publishes an event and waits until every consumer of its subject in a service applied it. */
  publishApplied<C extends EventContract>(contract: C, data: DataOf<C>, svc?: NotificationsUnderTest): Promise<EventEnvelope<DataOf<C>>>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDatabase('notifications');
  const nc = await testNatsConnection();
  const prefix = testPrefix();
  const auth = await TestAuthority.start();
  const registry = new FakeRegistry(nc, prefix);
  for (const person of options.people ?? []) registry.person(person);
  const registrantLinks = serveRegistrantLinks(nc, prefix, EVENTS_BASE_URL);
  const logs = new LogCapture();
  const sinks: SmtpSink[] = [];
  const services: NotificationsUnderTest[] = [];
  const startSmtp = async (smtpOptions?: SmtpSinkOptions): Promise<SmtpSink> => {
    const sink = await SmtpSink.start(smtpOptions);
    sinks.push(sink);
    return sink;
  };
  const smtp = options.smtp === false ? null : await startSmtp();
  const serviceEnv = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...fastEnv(smtp?.url ?? NO_MAIL_SERVER),
    ...(options.captureLogs ? { LOG_LEVEL: 'debug' } : {}),
    ...options.env,
    ...extra,
  });
  const start = async (serviceOptions: ServiceOptions = {}): Promise<NotificationsUnderTest> => {
    const svc = await startNotifications(
      testDefinition(serviceOptions.clock),
      db.url,
      prefix,
      auth.jwksUrl,
      serviceEnv(serviceOptions.env),
      options.captureLogs ? logs : undefined,
    );
    services.push(svc);
    return svc;
  };
  const firstService = (): NotificationsUnderTest => {
    if (!services[0]) throw new Error('no service started yet');
    return services[0];
  };
  const api = (token?: string, svc?: NotificationsUnderTest): Api => {
    const target = svc ?? firstService();
    const make = (method: Method) => (path: string) => {
      const req = request(target.http)[method](path);
      return token === undefined ? req : req.set('authorization', `Bearer ${token}`);
    };
    return { get: make('get'), post: make('post'), put: make('put'), patch: make('patch'), delete: make('delete') };
  };
  const publish: Harness['publish'] = (contract, data, publishOptions = {}) => publishEvent(nc, prefix, contract, data, publishOptions);
  const harness: Harness = {
    db,
    nc,
    prefix,
    auth,
    registry,
    registrantLinks,
    logs,
    get smtp(): SmtpSink {
      if (!smtp) throw new Error('this suite runs without the harness’s SMTP sink');
      return smtp;
    },
    get svc(): NotificationsUnderTest {
      return firstService();
    },
    get dataSource(): DataSource {
      return harness.svc.dataSource;
    },
    serviceEnv,
    start,
    startSmtp,
    token: (role, sub) => auth.token({ roles: [role], ...(sub ? { sub } : {}) }),
    api,
    publish,
    publishConsumed: (name, data, publishOptions) => publish(CONSUMERS[name].contract as EventContract, data, publishOptions) as never,
    async publishApplied(contract, data, svc) {
      const target = svc ?? harness.svc;
      const envelope = await publish(contract, data);
      await Promise.all(
        durablesOf(contract.subject).map((durable) =>
          target.waitForProcessed((n) => n.messageId === envelope.id && n.consumer === durable && n.outcome === 'applied'),
        ),
      );
      return envelope;
    },
    async close() {
      for (const svc of services.reverse()) await svc.close();
      registrantLinks.stop();
      await registry.stop();
      for (const sink of sinks) await sink.stop();
      await deleteTestStreams(nc, prefix);
      await nc.close();
      await auth.close();
      await db.drop();
    },
  };
  if (options.start !== false) {
    try {
      await start({ clock: options.clock });
    } catch (err) {
      // A service that does not start leaves nothing behind: the suite's afterAll has no harness to close.
      await harness.close().catch(() => undefined);
      throw err;
    }
  }
  return harness;
}

/** Starts one service in this process; its `close` may be called more than once (a test closes one to restart it). */
async function startNotifications(
  definition: ReturnType<typeof testDefinition>,
  databaseUrl: string,
  prefix: string,
  jwksUrl: string,
  env: Record<string, string>,
  logDestination: NodeJS.WritableStream | undefined,
): Promise<NotificationsUnderTest> {
  const svc = await startTestService(definition, { databaseUrl, prefix, jwksUrl, env, logDestination });
  // The harness knows every consumer (publishApplied waits for each of a subject): a new one missing here fails at once.
  const running = [...svc.app.get(JetStreamConsumers).names].sort();
  const known = ALL_CONSUMERS.map((c) => c.durable).sort();
  if (JSON.stringify(running) !== JSON.stringify(known)) {
    await svc.close();
    throw new Error(`the harness does not know every consumer of the service: ${JSON.stringify({ running, known })}`);
  }
  const worker = svc.app.get(DeliveryWorker);
  const notices: DeliveryNotice[] = [];
  worker.onSettled((n) => notices.push(n));
  let closing: Promise<void> | null = null;
  return {
    ...svc,
    worker,
    dataSource: svc.app.get(DataSource),
    notices,
    close: () => (closing ??= svc.close()),
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
  };
}
