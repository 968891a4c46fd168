import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { STAGE_CODE_PATTERN, StageKinds, type StageKind } from '../pipeline.js';
import { CRITERION_CODE_PATTERN } from '../rubric.js';
import { IsNotBlank } from '../../http/validators.js';

/** A programme's code: lower-case letters, digits and `-`, starting with a letter. */
export const PROGRAMME_CODE_PATTERN = /^[a-z][a-z0-9-]{1,59}$/;

export class LabelDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  ja!: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  en?: string | null;
}

export class StageDto {
  @ApiProperty({ example: 'screening' })
  @IsString()
  @Matches(STAGE_CODE_PATTERN, { message: 'code must be lower-case letters, digits and _' })
  code!: string;

  @ApiProperty({ type: LabelDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LabelDto)
  label!: LabelDto;

  @ApiProperty({ enum: StageKinds, description: 'What the stage means to the rules.' })
  @IsIn(StageKinds)
  kind!: StageKind;

  @ApiProperty({ description: 'Order in lists.' })
  @IsInt()
  @Min(0)
  @Max(10000)
  position!: number;
}

export class TransitionDefDto {
  @ApiProperty() @IsString() @Matches(STAGE_CODE_PATTERN, { message: 'from must be a stage code' }) from!: string;
  @ApiProperty() @IsString() @Matches(STAGE_CODE_PATTERN, { message: 'to must be a stage code' }) to!: string;

  @ApiPropertyOptional({ description: 'Only back to the stage a paused proposal came from.' })
  @IsOptional()
  @IsBoolean()
  resumeOnly?: boolean;
}

export class CriterionDto {
  @ApiProperty({ example: 'novelty' })
  @IsString()
  @Matches(CRITERION_CODE_PATTERN, { message: 'code must be lower-case letters, digits and _' })
  code!: string;

  @ApiProperty({ type: LabelDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LabelDto)
  label!: LabelDto;

  @ApiProperty({ example: 20 })
  @IsInt()
  @Min(1)
  @Max(1000)
  maxPoints!: number;
}

export class CreateRubricDto {
  @ApiProperty({ example: 2026, description: 'In force from this fiscal year until a later fiscal year has a rubric.' })
  @IsInt()
  @Min(1900)
  @Max(2200)
  fiscalYear!: number;

  @ApiProperty({ example: 60, description: 'Fail under this total.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100000)
  minTotal!: number;

  @ApiProperty({ example: 0.3, description: 'Fail when a criterion scores under this share of its points.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minCriterionRatio!: number;

  @ApiProperty({ type: [CriterionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => CriterionDto)
  criteria!: CriterionDto[];

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

/** A programme's stages and transitions: what a version of it is. */
export class ProgrammeDefinitionDto {
  @ApiProperty({ type: LabelDto })
  @IsObject()
  @ValidateNested()
  @Type(() => LabelDto)
  name!: LabelDto;

  @ApiProperty({ example: 'received' })
  @IsString()
  @Matches(STAGE_CODE_PATTERN, { message: 'initialStage must be a stage code' })
  initialStage!: string;

  @ApiProperty({ example: 2, description: 'Completed reviews a decision needs.' })
  @IsInt()
  @Min(0)
  @Max(20)
  minCompletedReviews!: number;

  @ApiProperty({ type: [StageDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StageDto)
  stages!: StageDto[];

  @ApiProperty({ type: [TransitionDefDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TransitionDefDto)
  transitions!: TransitionDefDto[];
}

export class CreateProgrammeDto extends ProgrammeDefinitionDto {
  @ApiProperty({ example: 'north-campus-seed' })
  @IsString()
  @Matches(PROGRAMME_CODE_PATTERN, { message: 'code must be lower-case letters, digits and -' })
  code!: string;

  @ApiPropertyOptional({ type: CreateRubricDto, description: 'The first rubric version.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CreateRubricDto)
  rubric?: CreateRubricDto;
}

/** The next version of a programme: its whole definition as it is to be from now on. */
export class ReviseProgrammeDto extends ProgrammeDefinitionDto {
  @ApiProperty({ maxLength: 1000, example: '面談審査の段階を追加', description: 'What changes in this version, and why.' })
  @IsString()
  @IsNotBlank()
  @MaxLength(1000)
  note!: string;
}

export class ProgrammeQuery extends PageQuery {}

export class ProgrammeVersionQuery extends PageQuery {}

export class RubricQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Only the versions made for this fiscal year.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  fiscalYear?: number;
}

export class RubricInForceQuery {
  @ApiProperty({ example: 2002 })
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  fiscalYear!: number;
}
