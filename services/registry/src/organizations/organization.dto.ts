import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { FocusFields, OrganizationKinds, Sectors, type FocusField, type OrganizationKind, type Sector } from '@collabo/contracts';
import { PageQuery } from '@collabo/service-kit';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { CursorQuery } from '../http/cursor-query.js';
import { IsDateOnly, PHONE } from '../http/validators.js';
import { IsCorporateNumber, JSIC_CODE, POSTAL_CODE } from './organization.validators.js';

/** A reading: kana (hiragana is turned into katakana), with the digits, letters and marks company readings use. */
const KANA = /^[\p{Script=Katakana}\p{Script=Hiragana}ー・･\s0-9A-Za-z&'.,()-]+$/u;

/** An organisation as staff write it. Optional fields may be null (cleared). */
export class CreateOrganizationDto {
  @ApiProperty({ enum: OrganizationKinds })
  @IsIn(OrganizationKinds)
  kind!: OrganizationKind;

  @ApiProperty({ enum: Sectors, description: '産学官金: industry, academia, government, finance' })
  @IsIn(Sectors)
  sector!: Sector;

  @ApiProperty({ example: '株式会社北海道フーズ', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name!: string;

  @ApiProperty({ example: 'ホッカイドウフーズ', description: 'Reading in katakana (hiragana is converted).', maxLength: 300 })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @Matches(KANA, { message: 'nameKana must be written in kana' })
  nameKana!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  nameEn?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '7010705000725', description: '法人番号: 13 digits, the first a check digit' })
  @IsOptional()
  @IsCorporateNumber()
  corporateNumber?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'E0991', description: 'JSIC: major letter, then 2, 3 or 4 digits' })
  @IsOptional()
  @Matches(JSIC_CODE, { message: 'jsicCode must be a JSIC letter A..T, optionally followed by 2 to 4 digits' })
  jsicCode?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 14, description: 'JSIC revision the code belongs to (e.g. 13, 14)' })
  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(20)
  jsicRevision?: number | null;

  @ApiPropertyOptional({ enum: FocusFields, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(FocusFields.length)
  @ArrayUnique()
  @IsIn(FocusFields, { each: true })
  focusFields?: FocusField[];

  @ApiPropertyOptional({ nullable: true, example: '060-0808' })
  @IsOptional()
  @Matches(POSTAL_CODE, { message: 'postalCode must be 7 digits, e.g. 060-0808' })
  postalCode?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '011002', description: 'One of the 179 Hokkaido municipalities; null outside Hokkaido.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipalityCode must be a 6-digit local government code' })
  municipalityCode?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 300 })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Capital in yen' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  capitalYen?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  employees?: number | null;

  @ApiPropertyOptional({ nullable: true, example: '1998-04-01' })
  @IsOptional()
  @IsDateOnly()
  foundedOn?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'When it ceased to exist (a dissolved study group, a closed company)' })
  @IsOptional()
  @IsDateOnly()
  dissolvedOn?: string | null;

  @ApiPropertyOptional({ nullable: true, maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  representative?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(500)
  website?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Matches(PHONE, { message: 'contactPhone must be a phone number' })
  contactPhone?: string | null;

  @ApiPropertyOptional({ isArray: true, type: String, description: 'Study groups only: the municipalities of its area' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(179)
  @ArrayUnique()
  @Matches(/^\d{6}$/, { each: true, message: 'areaMunicipalityCodes must be 6-digit codes' })
  areaMunicipalityCodes?: string[];

  @ApiPropertyOptional({ isArray: true, type: String, description: 'Study groups only: the bureaus of its area' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(14)
  @ArrayUnique()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  areaBureauCodes?: string[];
}

/** A change: only the fields sent are changed; `null` clears an optional one. */
export class UpdateOrganizationDto extends PartialType(CreateOrganizationDto) {}

/** Fields that can be left out of a change but never set to null. */
export const REQUIRED_ORGANIZATION_FIELDS = [
  'kind',
  'sector',
  'name',
  'nameKana',
  'focusFields',
  'areaMunicipalityCodes',
  'areaBureauCodes',
] as const;

export const ORGANIZATION_SORTS = [
  'relevance',
  'name',
  '-name',
  'nameKana',
  '-nameKana',
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
] as const;
export type OrganizationSort = (typeof ORGANIZATION_SORTS)[number];

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OrganizationFilter {
  @ApiPropertyOptional({ description: 'Part of the name or of its reading (kana or hiragana), or a corporate number', maxLength: 100 })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: OrganizationKinds }) @IsOptional() @IsIn(OrganizationKinds) kind?: OrganizationKind;
  @ApiPropertyOptional({ enum: Sectors }) @IsOptional() @IsIn(Sectors) sector?: Sector;
  @ApiPropertyOptional({ enum: FocusFields }) @IsOptional() @IsIn(FocusFields) focusField?: FocusField;
  @ApiPropertyOptional({ description: 'Bureau code: address, or study-group area, in that bureau' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  bureau?: string;
  @ApiPropertyOptional({ description: 'Municipality code of the address' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipality must be a 6-digit code' })
  municipality?: string;
  @ApiPropertyOptional({ description: 'Organisations with a current member of this study group among their people' })
  @IsOptional()
  @IsUUID()
  studyGroup?: string;
  @ApiPropertyOptional({ enum: ['false', 'true', 'all'], default: 'false' })
  @IsOptional()
  @IsIn(['false', 'true', 'all'])
  archived: 'false' | 'true' | 'all' = 'false';
}

class OrganizationSortQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_SORTS, description: 'Default: relevance with q, else nameKana (Japanese reading order)' })
  @IsOptional()
  @IsIn(ORGANIZATION_SORTS)
  sort?: OrganizationSort;
}

export class OrganizationQuery extends IntersectionType(PageQuery, OrganizationFilter, OrganizationSortQuery, CursorQuery) {}
