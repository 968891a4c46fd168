import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** An application was received (the receipt email). */
export namespace RegistrationReceivedV1 {
  export const subject = Subjects.events.evt.registrationReceived;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
  }
}
