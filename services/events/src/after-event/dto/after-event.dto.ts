import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalField } from '../../http/validators.js';
import { FollowUpKinds, FollowUpStatuses, type ConnectionKind, type FollowUpKind, type FollowUpStatus } from '../after-event.entities.js';

export class QuestionnaireDto {
  @ApiProperty({ minimum: 1, maximum: 5, description: '1 = very dissatisfied … 5 = very satisfied (満足度)' })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction!: number;
  @ApiPropertyOptional({ maxLength: 4000 }) @OptionalField() @IsString() @MaxLength(4000) comments?: string;
  @ApiPropertyOptional({ description: 'Would come to such an event again' }) @OptionalField() @IsBoolean() wouldJoinAgain?: boolean;
}

export class CreateConnectionDto {
  @ApiProperty({ type: [String], minItems: 2, maxItems: 2, description: 'The two registrations (of this event) who met' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  registrationIds!: string[];
  @ApiPropertyOptional({ enum: ['business_cards', 'conversation'], default: 'business_cards' })
  @OptionalField()
  @IsIn(['business_cards', 'conversation'])
  kind?: ConnectionKind;
  @ApiPropertyOptional({ maxLength: 1000 }) @OptionalField() @IsString() @MaxLength(1000) note?: string;
}

export class CreateFollowUpDto {
  @ApiProperty({ enum: FollowUpKinds }) @IsIn(FollowUpKinds) kind!: FollowUpKind;
  @ApiProperty({ maxLength: 2000, example: '昆布の根の加工について北大の研究室を訪問' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  note!: string;
  @ApiProperty({ type: [String], minItems: 1, maxItems: 20, description: 'Registrations of this event taking part' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  registrationIds!: string[];
  @ApiPropertyOptional({ example: '2027-01-15', description: 'Date (YYYY-MM-DD)' })
  @OptionalField()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  @MinLength(10)
  dueOn?: string;
  @ApiPropertyOptional({ description: 'Staff member in charge (registry person id)' }) @OptionalField() @IsUUID() ownerId?: string;
}

export class UpdateFollowUpDto {
  @ApiPropertyOptional({ enum: FollowUpStatuses }) @OptionalField() @IsIn(FollowUpStatuses) status?: FollowUpStatus;
  @ApiPropertyOptional({ maxLength: 2000 }) @OptionalField() @IsString() @MinLength(1) @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @IsISO8601({ strict: true }) @MaxLength(10) @MinLength(10) dueOn?:
    string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Default when status becomes done: today (Tokyo)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  @MinLength(10)
  doneOn?: string | null;
}

export class FollowUpQuery extends PageQuery {
  @ApiPropertyOptional({ enum: FollowUpStatuses }) @IsOptional() @IsIn(FollowUpStatuses) status?: FollowUpStatus;
}
