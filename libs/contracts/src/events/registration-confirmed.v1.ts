import { Type } from 'class-transformer';
import { IsDefined, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** A seat is confirmed. `calendar` is the registration's iCalendar entry; `checkInToken` goes into the QR code. */
export namespace RegistrationConfirmedV1 {
  export const subject = Subjects.events.evt.registrationConfirmed;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
    @IsString() @MaxLength(200) checkInToken!: string;
    @IsString() @MaxLength(20000) calendar!: string;
  }
}
