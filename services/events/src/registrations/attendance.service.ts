import { ConflictError, NotFoundError } from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { EventNotFoundError, EventsErrorCodes, RegistrationNotFoundError } from '../common/errors.js';
import { normalizeToken } from '../common/tokens.js';
import { ExchangeEvent } from '../events/exchange-event.entity.js';
import { Registration } from './registration.entity.js';
import { SeatAllocation } from './seat-allocation.js';

const CHECK_IN_STATUSES = ['published', 'changed', 'completed'];

/** Check-in at the door (by the QR token) and attendance corrections by staff. */
@Injectable()
export class AttendanceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly seats: SeatAllocation,
    private readonly clock: Clock,
  ) {}

  async checkIn(eventId: string, token: string): Promise<{ registration: Registration; alreadyCheckedIn: boolean }> {
    const normalized = normalizeToken(token);
    return this.dataSource.transaction(async (tx) => {
      const event = await tx.getRepository(ExchangeEvent).findOneBy({ id: eventId });
      if (!event) throw new EventNotFoundError(eventId);
      if (!CHECK_IN_STATUSES.includes(event.status)) {
        throw new ConflictError(EventsErrorCodes.eventNotOpen, `Check-in is not possible for an event that is ${event.status}.`, {
          eventStatus: event.status,
        });
      }
      const registration = normalized
        ? await tx
            .getRepository(Registration)
            .findOne({ where: { eventId, checkInToken: normalized }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!registration) {
        throw new NotFoundError(EventsErrorCodes.checkInTokenUnknown, 'No registration for this event has this check-in token.');
      }
      if (registration.status === 'attended') return { registration, alreadyCheckedIn: true };
      if (registration.status !== 'confirmed' && registration.status !== 'no_show') {
        throw new ConflictError(
          EventsErrorCodes.notConfirmed,
          `This registration is ${registration.status}; only confirmed registrations can check in.`,
          { registrationStatus: registration.status, registrationId: registration.id },
        );
      }
      await this.seats.update(tx, registration, { status: 'attended', checkedInAt: this.clock.now() });
      return { registration, alreadyCheckedIn: false };
    });
  }

  async setAttendance(registrationId: string, attended: boolean): Promise<Registration> {
    return this.dataSource.transaction(async (tx) => {
      const registration = await tx
        .getRepository(Registration)
        .findOne({ where: { id: registrationId }, lock: { mode: 'pessimistic_write' } });
      if (!registration) throw new RegistrationNotFoundError(registrationId);
      if (!['confirmed', 'attended', 'no_show'].includes(registration.status)) {
        throw new ConflictError(
          EventsErrorCodes.notConfirmed,
          `This registration is ${registration.status}; attendance is recorded for confirmed registrations only.`,
          { registrationStatus: registration.status },
        );
      }
      const event = await tx.getRepository(ExchangeEvent).findOneByOrFail({ id: registration.eventId });
      if (this.clock.now().getTime() < event.startsAt.getTime()) {
        throw new ConflictError(EventsErrorCodes.eventNotStarted, 'Attendance can be recorded once the event has started.');
      }
      return this.seats.update(
        tx,
        registration,
        attended
          ? { status: 'attended', checkedInAt: registration.checkedInAt ?? this.clock.now() }
          : { status: 'no_show', checkedInAt: null },
      );
    });
  }
}
