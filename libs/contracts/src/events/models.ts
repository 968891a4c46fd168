import { Type } from 'class-transformer';
import { IsDefined, IsEmail, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { EventKinds, Languages, type EventKind, type Language } from '../common/enums.js';
import { LocalizedText } from '../common/localized.js';

export class VenueV1 {
  @IsString() @MaxLength(200) name!: string;
  @IsOptional() @IsString() @MaxLength(300) address!: string | null;
}

/** What every event-service message carries about the exchange event, so a consumer needs no call back. */
export class EventRefV1 {
  @IsUUID() eventId!: string;
  @IsIn(EventKinds) kind!: EventKind;
  @IsDefined() @ValidateNested() @Type(() => LocalizedText) title!: LocalizedText;
  @IsISO8601() startsAt!: string;
  @IsISO8601() endsAt!: string;
  @IsDefined() @ValidateNested() @Type(() => VenueV1) venue!: VenueV1;
  /** The language the event is held in. */
  @IsIn(['ja', 'en', 'ja_en']) language!: 'ja' | 'en' | 'ja_en';
  @IsInt() @Min(0) feeYen!: number;
  @IsInt() @Min(0) partyFeeYen!: number;
}

/** Who registered: a registry person (`personId`) or a guest whose contact details travel with the event. */
export class RegistrantV1 {
  @IsOptional() @IsUUID() personId!: string | null;
  /** A registry person's display name (at most 250) or a guest's name. */
  @IsString() @MaxLength(300) name!: string;
  @IsOptional() @IsString() @MaxLength(300) organizationName!: string | null;
  @IsEmail() email!: string;
  @IsIn(Languages) language!: Language;
}

export const RegistrationStatuses = ['received', 'confirmed', 'waitlisted', 'offered', 'cancelled', 'attended', 'no_show'] as const;
export type RegistrationStatus = (typeof RegistrationStatuses)[number];

/** One registration as the events service publishes it. */
export class RegistrationRefV1 {
  @IsUUID() registrationId!: string;
  @IsDefined() @ValidateNested() @Type(() => RegistrantV1) registrant!: RegistrantV1;
  @IsIn(RegistrationStatuses) status!: RegistrationStatus;
}
