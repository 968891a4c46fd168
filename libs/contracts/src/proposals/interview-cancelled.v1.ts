import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { InterviewV1 } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/** A hearing was cancelled: a cancellation (METHOD:CANCEL, same UID, higher SEQUENCE) to each recipient. */
export namespace InterviewCancelledV1 {
  export const subject = Subjects.proposals.evt.interviewCancelled;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    /** The interview as it was scheduled, with the sequence of the cancellation. */
    @IsDefined() @ValidateNested() @Type(() => InterviewV1) interview!: InterviewV1;
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsUUID('all', { each: true }) recipientIds!: string[];
    @IsString() @MaxLength(2000) reason!: string;
    @IsOptional() @IsUUID() cancelledBy!: string | null;
  }
}
