import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { isIP } from 'node:net';
import type { ServiceName } from '@collabo/contracts';

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  registry: 3001,
  proposals: 3002,
  events: 3003,
  notifications: 3004,
};

/** Empty, a hop count (1..99), or comma-separated IPv4/IPv6 addresses with an optional /prefix (checked in full by trustProxySetting). */
const TRUST_PROXY_PATTERN = /^(|[1-9]\d?|[0-9A-Fa-f.:]+(\/\d{1,3})?(\s*,\s*[0-9A-Fa-f.:]+(\/\d{1,3})?)*)$/;

export class EnvConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvConfigError';
  }
}

/**
 * The environment every service reads. Services extend it with their own variables (`src/config/<service>-env.ts`)
 * and their defaults (`extraEnvDefaults` of the definition); the kit loads it once from the definition and
 * provides it (`KIT_ENV`, or the env class itself as the token: `constructor(private readonly env: ProposalsEnv)`).
 * Services never read `process.env`.
 */
export class BaseEnv {
  /**
   * `development` (the default) and `test` may take shortcuts a service documents (an ephemeral signing key, the
   * placeholder unsubscribe secret; the database is created when missing); `production` refuses them.
   */
  @IsIn(['development', 'test', 'production']) NODE_ENV!: string;
  @IsInt() @Min(0) @Max(65535) PORT!: number;
  /**
   * When set, `/metrics` and the API documents (`/docs`, `/docs-json`, `/docs-yaml`) are served only on this
   * port (404 on PORT); `/health/*` answers on both. Unset: everything on PORT.
   */
  @IsOptional() @IsInt() @Min(1) @Max(65535) MANAGEMENT_PORT?: number;
  /**
   * Which proxies in front of the service are trusted to say who the client is (`X-Forwarded-For`, and so
   * `request.ip`, the key of every per-address rate limit): empty (the default) trusts none; a hop count
   * (`1`: the nearest proxy); or a comma-separated list of addresses and CIDRs (`10.0.0.0/8,127.0.0.1`).
   */
  @Matches(TRUST_PROXY_PATTERN, {
    message: 'TRUST_PROXY must be empty, a hop count, or a comma-separated list of IP addresses/CIDRs',
  })
  TRUST_PROXY!: string;
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// URL',
  })
  DATABASE_URL!: string;
  /**
   * A session-mode path to the same database (the primary directly, or a session-mode pooler), for what needs a
   * session of its own: the outbox relay's leader lock (`pg_try_advisory_lock`) and its `LISTEN`. Set it when
   * DATABASE_URL goes through a transaction-mode pooler (PgBouncer), where neither survives a transaction;
   * unset, the relay uses DATABASE_URL (`sessionDatabaseUrl`). One connection per process.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_SESSION_URL must be a postgres:// URL',
  })
  DATABASE_SESSION_URL?: string;
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
}

export function defaultEnv(service: ServiceName): Record<string, string> {
  return {
    NODE_ENV: 'development',
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
    TRUST_PROXY: '',
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
  const reasons = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
  if (!errors.some((e) => e.property === 'TRUST_PROXY') && typeof instance.TRUST_PROXY === 'string') {
    const bad = invalidTrustedProxies(instance.TRUST_PROXY);
    if (bad.length) reasons.push(`TRUST_PROXY: not an IP address or CIDR: ${bad.join(', ')}`);
  }
  if (instance.MANAGEMENT_PORT !== undefined && instance.MANAGEMENT_PORT === instance.PORT)
    reasons.push('MANAGEMENT_PORT: must differ from PORT');
  if (reasons.length) throw new EnvConfigError(`invalid environment: ${reasons.join('; ')}`);
  return instance;
}

function isNumericKey(cls: new () => unknown, key: string): boolean {
  return Reflect.getMetadata('design:type', cls.prototype as object, key) === Number;
}

/** Where the outbox relay holds its leader lock and LISTENs: DATABASE_SESSION_URL when set, else DATABASE_URL. */
export function sessionDatabaseUrl(env: Pick<BaseEnv, 'DATABASE_URL' | 'DATABASE_SESSION_URL'>): string {
  return env.DATABASE_SESSION_URL ?? env.DATABASE_URL;
}

export function corsOrigins(env: BaseEnv): string[] {
  return env.CORS_ORIGINS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * TRUST_PROXY as Fastify's `trustProxy` option: `false` (no proxy trusted: `request.ip` is the peer
 * address, whatever `X-Forwarded-For` says), a hop count, or the list of trusted proxy addresses/CIDRs.
 */
export function trustProxySetting(env: Pick<BaseEnv, 'TRUST_PROXY'>): false | number | string[] {
  const value = (env.TRUST_PROXY ?? '').trim();
  if (!value) return false;
  if (/^\d+$/.test(value)) return Number(value) || false;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function invalidTrustedProxies(value: string): string[] {
  const setting = trustProxySetting({ TRUST_PROXY: value });
  if (!Array.isArray(setting)) return [];
  return setting.filter((entry) => {
    const [address, prefix, ...rest] = entry.split('/');
    const kind = isIP(address ?? '');
    if (!kind || rest.length) return true;
    return prefix !== undefined && !(Number(prefix) >= 0 && Number(prefix) <= (kind === 4 ? 32 : 128));
  });
}
