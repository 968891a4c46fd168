import { ConflictError, NotFoundError, UnprocessableError, type FieldError } from '@collabo/service-kit';

/** The events service's error codes: stable strings that clients and other services can rely on. */
export const EventsErrorCodes = {
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
} as const;

export class EventNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(EventsErrorCodes.eventNotFound, `No event ${id}.`);
  }
}

export class RegistrationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(EventsErrorCodes.registrationNotFound, `No registration ${id}.`);
  }
}

export class SeatOfferNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(EventsErrorCodes.offerNotFound, `No seat offer ${id}.`);
  }
}

/** GetRegistrantLinkV1 named an offer that does not exist or was made to another registration. */
export class RegistrantSeatOfferNotFoundError extends NotFoundError {
  constructor(registrationId: string, offerId: string) {
    super(EventsErrorCodes.registrantSeatOfferNotFound, `No seat offer ${offerId} for registration ${registrationId}.`);
  }
}

/** A status change the event's life cycle does not allow (e.g. publishing a cancelled event). */
export class InvalidTransitionError extends ConflictError {
  constructor(from: string, action: string, allowedFrom: readonly string[]) {
    super(EventsErrorCodes.invalidTransition, `An event that is ${from} cannot be ${action}.`, { eventStatus: from, allowedFrom });
  }
}

/** Registration refused because of the event's state or window. */
export class RegistrationRefusedError extends ConflictError {
  constructor(code: string, message: string, extra: Record<string, unknown> = {}) {
    super(code, message, extra);
  }
}

export class AlreadyRegisteredError extends ConflictError {
  constructor(existingId: string) {
    super(EventsErrorCodes.alreadyRegistered, 'This person already has an active registration for this event.', {
      existingId,
    });
  }
}

export class SeatOfferExpiredError extends ConflictError {
  constructor(expiredAt: string) {
    super(
      EventsErrorCodes.offerExpired,
      `This seat offer expired at ${expiredAt} and the seat has passed to the next person on the waiting list.`,
      { expiredAt },
    );
  }
}

/** Something the request names does not exist in the registry. */
export class RegistryReferenceError extends UnprocessableError {
  constructor(code: string, message: string, errors: FieldError[]) {
    super(code, message, errors);
  }
}
