import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import {
  FocusFields,
  Languages,
  MembershipRoles,
  OrganizationKinds,
  Sectors,
  type FocusField,
  type Language,
  type MembershipRole,
  type OrganizationKind,
  type Sector,
} from '../common/enums.js';

/** An organisation as other services see it. */
export class OrganizationV1 {
  @IsUUID() id!: string;
  @IsIn(OrganizationKinds) kind!: OrganizationKind;
  @IsIn(Sectors) sector!: Sector;
  @IsString() @MaxLength(300) name!: string;
  @IsString() @MaxLength(300) nameKana!: string;
  @IsOptional() @IsString() corporateNumber!: string | null;
  @IsArray() @IsIn(FocusFields, { each: true }) focusFields!: FocusField[];
  /** 6-digit local government code of the municipality of its address, if in Hokkaido. */
  @IsOptional() @IsString() municipalityCode!: string | null;
  /** Code of the subprefectural bureau (振興局) derived from the municipality. */
  @IsOptional() @IsString() bureauCode!: string | null;
  @IsBoolean() archived!: boolean;
  /** When merged into another record, the surviving organisation's id. */
  @IsOptional() @IsUUID() mergedInto!: string | null;
  @IsInt() version!: number;
}

/** A person as other services see it; `email`, `language` and `consentToList` are what notifications need. */
export class PersonV1 {
  @IsUUID() id!: string;
  @IsString() @MaxLength(100) familyName!: string;
  @IsString() @MaxLength(100) givenName!: string;
  @IsString() @MaxLength(100) familyNameKana!: string;
  @IsString() @MaxLength(100) givenNameKana!: string;
  /** Family name then given name in Japanese order, e.g. `山田 太郎`. */
  @IsString() @MaxLength(250) displayName!: string;
  @IsEmail() email!: string;
  @IsOptional() @IsString() phone!: string | null;
  @IsIn(Languages) preferredLanguage!: Language;
  @IsBoolean() consentToList!: boolean;
  /** Fields of expertise (used to match advisors to proposals). */
  @IsArray() @IsIn(FocusFields, { each: true }) expertiseFields!: FocusField[];
  @IsInt() version!: number;
  /**
   * In an RPC answer only: the id asked for, when it was merged into this record (the answer is the survivor,
   * see `registry.evt.person.merged.v1`). Optional: added later in v1.
   */
  @IsOptional() @IsUUID() mergedFrom?: string;
  /**
   * Cessation of use (利用停止, a privacy request): while true, the person gets no email of any optional category,
   * is not suggested for teams and not listed on attendee lists. Optional: added later in v1 (absent reads as false).
   */
  @IsOptional() @IsBoolean() processingStopped?: boolean;
  /** Since when the cessation is in force (ISO instant); null or absent when it is not. Optional: added later in v1. */
  @IsOptional() @IsISO8601() processingStoppedAt?: string | null;
}

export class AffiliationV1 {
  @IsUUID() id!: string;
  @IsUUID() personId!: string;
  @IsUUID() organizationId!: string;
  @IsString() organizationName!: string;
  @IsIn(Sectors) sector!: Sector;
  @IsOptional() @IsString() department!: string | null;
  @IsOptional() @IsString() title!: string | null;
  /** ISO date (YYYY-MM-DD). */
  @IsOptional() @IsISO8601() from!: string | null;
  @IsOptional() @IsISO8601() to!: string | null;
}

export class MembershipV1 {
  @IsUUID() id!: string;
  @IsUUID() studyGroupId!: string;
  @IsUUID() personId!: string;
  @IsIn(MembershipRoles) role!: MembershipRole;
  @IsISO8601() joinedOn!: string;
  @IsOptional() @IsISO8601() leftOn!: string | null;
}

/** A request for many records by id, bounded. */
export class IdsRequest {
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids!: string[];
}

export class OrganizationListV1 {
  @ValidateNested({ each: true }) @Type(() => OrganizationV1) organizations!: OrganizationV1[];
  /** Ids asked for that do not exist. Merged ids are answered with the survivor's record. */
  @IsArray() missing!: string[];
}
