import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { StaffRole } from '@collabo/contracts';
import { setActor } from '../context/request-context.js';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error.js';
import { PUBLIC_ROUTE, READER_ROLES, ROUTE_ROLES, WRITER_ROLES } from './decorators.js';
import { TokenVerifier, type Actor } from './token-verifier.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Where AuthGuard keeps the actor of a token whose signature, issuer, audience and expiry it verified. */
const VERIFIED_ACTOR = Symbol('collabo.verifiedActor');

/**
 * The staff member whose token AuthGuard verified for this request, or undefined (public route, or the
 * guard has not run). Per-staff limits key on this, never on a claim read from an unverified token: a
 * forged token naming someone else's `sub` gets 401 before anything counts it.
 */
export function verifiedActor(request: object): Actor | undefined {
  return (request as { [VERIFIED_ACTOR]?: Actor })[VERIFIED_ACTOR];
}

interface AuthenticatedRequest {
  method: string;
  headers: Record<string, string | undefined>;
  actor?: Actor;
}

/** Every HTTP route needs a valid token unless marked @Public(); roles as declared by @Roles() or the default. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  /** A plain `true` (no promise for Nest to await) where there is nothing to check: RPC, events, public routes. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    return this.authenticate(context);
  }

  /** Synchronous for a token verified within the minute (TokenVerifier.remembered): no promise per request. */
  private authenticate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]{10,4096})$/.exec(header.trim()) : null;
    if (!match) throw new UnauthorizedError();
    const token = match[1]!;
    const known = this.verifier.remembered(token);
    if (known) return this.admit(context, request, known);
    return this.verifier.verify(token).then((actor) => this.admit(context, request, actor));
  }

  /** The actor's roles against the route's; the actor kept on the request and in the request's context. */
  private admit(context: ExecutionContext, request: AuthenticatedRequest, actor: Actor): boolean {
    const allowed =
      this.reflector.getAllAndOverride<StaffRole[]>(ROUTE_ROLES, [context.getHandler(), context.getClass()]) ??
      (SAFE_METHODS.has(request.method) ? READER_ROLES : WRITER_ROLES);
    if (!actor.roles.some((r) => allowed.includes(r))) throw new ForbiddenError();
    request.actor = actor;
    (request as { [VERIFIED_ACTOR]?: Actor })[VERIFIED_ACTOR] = actor;
    setActor(actor.personId);
    return true;
  }
}
