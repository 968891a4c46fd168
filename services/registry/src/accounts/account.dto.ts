import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { StaffRoles, type StaffRole } from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.js';

export class InviteAccountDto {
  @ApiProperty({ description: 'The registered person who gets the account' }) @IsUUID() personId!: string;
  @ApiProperty({ enum: StaffRoles, isArray: true, example: ['coordinator'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(StaffRoles.length)
  @ArrayUnique()
  @IsIn(StaffRoles, { each: true })
  roles!: StaffRole[];
}

export class UpdateAccountDto {
  @ApiPropertyOptional({ enum: StaffRoles, isArray: true, description: 'Takes effect with the next token' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(StaffRoles.length)
  @ArrayUnique()
  @IsIn(StaffRoles, { each: true })
  roles?: StaffRole[];
  @ApiPropertyOptional({ description: 'A disabled account gets no more tokens' }) @IsOptional() @IsBoolean() disabled?: boolean;
  @ApiPropertyOptional({ description: 'true: clear failed logins and a lock' }) @IsOptional() @IsIn([true]) unlock?: true;
}

export class AccountQuery extends PageQuery {
  @ApiPropertyOptional({ enum: StaffRoles }) @IsOptional() @IsIn(StaffRoles) role?: StaffRole;
  @ApiPropertyOptional({ enum: ['invited', 'active', 'disabled'] }) @IsOptional() @IsIn(['invited', 'active', 'disabled']) status?: string;
}

export class TokenRequestDto {
  @ApiProperty({ example: 'admin@example.jp' }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(PASSWORD_MAX_LENGTH) password!: string;
}

export class SetPasswordDto {
  @ApiProperty({ description: 'The token of the invitation link' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'token is not a set-password token' })
  token!: string;
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}
