import {
  Global,
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule, DiscoveryService, ModuleRef } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ServiceName } from '@collabo/contracts';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import type { Logger } from 'pino';
import { DataSource, type EntitySchema, type MigrationInterface, type MixedList } from 'typeorm';
import { AuthGuard } from './auth/auth.guard.js';
import { TokenVerifier } from './auth/token-verifier.js';
import { Clock, SystemClock } from './clock/clock.js';
import { BaseEnv, sessionDatabaseUrl } from './config/env.js';
import { migrate, serviceDataSourceOptions } from './database/data-source.js';
import { HealthController } from './health/health.controller.js';
import { AppExceptionFilter } from './http/exception-filter.js';
import { WriteRateLimitGuard } from './http/write-rate-limit.guard.js';
import {
  DEFAULT_CONSUMER_OPTIONS,
  JetStreamConsumers,
  type ConsumerOptions,
  type ConsumerRegistration,
  type EventHandler,
} from './jetstream/consumer.js';
import { ConsumerJanitor, type ConsumerJanitorOptions } from './jetstream/consumer-janitor.js';
import {
  assertDurableName,
  CONSUMES_EVENT,
  type ConsumerDeclaration,
  type ConsumesEventMetadata,
} from './jetstream/consumes-event.decorator.js';
import { DeadLettersController } from './jetstream/dead-letters.controller.js';
import {
  JETSTREAM,
  JETSTREAM_MANAGER,
  KIT_ENV,
  KIT_STATE,
  LOGGER,
  NATS_CONNECTION,
  SERVICE_DEFINITION,
  type KitState,
} from './kit.tokens.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ServiceMetrics } from './metrics/metrics.js';
import { connectNats } from './nats/connection.js';
import { NatsNaming } from './nats/naming.js';
import { DEFAULT_STREAM_SETTINGS, ensureStream, type StreamSettings } from './nats/streams.js';
import { Outbox } from './outbox/outbox.js';
import { OutboxRelay, type OutboxRelaySettings } from './outbox/relay.js';
import { RpcClient } from './rpc/rpc-client.js';
import { flushTracing } from './tracing/state.js';

/** Everything that makes a process one of Collabo's services. */
export interface ServiceDefinition<E extends BaseEnv = BaseEnv> {
  name: ServiceName;
  /** For the OpenAPI document. */
  title: string;
  description: string;
  version?: string;
  envClass: new () => E;
  extraEnvDefaults?: Record<string, string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  migrations: (new () => MigrationInterface)[];
  /** The service's feature modules. */
  imports: (Type | DynamicModule)[];
  /** How tokens are verified; default: the registry's JWKS at AUTH_JWKS_URL. */
  tokenVerifier?: (env: E) => TokenVerifier;
  relay?: Partial<OutboxRelaySettings>;
  /** Options of every consumer of the service (a consumer's own `options` win); from the loaded env when a function. */
  consumers?: Partial<ConsumerOptions> | ((env: E) => Partial<ConsumerOptions>);
  /**
   * Consumers declared as data rather than with `@ConsumesEvent` on a class (e.g. one per contract of a rule table):
   * `eventConsumers: RULES.map((r) => defineConsumer(r.contract, `notifications-notify-on-${r.name}`, NotifyHandler))`.
   * Each `handler` must be a provider of one of the service's modules.
   */
  eventConsumers?: ConsumerDeclaration[];
  /** Retention of the consumer side's tables (inbox, dead letters); see ConsumerJanitor. */
  consumerJanitor?: Partial<ConsumerJanitorOptions>;
  streams?: Partial<StreamSettings>;
  /** "Now" for the whole service (default SystemClock; tests give a ManualClock). */
  clock?: Clock;
}

/** Start-up and shutdown of the kit's moving parts, in the order that loses nothing. */
@Injectable()
class KitLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    private readonly consumers: JetStreamConsumers,
    private readonly janitor: ConsumerJanitor,
    private readonly relay: OutboxRelay,
    private readonly rpc: RpcClient,
    private readonly naming: NatsNaming,
    @Inject(SERVICE_DEFINITION) private readonly definition: ServiceDefinition,
    @Inject(KIT_ENV) private readonly env: BaseEnv,
    @Inject(KIT_STATE) private readonly state: KitState,
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const registration of consumerRegistrations(this.definition, this.env, this.discovery, this.moduleRef)) {
      this.consumers.register(registration);
    }
    await ensureStream(this.jsm, this.naming, this.definition.name, streamSettings(this.definition, this.env));
    await this.rpc.connect();
    await this.consumers.start();
    this.janitor.start();
    this.relay.start();
    void this.watchNats();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.state.shuttingDown = true;
    await this.consumers.stop();
    await this.janitor.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.rpc.close().catch(() => undefined);
    await this.nats.drain().catch(() => undefined);
    // The spans of the last work (drained consumers, the relay's last batch) go out before the process ends.
    await flushTracing();
  }

  private async watchNats(): Promise<void> {
    for await (const status of this.nats.status()) {
      if (status.type === 'disconnect') this.state.natsConnected = false;
      if (status.type === 'reconnect') this.state.natsConnected = true;
    }
  }
}

/**
 * Every consumer of the service: the `@ConsumesEvent` classes among its providers and the definition's
 * `eventConsumers`, each under the durable name written in code.
 */
function consumerRegistrations(
  definition: ServiceDefinition,
  env: BaseEnv,
  discovery: DiscoveryService,
  moduleRef: ModuleRef,
): ConsumerRegistration[] {
  const serviceOptions = typeof definition.consumers === 'function' ? definition.consumers(env) : definition.consumers;
  const options = (own?: Partial<ConsumerOptions>): ConsumerOptions => ({ ...DEFAULT_CONSUMER_OPTIONS, ...serviceOptions, ...own });
  const registrations: ConsumerRegistration[] = [];
  for (const wrapper of discovery.getProviders()) {
    const metatype = wrapper.metatype as Type | undefined;
    if (!metatype || !wrapper.instance) continue;
    const meta = Reflect.getMetadata(CONSUMES_EVENT, metatype) as ConsumesEventMetadata | undefined;
    if (!meta) continue;
    assertDurableName(meta.durable);
    registrations.push({
      name: meta.durable,
      contract: meta.contract,
      handler: wrapper.instance as EventHandler,
      options: options(meta.options),
    });
  }
  for (const declared of definition.eventConsumers ?? []) {
    assertDurableName(declared.durable);
    let handler: EventHandler;
    try {
      handler = moduleRef.get<EventHandler>(declared.handler, { strict: false });
    } catch {
      throw new Error(
        `consumer ${declared.durable}: its handler ${String((declared.handler as { name?: string }).name ?? declared.handler)} is not a provider of any module`,
      );
    }
    registrations.push({ name: declared.durable, contract: declared.contract, handler, options: options(declared.options) });
  }
  return registrations;
}

function streamSettings(definition: Pick<ServiceDefinition, 'streams'>, env: BaseEnv): StreamSettings {
  return { ...DEFAULT_STREAM_SETTINGS, replicas: env.JETSTREAM_REPLICAS, ...definition.streams };
}

@Global()
@Module({})
export class KitModule {
  static forRoot<E extends BaseEnv>(definition: ServiceDefinition<E>, env: E, logger: Logger, metrics: ServiceMetrics): DynamicModule {
    const state: KitState = {
      migrated: false,
      natsConnected: false,
      shuttingDown: false,
    };
    const naming = new NatsNaming(env.NATS_SUBJECT_PREFIX);
    const clock = definition.clock ?? new SystemClock();
    // The env under its own tokens: KIT_ENV, BaseEnv and the service's env class (`constructor(env: ProposalsEnv)`).
    const envProviders = [KIT_ENV, BaseEnv, ...(definition.envClass === BaseEnv ? [] : [definition.envClass])];
    return {
      module: KitModule,
      imports: [
        DiscoveryModule,
        TerminusModule.forRoot({ logger: false, errorLogStyle: 'json' }),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            serviceDataSourceOptions({
              url: env.DATABASE_URL,
              entities: definition.entities,
              migrations: definition.migrations,
              poolSize: env.DATABASE_POOL_SIZE,
              applicationName: `collabo-${definition.name}`,
            }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            if (env.MIGRATIONS_RUN === 'true') {
              const ran = await migrate(dataSource);
              if (ran.length) logger.info({ migrations: ran }, 'migrations applied');
              state.migrated = true;
            } else {
              // The migration Job runs them: readiness waits until none is pending (see HealthController).
              state.migrated = !(await dataSource.showMigrations());
            }
            return dataSource;
          },
        }),
      ],
      controllers: [HealthController, MetricsController, DeadLettersController],
      providers: [
        ...envProviders.map((token) => ({ provide: token, useValue: env })),
        { provide: SERVICE_DEFINITION, useValue: definition },
        { provide: Clock, useValue: clock },
        { provide: KIT_STATE, useValue: state },
        { provide: LOGGER, useValue: logger },
        { provide: ServiceMetrics, useValue: metrics },
        { provide: NatsNaming, useValue: naming },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const nc = await connectNats(
              {
                url: env.NATS_URL,
                name: `${definition.name}-kit`,
                service: definition.name,
                user: env.NATS_USER,
                password: env.NATS_PASSWORD,
              },
              logger,
            );
            state.natsConnected = true;
            return nc;
          },
        },
        {
          provide: JETSTREAM,
          useFactory: (nc: NatsConnection) => jetstream(nc),
          inject: [NATS_CONNECTION],
        },
        {
          provide: JETSTREAM_MANAGER,
          useFactory: (nc: NatsConnection) => jetstreamManager(nc),
          inject: [NATS_CONNECTION],
        },
        { provide: Outbox, useValue: new Outbox(definition.name, clock) },
        {
          provide: OutboxRelay,
          useFactory: (dataSource: DataSource, js: JetStreamClient) =>
            new OutboxRelay(
              dataSource,
              js,
              naming,
              sessionDatabaseUrl(env),
              `collabo.outbox.${definition.name}`,
              logger,
              metrics,
              definition.relay,
            ),
          inject: [DataSource, JETSTREAM],
        },
        {
          provide: ConsumerJanitor,
          useFactory: (dataSource: DataSource) =>
            new ConsumerJanitor(dataSource, `collabo.consumer-janitor.${definition.name}`, logger, definition.consumerJanitor),
          inject: [DataSource],
        },
        {
          provide: JetStreamConsumers,
          useFactory: (dataSource: DataSource, js: JetStreamClient, jsm: JetStreamManager) =>
            new JetStreamConsumers(definition.name, dataSource, js, jsm, naming, logger, metrics, streamSettings(definition, env)),
          inject: [DataSource, JETSTREAM, JETSTREAM_MANAGER],
        },
        {
          provide: RpcClient,
          useValue: new RpcClient({
            url: env.NATS_URL,
            service: definition.name,
            naming,
            timeoutMs: env.RPC_TIMEOUT_MS,
            user: env.NATS_USER,
            password: env.NATS_PASSWORD,
          }),
        },
        {
          provide: TokenVerifier,
          useValue: definition.tokenVerifier
            ? definition.tokenVerifier(env)
            : TokenVerifier.fromJwksUrl(env.AUTH_JWKS_URL, env.AUTH_ISSUER, env.AUTH_AUDIENCE),
        },
        // Order matters: the write limit counts per verified staff member (verifiedActor), so it runs after
        // the AuthGuard; were it ever first, it refuses non-public routes (401) rather than count them.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: WriteRateLimitGuard },
        { provide: APP_FILTER, useValue: new AppExceptionFilter(logger) },
        KitLifecycle,
      ],
      exports: [
        ...envProviders,
        SERVICE_DEFINITION,
        Clock,
        ConsumerJanitor,
        KIT_STATE,
        LOGGER,
        ServiceMetrics,
        NatsNaming,
        NATS_CONNECTION,
        JETSTREAM,
        JETSTREAM_MANAGER,
        Outbox,
        OutboxRelay,
        JetStreamConsumers,
        RpcClient,
        TokenVerifier,
      ],
    };
  }
}
