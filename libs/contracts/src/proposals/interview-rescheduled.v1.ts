import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { InterviewV1 } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/** A hearing's date, place, link or note changed: the updated invitation (same UID, higher SEQUENCE). */
export namespace InterviewRescheduledV1 {
  export const subject = Subjects.proposals.evt.interviewRescheduled;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    /** The interview as it is now. */
    @IsDefined() @ValidateNested() @Type(() => InterviewV1) interview!: InterviewV1;
    /** The interview as it was before this change (to say what changed). */
    @IsDefined() @ValidateNested() @Type(() => InterviewV1) previous!: InterviewV1;
    /** Everyone invited now, and those no longer invited (they get a cancellation). */
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsUUID('all', { each: true }) recipientIds!: string[];
    @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) removedRecipientIds!: string[];
    /**
     * Those of `recipientIds` who were not invited before this change: they get the invitation itself, not a
     * change to a hearing they never heard of. Absent in events published before it was added: nobody is new.
     */
    @IsOptional() @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true }) addedRecipientIds?: string[];
    @IsOptional() @IsUUID() changedBy!: string | null;
  }
}
