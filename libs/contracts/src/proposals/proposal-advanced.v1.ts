import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1, StageRefV1 } from './models.js';

/** A proposal moved from one stage to another: one event per transition, `transitionId` unique. */
export namespace ProposalAdvancedV1 {
  export const subject = Subjects.proposals.evt.proposalAdvanced;
  export class Data {
    @IsUUID() transitionId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsDefined() @ValidateNested() @Type(() => StageRefV1) from!: StageRefV1;
    @IsDefined() @ValidateNested() @Type(() => StageRefV1) to!: StageRefV1;
    @IsString() @MaxLength(2000) reason!: string;
    /** When the change took effect (may be in the past for history brought over from spreadsheets). */
    @IsISO8601() effectiveAt!: string;
    @IsISO8601() recordedAt!: string;
    /** The staff member who made the change (registry person id). */
    @IsOptional() @IsUUID() actorId!: string | null;
    /** The change was brought over from paper or spreadsheets (history, not news): nobody needs an email about it. */
    @IsOptional() @IsBoolean() historical?: boolean;
    /** Back to the stage a paused proposal came from (not a new decision, even into an accepted stage). Optional: added later in v1. */
    @IsOptional() @IsBoolean() resumed?: boolean;
  }
}
