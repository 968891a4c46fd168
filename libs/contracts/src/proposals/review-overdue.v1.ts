import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { WIRE_DATE } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/**
 * An advisor's written review is overdue (from the day after its due day): published once per assignment and
 * due day, whatever the replicas and restarts.
 */
export namespace ReviewOverdueV1 {
  export const subject = Subjects.proposals.evt.reviewOverdue;
  export class Data {
    @IsUUID() assignmentId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    /** The advisor to remind (registry person id). */
    @IsUUID() advisorId!: string;
    @Matches(WIRE_DATE) dueOn!: string;
    /** Whole days past the due day (1 on the day after, more when the service was down then). */
    @IsInt() @Min(1) daysOverdue!: number;
  }
}
