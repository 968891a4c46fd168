import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsIn, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { FocusFields, type FocusField } from '../common/enums.js';
import { LocalizedText } from '../common/localized.js';

/**
 * What a stage means to the pipeline's rules, whatever a programme calls it: `accepted`/`declined` are the
 * committee's decisions, `team` the support team formed, `paused` a stage a proposal comes back from.
 */
export const StageKinds = [
  'intake',
  'step',
  'screening',
  'accepted',
  'declined',
  'team',
  'prototype',
  'sales_planned',
  'on_sale',
  'paused',
  'closed',
] as const;
export type StageKind = (typeof StageKinds)[number];

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
  /** What the stage means, so that a consumer can tell a decision from a step without the programme (optional: added later in v1). */
  @IsOptional() @IsIn(StageKinds) kind?: StageKind;
}
