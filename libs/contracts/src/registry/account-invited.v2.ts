import { IsArray, IsEmail, IsISO8601, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Languages, StaffRoles, type Language, type StaffRole } from '../common/enums.js';
import { MASKED_URL_PATTERN } from '../common/secret-links.js';
import { Subjects } from '../subjects.js';

/**
 * A staff account was invited (or asked for a new set-password link). The event carries no secret:
 * `maskedSetPasswordUrl` is the link with its token shown as `•••`, and the sender asks the registry for
 * the real link at send time with {@link IssueInvitationLinkV1} (`invitationId` names this invitation).
 *
 * Replaces v1, which carried the usable link in its payload (and so in the outbox and dead letters).
 */
export namespace AccountInvitedV2 {
  export const subject = Subjects.registry.evt.accountInvited;
  export class Data {
    @IsUUID() accountId!: string;
    @IsUUID() personId!: string;
    /** Changes with every invitation or new link the account is sent; earlier ones stop working. */
    @IsUUID() invitationId!: string;
    @IsEmail() email!: string;
    @IsString() displayName!: string;
    @IsIn(Languages) language!: Language;
    @IsArray() @IsIn(StaffRoles, { each: true }) roles!: StaffRole[];
    @Matches(MASKED_URL_PATTERN, { message: '$property must be a link whose token is masked (•••)' })
    @MaxLength(2000)
    maskedSetPasswordUrl!: string;
    @IsISO8601() expiresAt!: string;
    @IsOptional() @IsUUID() invitedBy!: string | null;
  }
}
