import { KIT_ENV, StaffRateLimit } from '@collabo/service-kit';
import { Global, Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EVENTS_ENV_DEFAULTS, type EventsEnv } from '../config/events-env.js';

/** Requests per minute, from the environment (see README: Limits). */
export interface RateLimits {
  /** Per staff member (verified token subject), per route: the kit's WRITE_RATE_LIMIT_PER_MINUTE. */
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
 * A staff write route: at most WRITE_RATE_LIMIT_PER_MINUTE requests a minute per staff member on this route
 * (429 problem+json `COMMON.RATE_LIMITED` with Retry-After). The kit's `@StaffRateLimit`: counted after the
 * AuthGuard on the subject of the VERIFIED token, so staff who share the office's address do not slow each
 * other down, and a forged token naming a colleague's `sub` gets 401 and spends nothing of the colleague's
 * budget. Not a `@RouteConfig` limit: that runs before the guards, on a token nobody has checked yet. The
 * kit's write limit (the same setting, all write routes of a staff member together) applies as well.
 */
export const StaffWriteLimit = (): MethodDecorator =>
  StaffRateLimit({ max: (req: FastifyRequest) => limitsOf(req).staffWrites, timeWindowMs: MINUTE });

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
