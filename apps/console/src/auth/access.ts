/** What each role may use: the navigation shows only these, and no screen fetches what its role may not read. */
import type { Role } from '../api/types';

export type Area = 'today' | 'registry' | 'proposals' | 'reports' | 'events' | 'mail' | 'deadLetters';

/** Mirrors the services' @Roles: KPI reports (admin, coordinator, viewer), delivery log and dead letters (admin, coordinator). */
export const AREA_ROLES: Record<Area, Role[]> = {
  today: ['admin', 'coordinator', 'advisor', 'viewer'],
  registry: ['admin', 'coordinator', 'advisor', 'viewer'],
  proposals: ['admin', 'coordinator', 'advisor', 'viewer'],
  reports: ['admin', 'coordinator', 'viewer'],
  events: ['admin', 'coordinator', 'advisor', 'viewer'],
  mail: ['admin', 'coordinator'],
  deadLetters: ['admin', 'coordinator'],
};

export const canUse = (roles: readonly Role[] | undefined, area: Area) => !!roles?.some((r) => AREA_ROLES[area].includes(r));

/** Staff who change things (the services' default writer roles). */
export const canWrite = (roles: readonly Role[] | undefined) => !!roles?.some((r) => r === 'admin' || r === 'coordinator');
