import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1, StageRefV1 } from './models.js';

/** A proposal was brought in. `originEventId` links it to the exchange event it came out of. */
export namespace ProposalSubmittedV1 {
  export const subject = Subjects.proposals.evt.proposalSubmitted;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsDefined() @ValidateNested() @Type(() => StageRefV1) stage!: StageRefV1;
    /** ISO date the proposal was brought in (Asia/Tokyo calendar day). */
    @IsISO8601() broughtInOn!: string;
    @IsOptional() @IsUUID() originEventId!: string | null;
    /** The change was brought over from paper or spreadsheets (history, not news): nobody needs an email about it. */
    @IsOptional() @IsBoolean() historical?: boolean;
  }
}
