import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { FocusFields, type FocusField } from '../common/enums.js';
import { LocalizedText } from '../common/localized.js';

/** What every proposal event carries about its proposal, so a consumer needs no call back. */
export class ProposalRefV1 {
  @IsUUID() proposalId!: string;
  /** Human reference such as `P2026-0042`, shown in emails. */
  @IsString() @MaxLength(40) referenceNumber!: string;
  @IsDefined() @ValidateNested() @Type(() => LocalizedText) title!: LocalizedText;
  @IsString() @MaxLength(60) programmeCode!: string;
  @IsDefined() @ValidateNested() @Type(() => LocalizedText) programmeName!: LocalizedText;
  @IsUUID() proposingOrganizationId!: string;
  /** The applicant's contact person (registry person id). */
  @IsUUID() contactPersonId!: string;
  /** The coordinator in charge (registry person id), if one is assigned. */
  @IsOptional() @IsUUID() coordinatorId!: string | null;
  @IsArray() @IsIn(FocusFields, { each: true }) focusFields!: FocusField[];
}

/** A pipeline stage as the programme defines it (stages are data, not code). */
export class StageRefV1 {
  @IsString() @MaxLength(60) code!: string;
  @IsDefined() @ValidateNested() @Type(() => LocalizedText) label!: LocalizedText;
}
