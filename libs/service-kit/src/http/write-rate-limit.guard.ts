import { Inject, Injectable, type CanActivate, type ExecutionContext, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Actor } from '../auth/token-verifier.js';
import type { BaseEnv } from '../config/env.js';
import { TooManyRequestsError } from '../errors/app-error.js';
import { KIT_ENV } from '../kit.tokens.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
// the types of fastify.createRateLimit and of a route's `config.rateLimit`
import type {} from '@fastify/rate-limit';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * At most WRITE_RATE_LIMIT_PER_MINUTE writes (POST, PATCH, PUT, DELETE) a minute per caller, across all
 * write routes together: a runaway script or a stolen token cannot flood a service. Runs after the
 * kit's AuthGuard (registered before it), so it counts per staff member (the token's subject), not
 * per address (staff share the office's address); public writes count per address. Routes with a
 * limit of their own (`@RouteConfig({ rateLimit })`, e.g. the token route) are left to it. Over the limit: 429 problem+json with
 * Retry-After.
 */
@Injectable()
export class WriteRateLimitGuard implements CanActivate, OnModuleInit {
  private limiter?: ReturnType<FastifyInstance['createRateLimit']>;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(KIT_ENV) private readonly env: BaseEnv,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    this.limiter = fastify.createRateLimit({
      max: this.env.WRITE_RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: (req) => {
        const actor = (req as FastifyRequest & { actor?: Actor }).actor;
        return actor ? `write:${actor.personId}` : `write-ip:${req.ip}`;
      },
    });
  }

  /** A plain `true` (no promise for Nest to await) for RPC, events, reads and routes with their own limit. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http' || !this.limiter) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (READS.has(request.method) || request.routeOptions.config?.rateLimit) return true;
    return this.limit(request, this.limiter);
  }

  private async limit(request: FastifyRequest, limiter: NonNullable<typeof this.limiter>): Promise<boolean> {
    const result = await limiter(request);
    if (!result.isAllowed && result.isExceeded) {
      throw new TooManyRequestsError(
        'COMMON.RATE_LIMITED',
        `At most ${result.max} changes a minute per user; slow down.`,
        Math.max(1, result.ttlInSeconds),
      );
    }
    return true;
  }
}
