import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { StaffRole } from '@collabo/contracts';
import type { Actor } from './token-verifier.js';

export const PUBLIC_ROUTE = 'collabo:public';
export const ROUTE_ROLES = 'collabo:roles';

/** No token needed (health, metrics, JWKS, the token route itself, public listings). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * The roles allowed on a route. Without it: any staff role may read (GET/HEAD), and only admins and
 * coordinators may write.
 */
export const Roles = (...roles: StaffRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

/** The authenticated staff member of the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const request = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!request.actor) throw new Error('CurrentActor used on a public route');
  return request.actor;
});

export const WRITER_ROLES: StaffRole[] = ['admin', 'coordinator'];
export const READER_ROLES: StaffRole[] = ['admin', 'coordinator', 'advisor', 'viewer'];

export function hasRole(actor: Actor, ...roles: StaffRole[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}
