import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { StaffRoles, type StaffRole } from '../common/enums.js';
import { Subjects } from '../subjects.js';

export class StaffAccountV1 {
  @IsUUID() accountId!: string;
  @IsUUID() personId!: string;
  @IsArray() @IsIn(StaffRoles, { each: true }) roles!: StaffRole[];
}

/** Active (not disabled) staff accounts holding a role, e.g. every advisor for team suggestions. */
export namespace AccountsByRoleV1 {
  export const subject = Subjects.registry.qry.accountsByRole;
  export class Request {
    @IsIn(StaffRoles) role!: StaffRole;
  }
  export class Response {
    @ValidateNested({ each: true }) @Type(() => StaffAccountV1) accounts!: StaffAccountV1[];
    @IsBoolean() complete!: boolean;
  }
}
