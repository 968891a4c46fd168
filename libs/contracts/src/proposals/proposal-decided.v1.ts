import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1 } from './models.js';

/** The committee decided. Carries the result only: never reviews, scores or reviewers. */
export namespace ProposalDecidedV1 {
  export const subject = Subjects.proposals.evt.proposalDecided;
  export const Decisions = ['accepted', 'declined'] as const;
  export class Data {
    @IsUUID() transitionId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsIn(Decisions) decision!: (typeof Decisions)[number];
    @IsISO8601() effectiveAt!: string;
    /** The change was brought over from paper or spreadsheets (history, not news): nobody needs an email about it. */
    @IsOptional() @IsBoolean() historical?: boolean;
  }
}
