import { IsBoolean, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { Subjects } from '../subjects.js';

/**
 * What a registry person may consent to (issue #20): being listed in member directories, on attendee lists, and
 * receiving the foundation's news by email. The registry records each with its date and source.
 */
export const ConsentPurposes = ['directory_listing', 'attendee_listing', 'news'] as const;
export type ConsentPurpose = (typeof ConsentPurposes)[number];

/**
 * The person's own link to withdraw a consent (no account needed), for an email about that purpose: signed by the
 * registry (CONSENT_LINK_SECRET), without expiry. Secret-bearing like the invitation links: meant for the
 * notifications service only, which puts it in the message on the wire and never stores it unmasked.
 *
 * Errors: `REGISTRY.PERSON_NOT_FOUND`.
 */
export namespace GetConsentWithdrawalLinkV1 {
  export const subject = Subjects.registry.qry.consentWithdrawalLinkGet;
  export class Request {
    @IsUUID() personId!: string;
    @IsIn(ConsentPurposes) purpose!: ConsentPurpose;
  }
  export class Response {
    @IsString() @MaxLength(2000) withdrawalUrl!: string;
    /** Whether the person's consent for that purpose is in force now (a link to a withdrawn one changes nothing). */
    @IsBoolean() inForce!: boolean;
  }
}
