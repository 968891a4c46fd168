import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** A seat was freed and is offered to the next in line until `expiresAt`; `acceptUrl` accepts it. */
export namespace RegistrationSeatOfferedV1 {
  export const subject = Subjects.events.evt.registrationSeatOffered;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
    @IsUUID() offerId!: string;
    @IsISO8601() expiresAt!: string;
    @IsString() @MaxLength(2000) acceptUrl!: string;
  }
}
