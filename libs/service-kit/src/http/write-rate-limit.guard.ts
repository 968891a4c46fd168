import { Inject, Injectable, SetMetadata, type CanActivate, type ExecutionContext, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { verifiedActor } from '../auth/auth.guard.js';
import { PUBLIC_ROUTE } from '../auth/decorators.js';
import type { BaseEnv } from '../config/env.js';
import { TooManyRequestsError, UnauthorizedError } from '../errors/app-error.js';
import { KIT_ENV } from '../kit.tokens.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
// the types of fastify.createRateLimit and of a route's `config.rateLimit`
import type {} from '@fastify/rate-limit';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const STAFF_RATE_LIMIT = 'collabo:staff-rate-limit';

export interface StaffRateLimitOptions {
  /** Requests per window per staff member; a function reads it per request (e.g. from the service's settings). */
  max: number | ((request: FastifyRequest) => number);
  /** Default: one minute. */
  timeWindowMs?: number;
}

/**
 * A route's own limit per staff member, counted after AuthGuard on the `sub` of the verified token (reads
 * and writes alike). Use it instead of `@RouteConfig({ rateLimit: { keyGenerator } })` for staff routes:
 * a route-config limit runs before the guards, so it can only read an unverified token, and a forged
 * token naming a colleague's `sub` would spend the colleague's budget. Over the limit: 429 problem+json
 * `COMMON.RATE_LIMITED` with Retry-After. The kit's write limit applies as well.
 */
export const StaffRateLimit = (options: StaffRateLimitOptions): MethodDecorator & ClassDecorator => SetMetadata(STAFF_RATE_LIMIT, options);

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/**
 * At most WRITE_RATE_LIMIT_PER_MINUTE writes (POST, PATCH, PUT, DELETE) a minute per caller, across all
 * write routes together: a runaway script or a stolen token cannot flood a service. It counts per staff
 * member, on the subject of the token AuthGuard verified (`verifiedActor`), not per address (staff share
 * the office's address); public writes count per address (`request.ip`, see TRUST_PROXY). A non-public
 * route without a verified actor is refused (401) and counted nowhere: if the guards ever ran in the
 * wrong order, the limit fails closed instead of counting a token it cannot trust. Routes with a limit of
 * their own (`@RouteConfig({ rateLimit })`, e.g. the token route) are left to it. Also enforces
 * `@StaffRateLimit`. Over the limit: 429 problem+json with Retry-After.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate, OnModuleInit {
  private fastify?: FastifyInstance;
  private limiter?: Limiter;
  private readonly routeLimiters = new Map<string, Limiter>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly reflector: Reflector,
    @Inject(KIT_ENV) private readonly env: BaseEnv,
  ) {}

  onModuleInit(): void {
    this.fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.limiter = this.fastify.createRateLimit({
      max: this.env.WRITE_RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: (req) => {
        const actor = verifiedActor(req);
        return actor ? `write:${actor.personId}` : `write-ip:${req.ip}`;
      },
    });
  }

  /** A plain `true` (no promise for Nest to await) for RPC, events, reads and routes with their own limit. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http' || !this.limiter) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const staffLimit = this.reflector.getAllAndOverride<StaffRateLimitOptions | undefined>(STAFF_RATE_LIMIT, targets);
    const write = !READS.has(request.method) && !request.routeOptions.config?.rateLimit;
    if (!write && !staffLimit) return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) === true;
    if (!isPublic && !verifiedActor(request)) throw new UnauthorizedError();
    return this.limit(request, write ? this.limiter : undefined, staffLimit);
  }

  private async limit(
    request: FastifyRequest,
    writeLimiter: Limiter | undefined,
    staffLimit: StaffRateLimitOptions | undefined,
  ): Promise<boolean> {
    const actor = verifiedActor(request);
    if (staffLimit && actor) {
      const result = await this.routeLimiter(request, staffLimit)(request);
      if (!result.isAllowed && result.isExceeded) {
        throw new TooManyRequestsError(
          'COMMON.RATE_LIMITED',
          `At most ${result.max} requests per ${Math.round((staffLimit.timeWindowMs ?? 60_000) / 1000)} s per user here; slow down.`,
          Math.max(1, result.ttlInSeconds),
        );
      }
    }
    if (!writeLimiter) return true;
    const result = await writeLimiter(request);
    if (!result.isAllowed && result.isExceeded) {
      throw new TooManyRequestsError(
        'COMMON.RATE_LIMITED',
        `At most ${result.max} changes a minute per user; slow down.`,
        Math.max(1, result.ttlInSeconds),
      );
    }
    return true;
  }

  /** One limiter per route (its own counters), keyed on the verified subject. */
  private routeLimiter(request: FastifyRequest, options: StaffRateLimitOptions): Limiter {
    const route = `${request.method} ${request.routeOptions.url ?? ''}`;
    let limiter = this.routeLimiters.get(route);
    if (!limiter) {
      const { max } = options;
      limiter = this.fastify!.createRateLimit({
        max: typeof max === 'number' ? max : (req: FastifyRequest) => max(req),
        timeWindow: options.timeWindowMs ?? 60_000,
        keyGenerator: (req) => `staff:${route}:${verifiedActor(req)!.personId}`,
      });
      this.routeLimiters.set(route, limiter);
    }
    return limiter;
  }
}
