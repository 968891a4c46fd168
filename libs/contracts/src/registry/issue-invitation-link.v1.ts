import { IsISO8601, IsString, IsUUID, MaxLength } from 'class-validator';
import { Subjects } from '../subjects.js';

/**
 * Asked by the notifications service when it sends an invitation email: the registry mints a fresh
 * set-password token for the account's current invitation (the previous token of that invitation stops
 * working) and answers the usable link, which exists from then on only in the email on the wire.
 * Only the notifications service's NATS user may publish this subject.
 *
 * Errors: `REGISTRY.INVITATION_NOT_PENDING` (the account has no such invitation open: superseded, used
 * or expired), `REGISTRY.ACCOUNT_NOT_FOUND`.
 */
export namespace IssueInvitationLinkV1 {
  export const subject = Subjects.registry.cmd.invitationLinkIssue;
  export class Request {
    @IsUUID() accountId!: string;
    @IsUUID() invitationId!: string;
  }
  export class Response {
    @IsString() @MaxLength(2000) setPasswordUrl!: string;
    @IsISO8601() expiresAt!: string;
  }
}
