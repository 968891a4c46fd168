import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { LocalizedText } from '../common/localized.js';

/**
 * What a person asked for under the Act on the Protection of Personal Information (APPI):
 * disclosure (開示), erasure (消去), cessation of use (利用停止), and the lifting of a cessation by staff.
 * Correction (訂正) is an ordinary edit of the registry record and needs no request over the bus.
 */
export const PrivacyRequestKinds = ['disclosure', 'erasure', 'cessation', 'cessation_lifted'] as const;
export type PrivacyRequestKind = (typeof PrivacyRequestKinds)[number];

/** Who the request is about: a registry person (with the ids merged into it) and/or e-mail addresses of guests. */
export class PrivacySubjectV1 {
  /** The registry person, when the requester is one; null for a guest who never became a registry person. */
  @IsOptional() @IsString() @Matches(/^[0-9a-f-]{36}$/i) personId?: string | null;
  /** Every person id that is this person: `personId` and the ids merged into it (aliases). */
  @IsArray() @IsString({ each: true }) personIds!: string[];
  /** Every e-mail address of the person, trimmed and lower-cased (the registry's, and the guest's given on the request). */
  @IsArray() @IsString({ each: true }) @MaxLength(320, { each: true }) emails!: string[];
}

/** One kind of record a service holds about the person (disclosure), e.g. `registration`, `review`, `delivery`. */
export class PrivacyRecordSectionV1 {
  /** A stable key, `<service>.<kind>` (e.g. `events.registration`). */
  @IsString() @MaxLength(100) key!: string;
  /** What staff and the person read as the heading (Japanese, and English). */
  @IsDefined() @ValidateNested() @Type(() => LocalizedText) title!: LocalizedText;
  /** The records as plain JSON objects; never secrets (password hashes, tokens), never another person's data. */
  @IsArray() @IsObject({ each: true }) records!: Record<string, unknown>[];
}

/** What a service did (erasure, cessation): `count` records of `what`. */
export class PrivacyActionV1 {
  @IsString() @MaxLength(100) what!: string;
  @IsIn(['erased', 'redacted', 'purged', 'ceased', 'resumed']) action!: 'erased' | 'redacted' | 'purged' | 'ceased' | 'resumed';
  @IsInt() @Min(0) count!: number;
}

/** What a service kept although asked to erase it, and why (a law, an open proposal); erased when the reason ends. */
export class PrivacyRetainedV1 {
  @IsString() @MaxLength(100) what!: string;
  @IsInt() @Min(0) count!: number;
  @IsDefined() @ValidateNested() @Type(() => LocalizedText) reason!: LocalizedText;
  /** The day (Asia/Tokyo, `YYYY-MM-DD`) the reason is expected to end, when known. */
  @IsOptional() @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/) until?: string | null;
}
