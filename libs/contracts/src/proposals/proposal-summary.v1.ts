import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1, StageRefV1 } from './models.js';

/** A proposal's summary by id, for the events service's follow-ups. Error: `PROPOSALS.PROPOSAL_NOT_FOUND`. */
export namespace ProposalSummaryV1 {
  export const subject = Subjects.proposals.qry.proposalSummary;
  export class Request {
    @IsUUID() proposalId!: string;
  }
  export class Response {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsDefined() @ValidateNested() @Type(() => StageRefV1) stage!: StageRefV1;
    @IsISO8601() broughtInOn!: string;
    @IsOptional() @IsUUID() originEventId!: string | null;
  }
}
