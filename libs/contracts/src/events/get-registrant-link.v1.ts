import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Subjects } from '../subjects.js';

export const RegistrantLinkPurposes = ['seat-offer', 'questionnaire'] as const;
export type RegistrantLinkPurpose = (typeof RegistrantLinkPurposes)[number];

/**
 * Asked by the notifications service when it sends an email that links to a registrant's own page: the
 * events service answers the usable link (with the registrant's token), which exists from then on only in
 * the email on the wire. Only the notifications service's NATS user may publish this subject.
 *
 * Errors: `EVENTS.REGISTRATION_NOT_FOUND`, `EVENTS.SEAT_OFFER_NOT_FOUND` (no such offer for this registration).
 */
export namespace GetRegistrantLinkV1 {
  export const subject = Subjects.events.qry.registrantLink;
  export class Request {
    @IsUUID() registrationId!: string;
    @IsIn(RegistrantLinkPurposes) purpose!: RegistrantLinkPurpose;
    /** Required for `seat-offer`. */
    @IsOptional() @IsUUID() offerId?: string;
  }
  export class Response {
    @IsString() @MaxLength(2000) url!: string;
  }
}
