import 'reflect-metadata';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { corsOrigins, EnvConfigError, loadEnv, type BaseEnv } from './config/env.js';
import { TooManyRequestsError } from './errors/app-error.js';
import { installRequestHooks } from './http/hooks.js';
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
}

export interface CreateOptions {
  /** Environment to use instead of process.env (tests). */
  env?: NodeJS.ProcessEnv;
  /** Where the logs go instead of stdout (tests that read the logs). */
  logDestination?: NodeJS.WritableStream;
}

@Module({})
class ServiceRootModule {}

/** Builds the whole service (HTTP + NATS RPC + consumers + relay) without listening; tests call this. */
export async function createServiceApp<E extends BaseEnv>(
  definition: ServiceDefinition<E>,
  options: CreateOptions = {},
): Promise<ServiceApp<E>> {
  const env = loadEnv(definition.envClass, definition.name, options.env ?? process.env, definition.extraEnvDefaults);
  const logger = createLogger(definition.name, env.LOG_LEVEL, options.logDestination);
  const metrics = new ServiceMetrics(definition.name);
  const root: DynamicModule = {
    module: ServiceRootModule,
    imports: [KitModule.forRoot(definition, env, logger, metrics), ...definition.imports],
  };
  const adapter = new FastifyAdapter({
    bodyLimit: env.HTTP_BODY_LIMIT_BYTES,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(root, adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    abortOnError: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  installRequestHooks(fastify, logger, metrics);
  await app.register(helmet as never, { contentSecurityPolicy: false, global: true } as never);
  const origins = corsOrigins(env);
  if (origins.length) await app.register(cors as never, { origin: origins, credentials: false } as never);
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
  return { app, env, logger, metrics };
}

/** `main.ts` of every service: refuse to start on a bad environment, else serve until SIGTERM. */
export async function runService<E extends BaseEnv>(definition: ServiceDefinition<E>): Promise<ServiceApp<E>> {
  try {
    const service = await createServiceApp(definition);
    await service.app.startAllMicroservices();
    await service.app.listen({ port: service.env.PORT, host: '0.0.0.0' });
    service.logger.info({ port: service.env.PORT }, `${definition.name} listening; API docs at /docs`);
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
