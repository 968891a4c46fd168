/** What each role may use: the navigation shows only these, and no screen fetches what its role may not read. */
import type { Role } from '../api/types';

export type Area = 'today' | 'registry' | 'proposals' | 'reports' | 'events' | 'mail' | 'deadLetters' | 'privacy';

/**
 * Mirrors the services' @Roles: KPI reports (admin, coordinator, viewer), delivery log and dead letters (admin,
 * coordinator), privacy requests (registry's PrivacyRequestsController: admin only).
 */
export const AREA_ROLES: Record<Area, Role[]> = {
  today: ['admin', 'coordinator', 'advisor', 'viewer'],
  registry: ['admin', 'coordinator', 'advisor', 'viewer'],
  proposals: ['admin', 'coordinator', 'advisor', 'viewer'],
  reports: ['admin', 'coordinator', 'viewer'],
  events: ['admin', 'coordinator', 'advisor', 'viewer'],
  mail: ['admin', 'coordinator'],
  deadLetters: ['admin', 'coordinator'],
  privacy: ['admin'],
};

export const canUse = (roles: readonly Role[] | undefined, area: Area) => !!roles?.some((r) => AREA_ROLES[area].includes(r));

/** Staff who change things (the services' default writer roles). */
export const canWrite = (roles: readonly Role[] | undefined) => !!roles?.some((r) => r === 'admin' || r === 'coordinator');

/**
 * Screens inside the areas that fewer roles may use (registry, mail, reports), mirroring the services' @Roles:
 * staff accounts (registry: admin); CSV imports and merges (the default writers: admin, coordinator); an email as
 * sent and its resend (notifications' DELIVERY_LOG_ROLES: admin, coordinator); a person's email preferences
 * (notifications' FOUNDATION_STAFF: admin, coordinator, viewer; changed by admin and coordinator).
 */
export type Screen = 'accounts' | 'imports' | 'merge' | 'delivery' | 'preferences' | 'peopleExport';
export const SCREEN_ROLES: Record<Screen, Role[]> = {
  accounts: ['admin'],
  imports: ['admin', 'coordinator'],
  merge: ['admin', 'coordinator'],
  delivery: ['admin', 'coordinator'],
  preferences: ['admin', 'coordinator', 'viewer'],
  peopleExport: ['admin', 'coordinator'],
};
export const canSee = (roles: readonly Role[] | undefined, screen: Screen) => !!roles?.some((r) => SCREEN_ROLES[screen].includes(r));

/**
 * Event, proposal and person parts that only some roles may read (services/events: `@Roles`, `StaffExceptAdvisors`;
 * services/proposals: `@Roles`); a screen fetches a part only for these roles.
 */
export const PART_ROLES = {
  eventRegistrations: ['admin', 'coordinator'],
  eventSeating: ['admin', 'coordinator'],
  eventLottery: ['admin', 'coordinator', 'advisor', 'viewer'],
  eventFollowUps: ['admin', 'coordinator', 'viewer'],
  eventAttendeeList: ['admin', 'coordinator', 'viewer'],
  registrationCalendar: ['admin', 'coordinator', 'viewer'],
  proposalAssignments: ['admin', 'coordinator', 'advisor'],
  proposalReviewSummary: ['admin', 'coordinator'],
  proposalTeam: ['admin', 'coordinator', 'advisor', 'viewer'],
  proposalTeamSuggestions: ['admin', 'coordinator'],
  proposalOutcomes: ['admin', 'coordinator', 'advisor', 'viewer'],
  /** registry ConsentsController: a person's consents, read and recorded (admin, coordinator) */
  personConsents: ['admin', 'coordinator'],
} as const satisfies Record<string, readonly Role[]>;
export type Part = keyof typeof PART_ROLES;
export const mayRead = (roles: readonly Role[] | undefined, part: Part) =>
  !!roles?.some((r) => (PART_ROLES[part] as readonly Role[]).includes(r));
