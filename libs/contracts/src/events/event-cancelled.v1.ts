import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/**
 * An event was cancelled: every active registrant is told. `registrations` are the ones that were
 * active at that moment; they are cancelled with the event, so their status here is `cancelled`.
 */
export namespace EventCancelledV1 {
  export const subject = Subjects.events.evt.eventCancelled;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsString() @MaxLength(2000) reason!: string;
    @IsArray() @ValidateNested({ each: true }) @Type(() => RegistrationRefV1) registrations!: RegistrationRefV1[];
  }
}
