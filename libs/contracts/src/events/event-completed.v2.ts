import { Type } from 'class-transformer';
import { IsArray, IsDefined, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MASKED_URL_PATTERN } from '../common/secret-links.js';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

export class AttendeeV2 {
  @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
  /**
   * The attendee's questionnaire link with their token shown as `•••`; the sender asks for the real one
   * with {@link GetRegistrantLinkV1} (`purpose: 'questionnaire'`) at send time.
   */
  @Matches(MASKED_URL_PATTERN, { message: '$property must be a link whose token is masked (•••)' })
  @MaxLength(2000)
  maskedQuestionnaireUrl!: string;
}

/**
 * An event was marked completed: the attendees are thanked and asked to answer the questionnaire.
 * Replaces v1, whose attendees carried usable questionnaire links.
 */
export namespace EventCompletedV2 {
  export const subject = Subjects.events.evt.eventCompleted;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsArray() @ValidateNested({ each: true }) @Type(() => AttendeeV2) attendees!: AttendeeV2[];
  }
}
