import { createHash } from 'node:crypto';
import { KIT_ENV } from '@collabo/service-kit';
import { Global, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EVENTS_ENV_DEFAULTS, type EventsEnv } from '../config/events-env.js';

/** Requests per minute, from the environment (see README: Limits). */
export interface RateLimits {
  /** Per bearer token, per route: the kit's WRITE_RATE_LIMIT_PER_MINUTE. */
  staffWrites: number;
  /** Per client address, per route. */
  publicWrites: number;
  publicReads: number;
}

const DECORATION = 'collaboEventsRateLimits';
const FALLBACK: RateLimits = {
  staffWrites: 600,
  publicWrites: Number(EVENTS_ENV_DEFAULTS['PUBLIC_WRITE_RATE_LIMIT_PER_MINUTE']),
  publicReads: Number(EVENTS_ENV_DEFAULTS['PUBLIC_READ_RATE_LIMIT_PER_MINUTE']),
};
const MINUTE = 60_000;

/** The limits of the service that serves this request (each replica in a test process has its own). */
function limitsOf(request: FastifyRequest): RateLimits {
  return (request.server as unknown as Record<string, RateLimits | undefined>)[DECORATION] ?? FALLBACK;
}

/**
 * Staff writes are counted per bearer token (a digest of it; staff share the office's address), or per
 * address without one. The limit runs before the auth guard, so it cannot use the verified subject; a
 * forged token only fills its own bucket and is refused by the guard anyway.
 */
export function staffRateKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? /^Bearer\s+(\S{10,4096})$/.exec(header.trim())?.[1] : undefined;
  return token ? `token:${createHash('sha256').update(token).digest('base64url').slice(0, 22)}` : `ip:${request.ip}`;
}

/** A staff write route: at most WRITE_RATE_LIMIT_PER_MINUTE requests a minute per token (429 problem+json). */
export const StaffWriteLimit = (): MethodDecorator =>
  RouteConfig({ rateLimit: { max: (req: FastifyRequest) => limitsOf(req).staffWrites, timeWindow: MINUTE, keyGenerator: staffRateKey } });

/** A public write route: at most PUBLIC_WRITE_RATE_LIMIT_PER_MINUTE requests a minute per client address. */
export const PublicWriteLimit = (): MethodDecorator =>
  RouteConfig({ rateLimit: { max: (req: FastifyRequest) => limitsOf(req).publicWrites, timeWindow: MINUTE } });

/** A public read route: at most PUBLIC_READ_RATE_LIMIT_PER_MINUTE requests a minute per client address. */
export const PublicReadLimit = (): MethodDecorator =>
  RouteConfig({ rateLimit: { max: (req: FastifyRequest) => limitsOf(req).publicReads, timeWindow: MINUTE } });

/** Hands this service's configured limits to the route limiters (on its own Fastify instance). */
@Injectable()
export class RateLimitSettings implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(KIT_ENV) private readonly env: EventsEnv,
  ) {}

  get limits(): RateLimits {
    return {
      staffWrites: this.env.WRITE_RATE_LIMIT_PER_MINUTE,
      publicWrites: this.env.PUBLIC_WRITE_RATE_LIMIT_PER_MINUTE,
      publicReads: this.env.PUBLIC_READ_RATE_LIMIT_PER_MINUTE,
    };
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (fastify && !fastify.hasDecorator(DECORATION)) fastify.decorate(DECORATION, this.limits);
  }
}

@Global()
@Module({ providers: [RateLimitSettings], exports: [RateLimitSettings] })
export class LimitsModule {}
