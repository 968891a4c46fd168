import { Type } from 'class-transformer';
import { IsArray, IsDefined, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** The day before an event: emitted once per event (even with several replicas), to the confirmed registrants. */
export namespace ReminderDueV1 {
  export const subject = Subjects.events.evt.reminderDue;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsArray() @ValidateNested({ each: true }) @Type(() => RegistrationRefV1) registrations!: RegistrationRefV1[];
  }
}
