import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FocusFields, MembershipRoles, type FocusField, type MembershipRole } from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsDateOnly } from '../http/validators.js';

export class CreateMembershipDto {
  @ApiProperty() @IsUUID() personId!: string;
  @ApiProperty({
    enum: MembershipRoles,
    description:
      '代表 representative, 副代表 deputy, 幹事 secretary, 会計監事 auditor, 事務局 office, 会員 member, 顧問 counsellor, アドバイザー advisor',
  })
  @IsIn(MembershipRoles)
  role!: MembershipRole;
  @ApiProperty({ example: '2003-04-01' }) @IsDateOnly() joinedOn!: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateOnly() leftOn?: string | null;
}

export class UpdateMembershipDto {
  @ApiPropertyOptional({
    enum: MembershipRoles,
    description: 'Corrects the current role (no history kept); a role change from a day on is POST /v1/memberships/:id/role-changes',
  })
  @IsOptional()
  @IsIn(MembershipRoles)
  role?: MembershipRole;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() joinedOn?: string;
  @ApiPropertyOptional({ nullable: true, description: 'The day the person left (null: still a member)' })
  @IsOptional()
  @IsDateOnly()
  leftOn?: string | null;
}

export class RoleChangeDto {
  @ApiProperty({ enum: MembershipRoles, description: 'The new role' }) @IsIn(MembershipRoles) role!: MembershipRole;
  @ApiProperty({ example: '2004-04-01', description: "The new role's first day; the current role ends the day before" })
  @IsDateOnly()
  from!: string;
}

export class MembersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only those who were members that day' }) @IsOptional() @IsDateOnly() activeOn?: string;
}

export class StudyGroupQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Bureau code of the area' }) @IsOptional() @IsString() @MaxLength(40) bureau?: string;
  @ApiPropertyOptional({ enum: FocusFields }) @IsOptional() @IsIn(FocusFields) focusField?: FocusField;
  @ApiPropertyOptional({ description: 'Only groups that existed that day' }) @IsOptional() @IsDateOnly() activeOn?: string;
}

export class StudyGroupReportQuery {
  @ApiProperty({ example: 1998, description: 'First fiscal year (年度, from 1 April)' })
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  from!: number;
  @ApiProperty({ example: 2003, description: 'Last fiscal year, at most 100 after the first' })
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  to!: number;
}
