import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import type { ServiceName } from '@collabo/contracts';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  registry: 3001,
  proposals: 3002,
  events: 3003,
  notifications: 3004,
};

export class EnvConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvConfigError';
  }
}

/** The environment every service reads. Services extend it with their own variables. */
export class BaseEnv {
  @IsInt() @Min(0) @Max(65535) PORT!: number;
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL!: string;
  @Matches(/^(nats|tls|wss?):\/\/\S+(,\s*(nats|tls|wss?):\/\/\S+)*$/, {
    message: 'NATS_URL must be one or more nats:// URLs',
  })
  NATS_URL!: string;
  @IsOptional() @IsString() NATS_USER?: string;
  @IsOptional() @IsString() NATS_PASSWORD?: string;
  /** Prefix for every subject and stream: isolates test runs that share one NATS server. */
  @Matches(/^([a-z0-9]{1,20})?$/, {
    message: 'NATS_SUBJECT_PREFIX must be up to 20 lower-case letters or digits',
  })
  NATS_SUBJECT_PREFIX!: string;
  @Matches(/^https?:\/\/\S+$/, {
    message: 'AUTH_JWKS_URL must be an http(s) URL',
  })
  AUTH_JWKS_URL!: string;
  @IsString() AUTH_ISSUER!: string;
  @IsString() AUTH_AUDIENCE!: string;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL!: string;
  @IsIn(['true', 'false']) MIGRATIONS_RUN!: string;
  @IsInt() @Min(1) @Max(100) DATABASE_POOL_SIZE!: number;
  @IsInt() @Min(100) @Max(120000) RPC_TIMEOUT_MS!: number;
  /** Comma-separated origins allowed by CORS; empty means CORS stays closed. */
  @IsString() CORS_ORIGINS!: string;
  @IsInt() @Min(1024) @Max(50 * 1024 * 1024) HTTP_BODY_LIMIT_BYTES!: number;
  /** Requests per minute per client on writes; the auth token route has its own tighter limit. */
  @IsInt() @Min(1) WRITE_RATE_LIMIT_PER_MINUTE!: number;
  @IsInt() @Min(1000) @Max(300000) SHUTDOWN_GRACE_MS!: number;
  /** Replicas of the service's JetStream stream (3 on the Kubernetes NATS cluster, 1 on a single server). */
  @IsInt() @Min(1) @Max(5) JETSTREAM_REPLICAS!: number;
  /**
   * Fault injection for the platform's chaos tests only: the process exits (code 137, as if killed)
   * after its outbox relay has published this many batches and before it marks the last one.
   */
  @IsOptional() @IsInt() @Min(1) FAULT_RELAY_EXIT_AFTER_PUBLISH?: number;
}

export function defaultEnv(service: ServiceName): Record<string, string> {
  return {
    PORT: String(DEFAULT_PORTS[service]),
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/collabo_${service}`,
    NATS_URL: 'nats://127.0.0.1:4222',
    NATS_SUBJECT_PREFIX: '',
    AUTH_JWKS_URL: 'http://127.0.0.1:3001/.well-known/jwks.json',
    AUTH_ISSUER: 'collabo-registry',
    AUTH_AUDIENCE: 'collabo',
    LOG_LEVEL: 'info',
    MIGRATIONS_RUN: 'true',
    DATABASE_POOL_SIZE: '10',
    RPC_TIMEOUT_MS: '5000',
    CORS_ORIGINS: '',
    HTTP_BODY_LIMIT_BYTES: String(1024 * 1024),
    WRITE_RATE_LIMIT_PER_MINUTE: '600',
    SHUTDOWN_GRACE_MS: '10000',
    JETSTREAM_REPLICAS: '1',
  };
}

const NUMERIC = /^-?\d+$/;

/**
 * Reads and validates the environment. Throws EnvConfigError with a one-line reason naming every bad
 * variable, so `main.ts` can refuse to start with that line.
 */
export function loadEnv<T extends BaseEnv>(
  cls: new () => T,
  service: ServiceName,
  source: NodeJS.ProcessEnv = process.env,
  extraDefaults: Record<string, string> = {},
): T {
  const merged: Record<string, string> = {
    ...defaultEnv(service),
    ...extraDefaults,
  };
  for (const [key, value] of Object.entries(source)) if (value !== undefined && value !== '') merged[key] = value;
  const plain: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(merged)) plain[key] = NUMERIC.test(value) && isNumericKey(cls, key) ? Number(value) : value;
  const instance = plainToInstance(cls, plain);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidUnknownValues: true,
  });
  if (errors.length) {
    const reasons = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new EnvConfigError(`invalid environment: ${reasons.join('; ')}`);
  }
  return instance;
}

function isNumericKey(cls: new () => unknown, key: string): boolean {
  return Reflect.getMetadata('design:type', cls.prototype as object, key) === Number;
}

export function corsOrigins(env: BaseEnv): string[] {
  return env.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
