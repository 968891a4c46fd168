import { Clock } from '@collabo/service-kit';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  CheckInTokenUnknownError,
  EventNotFoundError,
  EventNotOpenError,
  EventNotStartedError,
  RegistrationNotConfirmedError,
  RegistrationNotFoundError,
} from '../errors.js';
import { normalizeToken } from './tokens.js';
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
        throw new EventNotOpenError(event.status, `Check-in is not possible for an event that is ${event.status}.`);
      }
      const registration = normalized
        ? await tx
            .getRepository(Registration)
            .findOne({ where: { eventId, checkInToken: normalized }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!registration) throw new CheckInTokenUnknownError();
      if (registration.status === 'attended') return { registration, alreadyCheckedIn: true };
      if (registration.status !== 'confirmed' && registration.status !== 'no_show') {
        throw new RegistrationNotConfirmedError(registration, 'check-in');
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
        throw new RegistrationNotConfirmedError(registration, 'attendance');
      }
      const event = await tx.getRepository(ExchangeEvent).findOneByOrFail({ id: registration.eventId });
      if (this.clock.now().getTime() < event.startsAt.getTime()) {
        throw new EventNotStartedError('Attendance can be recorded once the event has started.');
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
