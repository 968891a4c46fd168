import type { StaffRole } from '@collabo/contracts';
import { Roles } from '@collabo/service-kit';

/**
 * Staff readers other than advisors. Advisors are outside experts who review the proposals assigned to
 * them (in the proposals service); they never read registrants' personal data here (registrations,
 * questionnaire answers, who met whom, follow-ups between registrants, the attendee list) nor the
 * proposals that came out of an event, since this service does not know their assignments.
 */
export const STAFF_EXCEPT_ADVISORS: StaffRole[] = ['admin', 'coordinator', 'viewer'];

/** A read route closed to advisors (403 problem+json `AUTH.FORBIDDEN`). */
export const StaffExceptAdvisors = (): MethodDecorator & ClassDecorator => Roles(...STAFF_EXCEPT_ADVISORS);
