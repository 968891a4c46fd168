import { Type } from 'class-transformer';
import { IsDefined, IsIn, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** A registration was cancelled (by the registrant or staff). */
export namespace RegistrationCancelledV1 {
  export const subject = Subjects.events.evt.registrationCancelled;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
    @IsIn(['registrant', 'staff', 'event_cancelled']) cancelledBy!: 'registrant' | 'staff' | 'event_cancelled';
  }
}
