import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { KIT_ENV } from '@collabo/service-kit';
import type { FastifyRequest } from 'fastify';
import type { NotificationsEnv } from '../config/notifications-env.js';

/**
 * The routes with a request-rate limit of their own, per minute (the kit registers @fastify/rate-limit with
 * `global: false`; each of these routes opts in). Over the limit: 429 problem+json `COMMON.RATE_LIMITED` with
 * Retry-After. Counted per replica (in memory), per route.
 */
export type RateLimitedRoute = 'resend' | 'preferences' | 'preview' | 'unsubscribe';

/** Who a request counts for: a staff member (by the token's subject) or, for public routes, the client address. */
const STAFF_ROUTES: ReadonlySet<RateLimitedRoute> = new Set(['resend', 'preferences', 'preview']);

export const RATE_LIMIT_DEFAULTS: Record<RateLimitedRoute, number> = { resend: 30, preferences: 60, preview: 60, unsubscribe: 30 };

/** Where each app keeps its limits: on its Fastify instance, so two apps in one process keep their own. */
const LIMITS = Symbol('notifications.rateLimits');

type WithLimits = { [LIMITS]?: Record<RateLimitedRoute, number> };

function limitOf(request: FastifyRequest, route: RateLimitedRoute): number {
  return (request.server as unknown as WithLimits)[LIMITS]?.[route] ?? RATE_LIMIT_DEFAULTS[route];
}

/**
 * A staff route's bucket: the person the bearer token names (staff who share the office's address do not
 * slow each other down); without a readable token, the address. The token is only read here, not verified:
 * a forged one gets a bucket of its own and then a 401 from the guard, which writes nothing.
 */
export function staffClientKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const payload = typeof header === 'string' ? /^Bearer [A-Za-z0-9_-]+\.([A-Za-z0-9_-]{1,4096})\./.exec(header.trim())?.[1] : undefined;
  if (payload) {
    try {
      const sub = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: unknown }).sub;
      if (typeof sub === 'string' && sub.length > 0 && sub.length <= 100) return `sub:${sub}`;
    } catch {
      // not a token we can read: counted by address
    }
  }
  return `ip:${request.ip}`;
}

function publicClientKey(request: FastifyRequest): string {
  return `ip:${request.ip}`;
}

/** Opts a route into its limit (`<ROUTE>_RATE_LIMIT_PER_MINUTE`). */
export function RateLimited(route: RateLimitedRoute): MethodDecorator {
  return RouteConfig({
    rateLimit: {
      max: (request: FastifyRequest) => limitOf(request, route),
      timeWindow: 60_000,
      keyGenerator: STAFF_ROUTES.has(route) ? staffClientKey : publicClientKey,
    },
  });
}

/** Hands the limits of the environment to this app's Fastify instance, before it serves. */
@Injectable()
export class RateLimitSettings implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(KIT_ENV) private readonly env: NotificationsEnv,
  ) {}

  onModuleInit(): void {
    const instance = this.adapterHost.httpAdapter?.getInstance() as WithLimits | undefined;
    if (!instance) return;
    instance[LIMITS] = {
      resend: this.env.RESEND_RATE_LIMIT_PER_MINUTE,
      preferences: this.env.PREFERENCES_RATE_LIMIT_PER_MINUTE,
      preview: this.env.PREVIEW_RATE_LIMIT_PER_MINUTE,
      unsubscribe: this.env.UNSUBSCRIBE_RATE_LIMIT_PER_MINUTE,
    };
  }
}
