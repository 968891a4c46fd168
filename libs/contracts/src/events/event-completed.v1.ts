import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

export class AttendeeV1 {
  @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
  /** The registrant's own link to the questionnaire (their registration token is in it). */
  @IsString() @MaxLength(2000) questionnaireUrl!: string;
}

/** An event was marked completed: the attendees are thanked and asked to answer the questionnaire. */
export namespace EventCompletedV1 {
  export const subject = Subjects.events.evt.eventCompleted;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsArray() @ValidateNested({ each: true }) @Type(() => AttendeeV1) attendees!: AttendeeV1[];
  }
}
