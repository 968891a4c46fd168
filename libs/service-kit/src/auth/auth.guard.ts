import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { StaffRole } from '@collabo/contracts';
import { setActor } from '../context/request-context.js';
import { ForbiddenError, UnauthorizedError } from '../errors/app-error.js';
import { PUBLIC_ROUTE, READER_ROLES, ROUTE_ROLES, WRITER_ROLES } from './decorators.js';
import { TokenVerifier, type Actor } from './token-verifier.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Every HTTP route needs a valid token unless marked @Public(); roles as declared by @Roles() or the default. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<{
      method: string;
      headers: Record<string, string | undefined>;
      actor?: Actor;
    }>();
    const header = request.headers['authorization'];
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_.-]{10,4096})$/.exec(header.trim()) : null;
    if (!match) throw new UnauthorizedError();
    const actor = await this.verifier.verify(match[1]!);
    const allowed =
      this.reflector.getAllAndOverride<StaffRole[]>(ROUTE_ROLES, targets) ??
      (SAFE_METHODS.has(request.method) ? READER_ROLES : WRITER_ROLES);
    if (!actor.roles.some((r) => allowed.includes(r))) throw new ForbiddenError();
    request.actor = actor;
    setActor(actor.personId);
    return true;
  }
}
