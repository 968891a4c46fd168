import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/** A published event changed (time, venue, …): every active registrant is told. */
export namespace EventChangedV1 {
  export const subject = Subjects.events.evt.eventChanged;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsArray() @IsString({ each: true }) changedFields!: string[];
    @IsString() @MaxLength(2000) message!: string;
    @IsArray() @ValidateNested({ each: true }) @Type(() => RegistrationRefV1) registrations!: RegistrationRefV1[];
  }
}
