import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1 } from './models.js';

/** An advisor was assigned to review a proposal. */
export namespace ReviewerAssignedV1 {
  export const subject = Subjects.proposals.evt.reviewerAssigned;
  export class Data {
    @IsUUID() assignmentId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsUUID() advisorId!: string;
    @IsOptional() @IsISO8601() dueOn!: string | null;
  }
}
