import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import { KIT_ENV, StaffRateLimit } from '@collabo/service-kit';
import type { FastifyRequest } from 'fastify';
import type { NotificationsEnv } from '../config/notifications-env.js';

/**
 * The routes with a request-rate limit of their own, per minute, counted per replica (in memory), per route.
 * Over the limit: 429 problem+json `COMMON.RATE_LIMITED` with Retry-After.
 */
export type StaffRateLimitedRoute = 'resend' | 'preferences' | 'preview';
export type PublicRateLimitedRoute = 'unsubscribe';
export type RateLimitedRoute = StaffRateLimitedRoute | PublicRateLimitedRoute;

export const RATE_LIMIT_DEFAULTS: Record<RateLimitedRoute, number> = { resend: 30, preferences: 60, preview: 60, unsubscribe: 30 };

const WINDOW_MS = 60_000;

/** Where each app keeps its limits: on its Fastify instance, so two apps in one process keep their own. */
const LIMITS = Symbol('notifications.rateLimits');

type WithLimits = { [LIMITS]?: Record<RateLimitedRoute, number> };

function limitOf(request: FastifyRequest, route: RateLimitedRoute): number {
  return (request.server as unknown as WithLimits)[LIMITS]?.[route] ?? RATE_LIMIT_DEFAULTS[route];
}

/**
 * A staff route's limit (`<ROUTE>_RATE_LIMIT_PER_MINUTE`) per staff member: the kit's `@StaffRateLimit`,
 * counted after the AuthGuard on the subject of the VERIFIED token (staff who share the office's address do
 * not slow each other down). A forged token naming a colleague's `sub` gets 401 and spends nothing of the
 * colleague's budget. Not a route-level `@RouteConfig` limit: that runs before the guards, on a token nobody
 * has checked yet.
 */
export function StaffRateLimited(route: StaffRateLimitedRoute): MethodDecorator {
  return StaffRateLimit({ max: (request) => limitOf(request, route), timeWindowMs: WINDOW_MS });
}

/**
 * A public route's limit (`<ROUTE>_RATE_LIMIT_PER_MINUTE`) per client address (`request.ip`, see the kit's
 * TRUST_PROXY): a route-level @fastify/rate-limit (registered by the kit with `global: false`), which runs
 * before the guards and reads nothing but the address.
 */
export function PerAddressRateLimited(route: PublicRateLimitedRoute): MethodDecorator {
  return RouteConfig({
    rateLimit: {
      max: (request: FastifyRequest) => limitOf(request, route),
      timeWindow: WINDOW_MS,
      keyGenerator: (request: FastifyRequest) => `ip:${request.ip}`,
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

/** The routes' request-rate limits of the environment (the decorators above read them per app). */
@Module({ providers: [RateLimitSettings] })
export class RateLimitsModule {}
