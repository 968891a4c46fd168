import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsUUID, Matches, MaxLength, ValidateNested } from 'class-validator';
import { MASKED_URL_PATTERN } from '../common/secret-links.js';
import { Subjects } from '../subjects.js';
import { EventRefV1, RegistrationRefV1 } from './models.js';

/**
 * A seat was freed and is offered to the next in line until `expiresAt`. `maskedAcceptUrl` is the accept
 * link with the registrant's token shown as `•••`; the sender asks for the real one with
 * {@link GetRegistrantLinkV1} (`purpose: 'seat-offer'`) at send time.
 *
 * Replaces v1, which carried the usable accept link.
 */
export namespace RegistrationSeatOfferedV2 {
  export const subject = Subjects.events.evt.registrationSeatOffered;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsDefined() @ValidateNested() @Type(() => RegistrationRefV1) registration!: RegistrationRefV1;
    @IsUUID() offerId!: string;
    @IsISO8601() expiresAt!: string;
    @Matches(MASKED_URL_PATTERN, { message: '$property must be a link whose token is masked (•••)' })
    @MaxLength(2000)
    maskedAcceptUrl!: string;
  }
}
