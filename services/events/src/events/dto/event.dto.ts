import { EventKinds, type EventKind } from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { OptionalField } from '../../http/validators.js';
import { IsInstant } from '../instants.js';
import {
  AdmissionModes,
  EventLanguages,
  EventStatuses,
  VenueKinds,
  type AdmissionMode,
  type EventLanguage,
  type EventStatus,
  type VenueKind,
} from '../exchange-event.entity.js';

export class TitleDto {
  @ApiProperty({ example: '食クラスター交流会', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) ja!: string;
  @ApiPropertyOptional({ example: 'Food cluster exchange meeting', maxLength: 200, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  en?: string | null;
}

export class DescriptionDto {
  @ApiProperty({ maxLength: 10000 }) @IsString() @MaxLength(10000) ja!: string;
  @ApiPropertyOptional({ maxLength: 10000, nullable: true, type: String }) @IsOptional() @IsString() @MaxLength(10000) en?: string | null;
}

export class VenueDto {
  @ApiProperty({ enum: VenueKinds, description: "centre = the foundation's own space at Collabo Hokkaido" })
  @IsIn(VenueKinds)
  kind!: VenueKind;
  @ApiProperty({ example: 'コラボほっかいどう 交流スペース', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: '札幌市北区北21条西12丁目', maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;
  @ApiProperty({ minimum: 1, maximum: 100000, description: 'How many people the venue holds' })
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;
}

const INSTANT_DOC = 'ISO 8601 date-time; without an offset it is read as Tokyo time';

export class CreateEventDto {
  @ApiProperty({ enum: EventKinds }) @IsIn(EventKinds) kind!: EventKind;
  @ApiProperty({ type: TitleDto }) @IsObject() @ValidateNested() @Type(() => TitleDto) title!: TitleDto;
  @ApiPropertyOptional({ type: DescriptionDto })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => DescriptionDto)
  description?: DescriptionDto;
  @ApiProperty({ description: 'Registry organisation that organises the event' }) @IsUUID() organizerId!: string;
  @ApiPropertyOptional({ type: [String], description: 'Registry organisations that co-organise it', maxItems: 10 })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coOrganizerIds?: string[];
  @ApiProperty({ type: VenueDto }) @IsObject() @ValidateNested() @Type(() => VenueDto) venue!: VenueDto;
  @ApiProperty({ example: '2026-12-01T18:00', description: INSTANT_DOC }) @IsInstant() startsAt!: string;
  @ApiProperty({ example: '2026-12-01T20:30', description: INSTANT_DOC }) @IsInstant() endsAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: `${INSTANT_DOC}; default: when the event is published` })
  @IsOptional()
  @IsInstant()
  registrationOpensAt?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: `${INSTANT_DOC}; default: when the event starts. Required for a lottery.`,
  })
  @IsOptional()
  @IsInstant()
  registrationClosesAt?: string | null;
  @ApiProperty({ minimum: 1, maximum: 100000, description: "Seats for registrants; never above the venue's capacity" })
  @IsInt()
  @Min(1)
  @Max(100000)
  capacity!: number;
  @ApiProperty({ enum: AdmissionModes }) @IsIn(AdmissionModes) admission!: AdmissionMode;
  @ApiProperty({ minimum: 0, maximum: 10000000, description: 'Participation fee in yen' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  feeYen!: number;
  @ApiProperty({ minimum: 0, maximum: 10000000, description: 'Party (懇親会) fee in yen' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  partyFeeYen!: number;
  @ApiProperty({ enum: EventLanguages, description: 'The language the event is held in' }) @IsIn(EventLanguages) language!: EventLanguage;
  @ApiPropertyOptional({
    default: false,
    description:
      'true: an event that has already taken place, recorded after the fact. It must have ended, has no registration ' +
      'window, is stored as completed at once and sends no message (nobody is mailed); its attendees are recorded ' +
      'with POST /events/{id}/attendance or the CSV import.',
  })
  @OptionalField()
  @IsBoolean()
  historical?: boolean;
}

export class UpdateEventDto {
  @ApiPropertyOptional({ enum: EventKinds }) @OptionalField() @IsIn(EventKinds) kind?: EventKind;
  @ApiPropertyOptional({ type: TitleDto }) @OptionalField() @IsObject() @ValidateNested() @Type(() => TitleDto) title?: TitleDto;
  @ApiPropertyOptional({ type: DescriptionDto })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => DescriptionDto)
  description?: DescriptionDto;
  @ApiPropertyOptional() @OptionalField() @IsUUID() organizerId?: string;
  @ApiPropertyOptional({ type: [String], maxItems: 10 })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  coOrganizerIds?: string[];
  @ApiPropertyOptional({ type: VenueDto }) @OptionalField() @IsObject() @ValidateNested() @Type(() => VenueDto) venue?: VenueDto;
  @ApiPropertyOptional({ description: INSTANT_DOC }) @OptionalField() @IsInstant() startsAt?: string;
  @ApiPropertyOptional({ description: INSTANT_DOC }) @OptionalField() @IsInstant() endsAt?: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: `${INSTANT_DOC}; null clears it` })
  @IsOptional()
  @IsInstant()
  registrationOpensAt?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: `${INSTANT_DOC}; null clears it` })
  @IsOptional()
  @IsInstant()
  registrationClosesAt?: string | null;
  @ApiPropertyOptional({ minimum: 1, maximum: 100000 }) @OptionalField() @IsInt() @Min(1) @Max(100000) capacity?: number;
  @ApiPropertyOptional({ enum: AdmissionModes, description: 'Only while the event is a draft' })
  @OptionalField()
  @IsIn(AdmissionModes)
  admission?: AdmissionMode;
  @ApiPropertyOptional({ minimum: 0, maximum: 10000000 }) @OptionalField() @IsInt() @Min(0) @Max(10_000_000) feeYen?: number;
  @ApiPropertyOptional({ minimum: 0, maximum: 10000000 }) @OptionalField() @IsInt() @Min(0) @Max(10_000_000) partyFeeYen?: number;
  @ApiPropertyOptional({ enum: EventLanguages }) @OptionalField() @IsIn(EventLanguages) language?: EventLanguage;
  @ApiPropertyOptional({
    maxLength: 2000,
    description: 'What registrants are told when a published event changes (default: a bilingual list of what changed)',
  })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  changeNote?: string;
}

export class CancelEventDto {
  @ApiProperty({ maxLength: 2000, example: '大雪のため中止します。/ Cancelled because of heavy snow.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class ListEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EventStatuses }) @IsOptional() @IsIn(EventStatuses) status?: EventStatus;
  @ApiPropertyOptional({ enum: EventKinds }) @IsOptional() @IsIn(EventKinds) kind?: EventKind;
  @ApiPropertyOptional({ description: 'Starting at or after (date-time; Tokyo if no offset)' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'Starting before (date-time; Tokyo if no offset)' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ description: 'Fiscal year (年度) by its starting year', minimum: 1990, maximum: 2200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1990)
  @Max(2200)
  fiscalYear?: number;
  @ApiPropertyOptional({ description: 'Organised or co-organised by this registry organisation' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
  @ApiPropertyOptional({ description: 'Words in the title (ja or en)', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: only events recorded after they took place; false: only events run here',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  historical?: 'true' | 'false';
}

export class PublicEventsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: EventKinds }) @IsOptional() @IsIn(EventKinds) kind?: EventKind;
  @ApiPropertyOptional({ description: 'Starting at or after (default: events not yet over)' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'Starting before' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ enum: EventLanguages }) @IsOptional() @IsIn(EventLanguages) language?: EventLanguage;
}
