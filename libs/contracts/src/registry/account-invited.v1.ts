import { IsArray, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUrl, IsUUID } from 'class-validator';
import { Languages, StaffRoles, type Language, type StaffRole } from '../common/enums.js';
import { Subjects } from '../subjects.js';

/** A staff account was invited; the email carries `setPasswordUrl`, which works once until `expiresAt`. */
export namespace AccountInvitedV1 {
  export const subject = Subjects.registry.evt.accountInvited;
  export class Data {
    @IsUUID() accountId!: string;
    @IsUUID() personId!: string;
    @IsEmail() email!: string;
    @IsString() displayName!: string;
    @IsIn(Languages) language!: Language;
    @IsArray() @IsIn(StaffRoles, { each: true }) roles!: StaffRole[];
    @IsUrl({ require_tld: false, require_protocol: true }) setPasswordUrl!: string;
    @IsISO8601() expiresAt!: string;
    @IsOptional() @IsUUID() invitedBy!: string | null;
  }
}
