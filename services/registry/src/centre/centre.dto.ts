import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@collabo/service-kit';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsDateOnly } from '../http/validators.js';

export class CreateTenancyDto {
  @ApiProperty() @IsUUID() organizationId!: string;
  @ApiProperty({ example: '3F-305', maxLength: 50 }) @IsString() @MinLength(1) @MaxLength(50) room!: string;
  @ApiProperty({ example: '2003-04-01' }) @IsDateOnly() from!: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateOnly() to?: string | null;
  @ApiPropertyOptional({ nullable: true, maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) note?: string | null;
}

export class UpdateTenancyDto {
  @ApiPropertyOptional({ maxLength: 50 }) @IsOptional() @IsString() @MinLength(1) @MaxLength(50) room?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateOnly() from?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateOnly() to?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) note?: string | null;
}

export class TenancyQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ description: 'Only tenancies running that day' }) @IsOptional() @IsDateOnly() activeOn?: string;
}

export class CreateConsortiumMembershipDto {
  @ApiProperty({ description: 'The consortium, itself an organisation (e.g. the North Campus Research & Business Park)' })
  @IsUUID()
  consortiumId!: string;
  @ApiProperty() @IsUUID() organizationId!: string;
  @ApiProperty({ example: 2003 }) @IsInt() @Min(1900) @Max(2200) fiscalYear!: number;
  @ApiPropertyOptional({ default: 0, description: 'People contributed' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000)
  contributedPeople?: number;
  @ApiPropertyOptional({ default: 0, description: 'Money contributed, in yen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  contributedYen?: number;
  @ApiPropertyOptional({ nullable: true, description: 'Facilities contributed' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  contributedFacilities?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) note?: string | null;
}

export class UpdateConsortiumMembershipDto {
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100_000) contributedPeople?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(Number.MAX_SAFE_INTEGER) contributedYen?: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) contributedFacilities?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(1000) note?: string | null;
}

export class ConsortiumQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() consortiumId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(2200) fiscalYear?: number;
  @ApiPropertyOptional({ enum: ['organization', 'fiscalYear'] }) @IsOptional() @IsIn(['organization', 'fiscalYear']) sort?: string;
}

export class CentreReportQuery {
  @ApiProperty({ example: 2025, description: 'The fiscal year (年度), named by the year it starts in (1 April)' })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  fiscalYear!: number;
}
