import {
  FocusFields,
  Languages,
  RegistrationStatuses,
  Sectors,
  type FocusField,
  type Language,
  type RegistrationStatus,
  type Sector,
} from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { OptionalField } from '../../http/validators.js';

/** A registrant who is not (or not known to be) in the registry. */
export class GuestDto {
  @ApiProperty({ example: '山田 花子', maxLength: 200 }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiPropertyOptional({ example: 'ヤマダ ハナコ', maxLength: 200 }) @OptionalField() @IsString() @MaxLength(200) nameKana?: string;
  @ApiPropertyOptional({ example: '株式会社 北の昆布', maxLength: 300 })
  @OptionalField()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  organizationName?: string;
  @ApiProperty({ example: 'hanako@example.jp', maxLength: 254 }) @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty({ enum: Languages, description: 'Language of the emails the registrant gets' }) @IsIn(Languages) language!: Language;
  @ApiPropertyOptional({ enum: Sectors, description: 'For seating: industry, academia, government or finance' })
  @OptionalField()
  @IsIn(Sectors)
  sector?: Sector;
  @ApiPropertyOptional({ enum: FocusFields, isArray: true, maxItems: 10 })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(FocusFields, { each: true })
  focusFields?: FocusField[];
  @ApiPropertyOptional({ description: 'May other attendees see the name on the attendee list?', default: false })
  @OptionalField()
  @IsBoolean()
  consentToList?: boolean;
}

/** Staff register a registry person (their details come from the registry) or a guest. */
export class CreateRegistrationDto {
  @ApiPropertyOptional({ description: 'A registry person; give this or `guest`' })
  @ValidateIf((o: CreateRegistrationDto) => o.guest === undefined || o.personId !== undefined)
  @IsUUID()
  personId?: string;
  @ApiPropertyOptional({ type: GuestDto, description: 'A guest; give this or `personId`' })
  @ValidateIf((o: CreateRegistrationDto) => o.personId === undefined || o.guest !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => GuestDto)
  guest?: GuestDto;
}

/** What staff may correct on a registration (seating data and consent). */
export class UpdateRegistrationDto {
  @ApiPropertyOptional({ maxLength: 300, nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  organizationName?: string | null;
  @ApiPropertyOptional({ enum: Sectors, nullable: true }) @IsOptional() @IsIn(Sectors) sector?: Sector | null;
  @ApiPropertyOptional({ enum: FocusFields, isArray: true, maxItems: 10 })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsIn(FocusFields, { each: true })
  focusFields?: FocusField[];
  @ApiPropertyOptional() @OptionalField() @IsBoolean() consentToList?: boolean;
}

export class ListRegistrationsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: RegistrationStatuses }) @IsOptional() @IsIn(RegistrationStatuses) status?: RegistrationStatus;
  @ApiPropertyOptional({ description: 'Words in the name, kana, email or organisation', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class AttendanceDto {
  @ApiProperty({ description: 'true: attended; false: did not come (no-show)' }) @IsBoolean() attended!: boolean;
}

export class CheckInDto {
  @ApiProperty({
    description: 'The token from the registrant’s QR code (spaces and hyphens are ignored)',
    example: '0J4ZK8M2QH7W3T5N9R1C6V8XBD',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  token!: string;
}

export class TokenQuery {
  @ApiProperty({ description: 'The registration’s own token, from the link in the email' }) @IsString() @Length(26, 26) token!: string;
}
