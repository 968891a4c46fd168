import { Type } from 'class-transformer';
import { IsDefined, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** A seat offer ran out unanswered; the seat passes to the next in line. */
export namespace RegistrationOfferExpiredV1 {
  export const subject = Subjects.events.evt.registrationOfferExpired;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
    @IsUUID() offerId!: string;
  }
}
