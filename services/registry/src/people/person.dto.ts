import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { FocusFields, Languages, type FocusField, type Language } from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
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
import { CursorQuery } from '../http/cursor-query.js';
import { IsDateOnly, PHONE } from '../http/validators.js';

export const KANA_TEXT = /^[\p{Script=Katakana}\p{Script=Hiragana}ー・･\s]+$/u;

export class CreatePersonDto {
  @ApiProperty({ example: '山田', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) familyName!: string;
  @ApiProperty({ example: '太郎', maxLength: 100 }) @IsString() @MinLength(1) @MaxLength(100) givenName!: string;
  @ApiProperty({ example: 'ヤマダ', description: 'katakana (hiragana is converted)' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(KANA_TEXT, { message: 'familyNameKana must be written in kana' })
  familyNameKana!: string;
  @ApiProperty({ example: 'タロウ' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(KANA_TEXT, { message: 'givenNameKana must be written in kana' })
  givenNameKana!: string;
  @ApiPropertyOptional({ nullable: true, example: 'Taro Yamada', description: 'The name in Latin letters, for English mail' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameEn?: string | null;
  @ApiProperty({ example: 'taro.yamada@example.jp', description: 'Unique, whatever its case' }) @IsEmail() @MaxLength(254) email!: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @Matches(PHONE, { message: 'phone must be a phone number' }) phone?: string | null;
  @ApiPropertyOptional({ enum: Languages, default: 'ja' }) @IsOptional() @IsIn(Languages) preferredLanguage?: Language;
  @ApiPropertyOptional({ default: false, description: 'Consent to appear in lists shared with others' })
  @IsOptional()
  @IsBoolean()
  consentToList?: boolean;
  @ApiPropertyOptional({ enum: FocusFields, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FocusFields.length)
  @ArrayUnique()
  @IsIn(FocusFields, { each: true })
  expertiseFields?: FocusField[];
}

export class UpdatePersonDto extends PartialType(CreatePersonDto) {}

export const REQUIRED_PERSON_FIELDS = [
  'familyName',
  'givenName',
  'familyNameKana',
  'givenNameKana',
  'email',
  'preferredLanguage',
  'consentToList',
  'expertiseFields',
] as const;

export const PERSON_SORTS = [
  'relevance',
  'nameKana',
  '-nameKana',
  'name',
  '-name',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
] as const;

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PersonFilter {
  @ApiPropertyOptional({ description: 'Part of the name or its reading (kana or hiragana), or the whole email', maxLength: 100 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;
  @ApiPropertyOptional({ description: 'People currently affiliated with this organisation' }) @IsOptional() @IsUUID() organization?: string;
  @ApiPropertyOptional({ description: 'Current members of this study group' }) @IsOptional() @IsUUID() studyGroup?: string;
  @ApiPropertyOptional({ enum: FocusFields }) @IsOptional() @IsIn(FocusFields) expertiseField?: FocusField;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) consent?: 'true' | 'false';
  @ApiPropertyOptional({ enum: ['false', 'true', 'all'], default: 'false' })
  @IsOptional()
  @IsIn(['false', 'true', 'all'])
  archived: 'false' | 'true' | 'all' = 'false';
}

class PersonSortQuery {
  @ApiPropertyOptional({ enum: PERSON_SORTS }) @IsOptional() @IsIn(PERSON_SORTS) sort?: (typeof PERSON_SORTS)[number];
}

export class PersonQuery extends IntersectionType(PageQuery, PersonFilter, PersonSortQuery, CursorQuery) {}

export class CreateAffiliationDto {
  @ApiProperty() @IsUUID() organizationId!: string;
  @ApiPropertyOptional({ nullable: true, maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) department?: string | null;
  @ApiPropertyOptional({ nullable: true, maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) title?: string | null;
  @ApiPropertyOptional({ nullable: true, example: '2001-04-01' }) @IsOptional() @IsDateOnly() from?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateOnly() to?: string | null;
}

export class UpdateAffiliationDto {
  @ApiPropertyOptional({ nullable: true, maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) department?: string | null;
  @ApiPropertyOptional({ nullable: true, maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200) title?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateOnly() from?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDateOnly() to?: string | null;
}

export class AffiliationListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only affiliations that have not ended' })
  @IsOptional()
  @IsIn(['true', 'false'])
  current?: 'true' | 'false';
}
