import { Type } from 'class-transformer';
import { IsDefined, IsInt, Min, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** The event is full: the registrant waits at `position` (1 = next in line). */
export namespace RegistrationWaitlistedV1 {
  export const subject = Subjects.events.evt.registrationWaitlisted;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
    @IsInt() @Min(1) position!: number;
  }
}
