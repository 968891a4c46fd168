import { FocusFields, type FocusField } from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { BUREAU_CODES, type BureauCode } from '../codes.js';
import { STAGE_CODE_PATTERN } from '../../programmes/pipeline.js';
import { IsCalendarDate, IsNotBlank, splitList } from '../../http/validators.js';
import { PROGRAMME_CODE_PATTERN } from '../../programmes/dto/programme.dto.js';
import { IsMunicipalityCode } from './municipality-code.validator.js';

export class TitleDto {
  @ApiProperty({ maxLength: 200, example: '昆布仮根を用いた食品素材の試作' })
  @IsString()
  @IsNotBlank()
  @MaxLength(200)
  ja!: string;

  @ApiPropertyOptional({ maxLength: 200, nullable: true, example: 'A food material from kelp holdfasts' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  en?: string | null;
}

export class SummaryDto {
  @ApiProperty({ maxLength: 4000 })
  @IsString()
  @IsNotBlank()
  @MaxLength(4000)
  ja!: string;

  @ApiPropertyOptional({ maxLength: 4000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  en?: string | null;
}

export class CreateProposalDto {
  @ApiProperty({ type: TitleDto })
  @IsObject()
  @ValidateNested()
  @Type(() => TitleDto)
  title!: TitleDto;

  @ApiProperty({ type: SummaryDto })
  @IsObject()
  @ValidateNested()
  @Type(() => SummaryDto)
  summary!: SummaryDto;

  @ApiProperty({ format: 'uuid', description: 'The proposing company or study group (registry organisation id).' })
  @IsUUID()
  proposingOrganizationId!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The study group the proposal comes from; defaults to the proposer when it is a study group.',
  })
  @IsOptional()
  @IsUUID()
  studyGroupId?: string;

  @ApiProperty({ format: 'uuid', description: 'The applicant’s contact person (registry person id).' })
  @IsUUID()
  contactPersonId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The coordinator in charge (registry person id).' })
  @IsOptional()
  @IsUUID()
  coordinatorId?: string;

  @ApiPropertyOptional({ enum: FocusFields, isArray: true, description: 'Defaults to the proposer’s focus fields.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FocusFields.length)
  @ArrayUnique()
  @IsIn(FocusFields, { each: true })
  focusFields?: FocusField[];

  @ApiPropertyOptional({ type: [String], example: ['011002'], description: 'Hokkaido local government codes involved.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(179)
  @ArrayUnique()
  @IsMunicipalityCode({ each: true })
  municipalityCodes?: string[];

  @ApiPropertyOptional({ enum: BUREAU_CODES, isArray: true, description: 'Bureaus (振興局) involved; defaults to the proposer’s.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BUREAU_CODES.length)
  @ArrayUnique()
  @IsIn(BUREAU_CODES, { each: true })
  bureauCodes?: BureauCode[];

  @ApiPropertyOptional({ type: [String], description: 'Organisations that would take part (the cluster it would form).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  participatingOrganizationIds?: string[];

  @ApiPropertyOptional({ maxLength: 4000, description: 'The support asked for.' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  supportRequested?: string;

  @ApiPropertyOptional({ example: 'support-track', description: 'Defaults to the support track.' })
  @IsOptional()
  @IsString()
  @Matches(PROGRAMME_CODE_PATTERN, { message: 'programmeCode must be lower-case letters, digits and -' })
  programmeCode?: string;

  @ApiPropertyOptional({ example: '2002-05-10', description: 'The Tokyo calendar day it was brought in; defaults to today.' })
  @IsOptional()
  @IsCalendarDate()
  broughtInOn?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The exchange event it came out of.' })
  @IsOptional()
  @IsUUID()
  originEventId?: string;

  @ApiPropertyOptional({
    description:
      'A record brought over from paper or spreadsheets (admins and coordinators): needs a broughtInOn before today; the events say so, so that nobody is emailed about the past.',
  })
  @IsOptional()
  @IsBoolean()
  historical?: boolean;
}

export class UpdateProposalDto {
  @ApiPropertyOptional({ type: TitleDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TitleDto)
  title?: TitleDto;

  @ApiPropertyOptional({ type: SummaryDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SummaryDto)
  summary?: SummaryDto;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  contactPersonId?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'null takes the coordinator off.' })
  @IsOptional()
  @IsUUID()
  coordinatorId?: string | null;

  @ApiPropertyOptional({ enum: FocusFields, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FocusFields.length)
  @ArrayUnique()
  @IsIn(FocusFields, { each: true })
  focusFields?: FocusField[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(179)
  @ArrayUnique()
  @IsMunicipalityCode({ each: true })
  municipalityCodes?: string[];

  @ApiPropertyOptional({ enum: BUREAU_CODES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(BUREAU_CODES.length)
  @ArrayUnique()
  @IsIn(BUREAU_CODES, { each: true })
  bureauCodes?: BureauCode[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  participatingOrganizationIds?: string[];

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  supportRequested?: string;
}

export class ProposalQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Stage code(s), comma-separated.', example: 'screening,accepted' })
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @ArrayMaxSize(30)
  @Matches(STAGE_CODE_PATTERN, { each: true, message: 'each stage must be a stage code' })
  stage?: string[];

  @ApiPropertyOptional({ example: 'support-track' })
  @IsOptional()
  @IsString()
  @Matches(PROGRAMME_CODE_PATTERN, { message: 'programme must be a programme code' })
  programme?: string;

  @ApiPropertyOptional({ description: 'Fiscal year (年度) it was brought in.', example: 2002 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: FocusFields })
  @IsOptional()
  @IsIn(FocusFields)
  focusField?: FocusField;

  @ApiPropertyOptional({ enum: BUREAU_CODES })
  @IsOptional()
  @IsIn(BUREAU_CODES)
  bureau?: BureauCode;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  studyGroupId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  coordinatorId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Proposing or participating organisation.' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'Text in the reference, title, summary or proposer’s name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
