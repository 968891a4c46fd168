import type { StaffRole } from '@collabo/contracts';

/**
 * The foundation's own staff: who may read who was written to and what (deliveries, preferences). Not
 * advisors, who are outside experts: the records name applicants and attendees and tell what was sent about
 * proposals they are not assigned to.
 */
export const FOUNDATION_STAFF: StaffRole[] = ['admin', 'coordinator', 'viewer'];

/**
 * Who may read the delivery log (and resend, and the dead letters): the people who run the mailings. Not
 * viewers: a delivery is the email as sent, and even with its secret links masked it names applicants,
 * attendees and invited staff; before the links were masked a viewer could read an admin's set-password
 * link there. Not advisors (outside experts) either.
 */
export const DELIVERY_LOG_ROLES: StaffRole[] = ['admin', 'coordinator'];

/** Every staff role (previews of templates hold nobody's data). */
export const ALL_STAFF: StaffRole[] = ['admin', 'coordinator', 'advisor', 'viewer'];
