import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsDefined, IsInt, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { LocalizedText } from '../common/localized.js';
import { Subjects } from '../subjects.js';
import { WIRE_DATE } from './interview.model.js';

/** One overdue review in a coordinator's weekly digest. */
export class OverdueReviewV1 {
  @IsUUID() assignmentId!: string;
  @IsUUID() proposalId!: string;
  @IsString() @MaxLength(40) referenceNumber!: string;
  @IsDefined() @ValidateNested() @Type(() => LocalizedText) title!: LocalizedText;
  @IsUUID() advisorId!: string;
  @Matches(WIRE_DATE) dueOn!: string;
  @IsInt() @Min(1) daysOverdue!: number;
}

/**
 * The weekly digest of overdue reviews for a coordinator (the proposals they are in charge of): published once
 * per coordinator and week (`weekOf`, the Monday of the Tokyo week), on REVIEW_DIGEST_WEEKDAY or the first run
 * after it, whatever the replicas and restarts; not when nothing is overdue.
 */
export namespace OverdueReviewsDigestV1 {
  export const subject = Subjects.proposals.evt.overdueReviewsDigest;
  export class Data {
    /** The coordinator (registry person id). */
    @IsUUID() coordinatorId!: string;
    @Matches(WIRE_DATE) weekOf!: string;
    @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => OverdueReviewV1) reviews!: OverdueReviewV1[];
  }
}
