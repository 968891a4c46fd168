import 'reflect-metadata';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Server } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { corsOrigins, EnvConfigError, loadEnv, trustProxySetting, type BaseEnv } from './config/env.js';
import { ensureDatabase, migrate, serviceDataSourceOptions } from './database/data-source.js';
import { DataSource } from 'typeorm';
import { TooManyRequestsError } from './errors/app-error.js';
import { installRequestHooks } from './http/hooks.js';
import { installGuardedJsonParser } from './http/json-body.js';
import { installManagementSplit } from './http/management.js';
import { installSecurityHeaders } from './http/security-headers.js';
import { KitModule, type ServiceDefinition } from './kit.module.js';
import { createLogger } from './logging/logger.js';
import { PinoNestLogger } from './logging/nest-logger.js';
import { ServiceMetrics } from './metrics/metrics.js';
import { NatsNaming } from './nats/naming.js';
import { CollaboNatsServer } from './rpc/nats-server.js';
import { createValidationPipe } from './validation/validate.js';

export interface ServiceApp<E extends BaseEnv = BaseEnv> {
  app: NestFastifyApplication;
  env: E;
  logger: Logger;
  metrics: ServiceMetrics;
  /**
   * With MANAGEMENT_PORT: the server of the management port (metrics, API documents, health), not yet
   * listening (`runService` listens on MANAGEMENT_PORT; tests hand it to supertest). Closed with the app.
   */
  managementServer?: Server;
}

export interface CreateOptions<E extends BaseEnv = BaseEnv> {
  /** Environment to use instead of process.env (tests). */
  env?: NodeJS.ProcessEnv;
  /** The environment already loaded from the definition (`runService`: loaded once, never twice). */
  loadedEnv?: E;
  /** Where the logs go instead of stdout (tests that read the logs). */
  logDestination?: NodeJS.WritableStream;
}

@Module({})
class ServiceRootModule {}

/** Builds the whole service (HTTP + NATS RPC + consumers + relay) without listening; tests call this. */
export async function createServiceApp<E extends BaseEnv>(
  definition: ServiceDefinition<E>,
  options: CreateOptions<E> = {},
): Promise<ServiceApp<E>> {
  const env = options.loadedEnv ?? loadServiceEnv(definition, options.env);
  const logger = createLogger(definition.name, env.LOG_LEVEL, options.logDestination);
  const metrics = new ServiceMetrics(definition.name);
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [KitModule.forRoot(definition, env, logger, metrics), ...definition.imports],
  };
  const adapter = new FastifyAdapter({
    bodyLimit: env.HTTP_BODY_LIMIT_BYTES,
    // TRUST_PROXY: by default no proxy is trusted, so a client's X-Forwarded-For cannot choose request.ip
    // (the key of every per-address rate limit); the overlays trust the ingress hop.
    // (Fastify takes a hop count too; the adapter's option type leaves numbers out.)
    trustProxy: trustProxySetting(env) as boolean | string[],
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // URLs Fastify's router cannot decode (e.g. invalid UTF-8 in a path segment) still get problem+json.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      void reply
        .status(status)
        .header('content-type', 'application/problem+json; charset=utf-8')
        .send({
          type: `urn:collabo:problem:http.${status}`,
          title: 'Bad Request',
          status,
          detail: 'The URL could not be decoded.',
          code: `COMMON.HTTP_${status}`,
          errors: [],
        });
    },
    // Requests Node's HTTP parser refuses (headers or URL too large, malformed) still get problem+json.
    clientErrorHandler: (err, socket) => {
      const status = (err as { code?: string }).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const body = JSON.stringify({
        type: `urn:collabo:problem:http.${status}`,
        title: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
        status,
        detail: status === 431 ? 'The request line or headers are too large.' : 'The request could not be parsed.',
        code: `COMMON.HTTP_${status}`,
        errors: [],
      });
      if (socket.writable) {
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
        );
      } else socket.destroy();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    abortOnError: false,
    // Fastify's own JSON parser, guarded below; no urlencoded bodies anywhere.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  installRequestHooks(fastify, logger, metrics);
  installGuardedJsonParser(fastify);
  installSecurityHeaders(fastify);
  const origins = corsOrigins(env);
  if (origins.length) await app.register(cors as never, { origin: origins, credentials: false } as never);
  // After the security headers, so the 404 of a management route on the public port still carries the security headers.
  const managementServer = env.MANAGEMENT_PORT !== undefined ? installManagementSplit(fastify) : undefined;
  await app.register(
    rateLimit as never,
    {
      global: false,
      errorResponseBuilder: (_req: unknown, ctx: { ttl: number }) =>
        new TooManyRequestsError('COMMON.RATE_LIMITED', 'Too many requests; slow down.', Math.ceil(ctx.ttl / 1000)),
    } as never,
  );
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  app.connectMicroservice(
    {
      strategy: new CollaboNatsServer({
        url: env.NATS_URL,
        service: definition.name,
        naming: new NatsNaming(env.NATS_SUBJECT_PREFIX),
        metrics,
        user: env.NATS_USER,
        password: env.NATS_PASSWORD,
      }),
    },
    { inheritAppConfig: true },
  );
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(definition.title)
      .setDescription(definition.description)
      .setVersion(definition.version ?? '1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
  return { app, env, logger, metrics, ...(managementServer ? { managementServer } : {}) };
}

/** The service's environment as its definition describes it (env class, name, extra defaults), validated once. */
export function loadServiceEnv<E extends BaseEnv>(definition: ServiceDefinition<E>, source: NodeJS.ProcessEnv = process.env): E {
  return loadEnv(definition.envClass, definition.name, source, definition.extraEnvDefaults);
}

/**
 * `src/main.ts` of every service: `await bootstrap(definition)`. `node dist/main.js` serves until SIGTERM;
 * `node dist/main.js migrate` runs the pending migrations and exits (0, or 1 with a one-line reason).
 */
export async function bootstrap<E extends BaseEnv>(
  definition: ServiceDefinition<E>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<ServiceApp<E> | undefined> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'serve') return runService(definition);
  if (command === 'migrate' && rest.length === 0) return process.exit(await runMigrations(definition));
  process.stderr.write(`${definition.name}: unknown command ${JSON.stringify(argv.join(' '))}; use no argument (serve) or "migrate"\n`);
  return process.exit(64);
}

export interface MigrateOptions {
  /** Environment to use instead of process.env (tests). */
  env?: NodeJS.ProcessEnv;
  /** Where the report goes (default stdout / stderr). */
  out?: NodeJS.WritableStream;
  err?: NodeJS.WritableStream;
}

/**
 * The migration Job (`node dist/main.js migrate`): loads the env once from the definition, creates the database
 * outside production when it is missing, runs the kit's and the service's pending migrations under the migration
 * advisory lock (`migrate`), and answers the exit code: 0 (what ran, or "no pending migrations"), or 1 with
 * a one-line reason on stderr.
 */
export async function runMigrations<E extends BaseEnv>(definition: ServiceDefinition<E>, options: MigrateOptions = {}): Promise<number> {
  const out = options.out ?? process.stdout;
  const err = options.err ?? process.stderr;
  let dataSource: DataSource | undefined;
  try {
    const env = loadServiceEnv(definition, options.env);
    // Outside production the database is made when missing (a failure here shows again, with its reason, below).
    if (env.NODE_ENV !== 'production') await ensureDatabase(env.DATABASE_URL).catch(() => undefined);
    dataSource = await new DataSource(
      serviceDataSourceOptions({
        url: env.DATABASE_URL,
        entities: definition.entities,
        migrations: definition.migrations,
        poolSize: 2,
        applicationName: `collabo-${definition.name}-migrate`,
      }),
    ).initialize();
    const ran = await migrate(dataSource);
    out.write(`${definition.name}: ${ran.length ? `migrations applied: ${ran.join(', ')}` : 'no pending migrations'}\n`);
    return 0;
  } catch (error) {
    const reason =
      error instanceof EnvConfigError ? error.message : `migration failed: ${oneLine((error as Error)?.message ?? String(error))}`;
    err.write(`${definition.name}: ${reason}\n`);
    return 1;
  } finally {
    await dataSource?.destroy().catch(() => undefined);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000);
}

/**
 * Serves until SIGTERM: refuses to start on a bad environment (one line on stderr, exit 1), creates the database
 * outside production when it is missing, then builds and starts the service with the env loaded once.
 */
export async function runService<E extends BaseEnv>(definition: ServiceDefinition<E>): Promise<ServiceApp<E>> {
  try {
    const env = loadServiceEnv(definition);
    // In development the database is made when missing; in production it comes from the operator. An unreachable
    // database is reported by the start-up that follows, in one line.
    if (env.NODE_ENV !== 'production') await ensureDatabase(env.DATABASE_URL).catch(() => undefined);
    const service = await createServiceApp(definition, { loadedEnv: env });
    await service.app.startAllMicroservices();
    await service.app.listen({ port: service.env.PORT, host: '0.0.0.0' });
    if (service.managementServer) {
      const server = service.managementServer;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: service.env.MANAGEMENT_PORT, host: '0.0.0.0' }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      service.logger.info(
        { port: service.env.PORT, managementPort: service.env.MANAGEMENT_PORT },
        `${definition.name} listening; metrics and API docs on the management port only`,
      );
    } else {
      service.logger.info({ port: service.env.PORT }, `${definition.name} listening; API docs at /docs`);
    }
    return service;
  } catch (err) {
    if (err instanceof EnvConfigError) {
      process.stderr.write(`${definition.name}: ${err.message}\n`);
    } else {
      process.stderr.write(`${definition.name}: failed to start: ${(err as Error).message}\n`);
    }
    process.exit(1);
  }
}
