import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsNotBlank } from '../../http/validators.js';
import { TeamRoles, type TeamRole } from '../team.entity.js';

export class TeamMemberDto {
  @ApiProperty({ format: 'uuid', description: 'Registry person id.' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: TeamRoles })
  @IsIn(TeamRoles)
  role!: TeamRole;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Needed for an advisor with a conflict of interest: why they join anyway.' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxLength(2000)
  waiverReason?: string;
}

export class SetTeamDto {
  @ApiProperty({ type: [TeamMemberDto], description: 'At least one coordinator and one advisor; each person once.' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  members!: TeamMemberDto[];
}

export class SuggestionQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;
}
