import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { WIRE_DATE } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/**
 * An advisor's written review is due soon (REVIEW_REMINDER_DAYS_BEFORE days before its due day, or later if it
 * was assigned closer to it): published once per assignment and due day, whatever the replicas and restarts.
 */
export namespace ReviewDueSoonV1 {
  export const subject = Subjects.proposals.evt.reviewDueSoon;
  export class Data {
    @IsUUID() assignmentId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    /** The advisor to remind (registry person id). */
    @IsUUID() advisorId!: string;
    /** The Tokyo day the review is due. */
    @Matches(WIRE_DATE) dueOn!: string;
    /** Whole days from today (Tokyo) to the due day, at least 1. */
    @IsInt() @Min(1) daysLeft!: number;
  }
}
