import { formatInstant } from '@collabo/calendar';
import {
  BadRequestError,
  ConflictError,
  KitErrors,
  NotFoundError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  type FieldError,
} from '@collabo/service-kit';

/**
 * The events service's error catalogue: its codes (stable strings that clients and other services rely on)
 * and one named AppError subclass per refusal. The kit maps them to problem+json over HTTP and to
 * `{ code, message, status, errors }` over RPC.
 */
export const EventsErrors = {
  eventNotFound: 'EVENTS.EVENT_NOT_FOUND',
  registrationNotFound: 'EVENTS.REGISTRATION_NOT_FOUND',
  offerNotFound: 'EVENTS.OFFER_NOT_FOUND',
  /** GetRegistrantLinkV1: no such seat offer for that registration. */
  registrantSeatOfferNotFound: 'EVENTS.SEAT_OFFER_NOT_FOUND',
  seatingNotFound: 'EVENTS.SEATING_NOT_FOUND',
  followUpNotFound: 'EVENTS.FOLLOW_UP_NOT_FOUND',
  lotteryNotFound: 'EVENTS.LOTTERY_NOT_FOUND',
  invalidTransition: 'EVENTS.INVALID_TRANSITION',
  registrationNotOpenYet: 'EVENTS.REGISTRATION_NOT_OPEN_YET',
  registrationClosed: 'EVENTS.REGISTRATION_CLOSED',
  eventCancelled: 'EVENTS.EVENT_CANCELLED',
  eventNotOpen: 'EVENTS.EVENT_NOT_OPEN',
  alreadyRegistered: 'EVENTS.ALREADY_REGISTERED',
  personNotFound: 'EVENTS.PERSON_NOT_FOUND',
  organizationNotFound: 'EVENTS.ORGANIZATION_NOT_FOUND',
  capacityBelowSeatsHeld: 'EVENTS.CAPACITY_BELOW_SEATS_HELD',
  offerExpired: 'EVENTS.OFFER_EXPIRED',
  offerNotOpen: 'EVENTS.OFFER_NOT_OPEN',
  checkInTokenUnknown: 'EVENTS.CHECK_IN_TOKEN_UNKNOWN',
  notConfirmed: 'EVENTS.NOT_CONFIRMED',
  registrationNotActive: 'EVENTS.REGISTRATION_NOT_ACTIVE',
  notALottery: 'EVENTS.NOT_A_LOTTERY',
  lotteryNotDue: 'EVENTS.LOTTERY_NOT_DUE',
  lotteryAlreadyDrawn: 'EVENTS.LOTTERY_ALREADY_DRAWN',
  noAttendees: 'EVENTS.SEATING_NO_ATTENDEES',
  invalidMove: 'EVENTS.SEATING_INVALID_MOVE',
  seatingTooLarge: 'EVENTS.SEATING_TOO_LARGE',
  notAttended: 'EVENTS.NOT_ATTENDED',
  connectionExists: 'EVENTS.CONNECTION_EXISTS',
  notAnAttendee: 'EVENTS.NOT_AN_ATTENDEE',
  eventNotStarted: 'EVENTS.EVENT_NOT_STARTED',
  /** Attendance by person is recorded for historical events only (others record it by registration). */
  eventNotHistorical: 'EVENTS.EVENT_NOT_HISTORICAL',
  /** The past-events CSV cannot be read as this import (encoding, syntax, header, no rows, too many rows). */
  csvUnreadable: 'EVENTS.CSV_UNREADABLE',
  /** A past-events CSV with bad rows was sent to be imported: nothing was written. */
  importInvalid: 'EVENTS.IMPORT_INVALID',
} as const;

export type EventsErrorCode = (typeof EventsErrors)[keyof typeof EventsErrors];

// ---- 404

export class EventNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(EventsErrors.eventNotFound, `No event ${id}.`);
  }
}

export class RegistrationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(EventsErrors.registrationNotFound, `No registration ${id}.`);
  }
}

export class SeatOfferNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(EventsErrors.offerNotFound, `No seat offer ${id}.`);
  }
}

/** GetRegistrantLinkV1 named an offer that does not exist or was made to another registration. */
export class RegistrantSeatOfferNotFoundError extends NotFoundError {
  constructor(registrationId: string, offerId: string) {
    super(EventsErrors.registrantSeatOfferNotFound, `No seat offer ${offerId} for registration ${registrationId}.`);
  }
}

export class SeatingNotFoundError extends NotFoundError {
  constructor() {
    super(EventsErrors.seatingNotFound, 'This event has no seating plan yet.');
  }
}

export class FollowUpNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(EventsErrors.followUpNotFound, `No follow-up ${id}.`);
  }
}

export class LotteryNotFoundError extends NotFoundError {
  constructor() {
    super(EventsErrors.lotteryNotFound, 'The lottery of this event has not been drawn.');
  }
}

/** A check-in token no registration of the event has (or that cannot be a token at all). */
export class CheckInTokenUnknownError extends NotFoundError {
  constructor() {
    super(EventsErrors.checkInTokenUnknown, 'No registration for this event has this check-in token.');
  }
}

// ---- 409: events

/** A status change the event's life cycle does not allow (e.g. publishing a cancelled event). */
export class InvalidTransitionError extends ConflictError {
  constructor(from: string, action: string, allowedFrom: readonly string[]) {
    super(EventsErrors.invalidTransition, `An event that is ${from} cannot be ${action}.`, { eventStatus: from, allowedFrom });
  }
}

/** Check-in, seating and the like on an event that is not (or no longer) open for it. */
export class EventNotOpenError extends ConflictError {
  constructor(eventStatus: string, message: string) {
    super(EventsErrors.eventNotOpen, message, { eventStatus });
  }
}

/** Something that needs the event to have started (completing it, recording attendance). */
export class EventNotStartedError extends ConflictError {
  constructor(message: string, startsAt?: Date) {
    super(EventsErrors.eventNotStarted, message, startsAt ? { startsAt: formatInstant(startsAt) } : {});
  }
}

export class CapacityBelowSeatsHeldError extends ConflictError {
  constructor(seatsHeld: number) {
    super(
      EventsErrors.capacityBelowSeatsHeld,
      `${seatsHeld} seats are taken; the capacity cannot go below that. Cancel registrations first.`,
      {
        seatsHeld,
      },
    );
  }
}

// ---- 409: registrations

/** Why `registrationWindow` (events/event-rules.ts) refuses a registration, and the code each reason answers. */
const REGISTRATION_REFUSALS = {
  EVENT_NOT_OPEN: EventsErrors.eventNotOpen,
  EVENT_CANCELLED: EventsErrors.eventCancelled,
  REGISTRATION_NOT_OPEN_YET: EventsErrors.registrationNotOpenYet,
  REGISTRATION_CLOSED: EventsErrors.registrationClosed,
} as const;

export type RegistrationRefusal = keyof typeof REGISTRATION_REFUSALS;

/** Registration refused because of the event's state or window (`at`: when the window opens or closed). */
export class RegistrationRefusedError extends ConflictError {
  constructor(refusal: RegistrationRefusal, message: string, at?: Date) {
    super(REGISTRATION_REFUSALS[refusal], message, at ? { at: formatInstant(at) } : {});
  }
}

export class AlreadyRegisteredError extends ConflictError {
  constructor(existingId: string) {
    super(EventsErrors.alreadyRegistered, 'This person already has an active registration for this event.', {
      existingId,
    });
  }
}

/** Cancelling a registration that is no longer active. */
export class RegistrationNotActiveError extends ConflictError {
  constructor(registrationStatus: string) {
    super(EventsErrors.registrationNotActive, `A registration that is ${registrationStatus} cannot be cancelled.`, {
      registrationStatus,
    });
  }
}

/** Check-in or attendance for a registration that holds no confirmed seat. */
export class RegistrationNotConfirmedError extends ConflictError {
  constructor(registration: { id: string; status: string }, purpose: 'check-in' | 'attendance') {
    super(
      EventsErrors.notConfirmed,
      purpose === 'check-in'
        ? `This registration is ${registration.status}; only confirmed registrations can check in.`
        : `This registration is ${registration.status}; attendance is recorded for confirmed registrations only.`,
      purpose === 'check-in'
        ? { registrationStatus: registration.status, registrationId: registration.id }
        : { registrationStatus: registration.status },
    );
  }
}

export class SeatOfferExpiredError extends ConflictError {
  constructor(expiredAt: Date) {
    const at = formatInstant(expiredAt);
    super(EventsErrors.offerExpired, `This seat offer expired at ${at} and the seat has passed to the next person on the waiting list.`, {
      expiredAt: at,
    });
  }
}

/** Accepting or declining an offer that was already accepted, declined or withdrawn. */
export class SeatOfferNotOpenError extends ConflictError {
  constructor(offerStatus: string) {
    super(EventsErrors.offerNotOpen, `This seat offer was ${offerStatus}.`, { offerStatus });
  }
}

// ---- 409: lottery

export class NotALotteryError extends ConflictError {
  constructor() {
    super(EventsErrors.notALottery, 'This event admits first come, first served.');
  }
}

export class LotteryNotDueError extends ConflictError {
  constructor(registrationClosesAt: Date) {
    const closes = formatInstant(registrationClosesAt);
    super(EventsErrors.lotteryNotDue, `Registration is open until ${closes}; draw after that.`, { registrationClosesAt: closes });
  }
}

export class LotteryAlreadyDrawnError extends ConflictError {
  constructor() {
    super(EventsErrors.lotteryAlreadyDrawn, 'The lottery of this event has been drawn already.');
  }
}

// ---- 409: seating and after the event

export class NoAttendeesToSeatError extends ConflictError {
  constructor() {
    super(EventsErrors.noAttendees, 'This event has no confirmed attendees to seat.');
  }
}

/** The questionnaire of someone who did not attend. */
export class NotAttendedError extends ConflictError {
  constructor(registrationStatus: string) {
    super(EventsErrors.notAttended, 'The questionnaire is for people who attended the event.', { registrationStatus });
  }
}

/** A connection or follow-up naming registrations that are not (attending) registrants of the event. */
export class NotAnAttendeeError extends ConflictError {
  constructor(message: string, registrationIds: string[]) {
    super(EventsErrors.notAnAttendee, message, { registrationIds });
  }
}

/** The two have already been recorded as having met (`existingId` when known). */
export class ConnectionExistsError extends ConflictError {
  constructor(existingId?: string) {
    super(EventsErrors.connectionExists, 'These two are already recorded as having met.', existingId ? { existingId } : {});
  }
}

/** Attendance by registry person on an event that is not historical (its attendance comes from check-in). */
export class EventNotHistoricalError extends ConflictError {
  constructor(eventId: string) {
    super(
      EventsErrors.eventNotHistorical,
      `Event ${eventId} is not historical: its attendance is recorded by check-in or on its registrations.`,
    );
  }
}

// ---- 400, 413, 415: a CSV upload

/** The body of a CSV import is not a CSV file (415). */
export class CsvBodyRequiredError extends UnsupportedMediaTypeError {
  constructor() {
    super(KitErrors.unsupportedMediaType, 'Send the CSV file itself as the body, with content-type text/csv.');
  }
}

/** The file cannot be read as this import's CSV (400): encoding, syntax, header, no rows, too many rows. */
export class CsvUnreadableError extends BadRequestError {
  constructor(message: string, errors: FieldError[] = []) {
    super(EventsErrors.csvUnreadable, message, errors);
  }
}

// ---- 422

/** An organisation the request names that the registry does not know (one field error per such field). */
export class OrganizationNotInRegistryError extends UnprocessableError {
  constructor(errors: FieldError[]) {
    super(EventsErrors.organizationNotFound, 'The registry does not know an organisation named in the request.', errors);
  }
}

/** People the request names that the registry does not know (one field error per such field). */
export class PeopleNotInRegistryError extends UnprocessableError {
  constructor(errors: FieldError[]) {
    super(EventsErrors.personNotFound, 'The registry does not know a person named in the request.', errors);
  }
}

/** A past-events CSV with bad rows, sent to be imported: every problem by line and column; nothing was written. */
export class ImportInvalidError extends UnprocessableError {
  constructor(invalid: number, rows: number, errors: FieldError[], report: object) {
    super(EventsErrors.importInvalid, `${invalid} of ${rows} rows are not valid; nothing was imported.`, errors, { report });
  }
}

/** A person the request names that the registry does not know. */
export class PersonNotInRegistryError extends UnprocessableError {
  constructor(personId: string) {
    super(EventsErrors.personNotFound, `The registry has no person ${personId}.`, [
      { field: 'personId', message: 'no such person in the registry' },
    ]);
  }
}

export class SeatingTooLargeError extends UnprocessableError {
  constructor(maxSeated: number) {
    super(EventsErrors.seatingTooLarge, `Seating plans are made for up to ${maxSeated} attendees.`);
  }
}

/** Hand moves of a seating plan that cannot be applied (none is). */
export class InvalidSeatMoveError extends UnprocessableError {
  constructor(errors: FieldError[]) {
    super(EventsErrors.invalidMove, 'The moves were not applied.', errors);
  }
}
