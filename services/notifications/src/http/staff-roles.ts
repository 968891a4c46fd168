import type { StaffRole } from '@collabo/contracts';

/**
 * The foundation's own staff: who may read who was written to and what (deliveries, preferences). Not
 * advisors, who are outside experts: the records name applicants and attendees and tell what was sent about
 * proposals they are not assigned to.
 */
export const FOUNDATION_STAFF: StaffRole[] = ['admin', 'coordinator', 'viewer'];

/** Every staff role (previews of templates hold nobody's data). */
export const ALL_STAFF: StaffRole[] = ['admin', 'coordinator', 'advisor', 'viewer'];
