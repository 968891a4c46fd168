import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { InterviewV1 } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/** Staff invited the applicant to a hearing: the invitation (with an .ics) goes to each recipient. */
export namespace InterviewScheduledV1 {
  export const subject = Subjects.proposals.evt.interviewScheduled;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsDefined() @ValidateNested() @Type(() => InterviewV1) interview!: InterviewV1;
    /** Registry person ids to invite: the proposal's contact person first, then any other invitees. */
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsUUID('all', { each: true }) recipientIds!: string[];
    /** The staff member who scheduled it (registry person id), for the reply-to and the organiser of the .ics. */
    @IsOptional() @IsUUID() scheduledBy!: string | null;
  }
}
