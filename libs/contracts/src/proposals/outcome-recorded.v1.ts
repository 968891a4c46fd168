import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1 } from './models.js';

/** A prototype, sale, patent or award was recorded for a proposal. */
export namespace OutcomeRecordedV1 {
  export const subject = Subjects.proposals.evt.outcomeRecorded;
  export const Kinds = ['prototype', 'sale', 'patent_filed', 'patent_granted', 'award'] as const;
  export class Data {
    @IsUUID() outcomeId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsIn(Kinds) kind!: (typeof Kinds)[number];
    @IsString() @MaxLength(500) summary!: string;
    /** Sales amount in yen (integer), for `sale`. */
    @IsOptional() @IsInt() @Min(0) amountYen!: number | null;
    /** The fiscal year (年度) it counts in, named by its starting year. */
    @IsOptional() @IsInt() fiscalYear!: number | null;
    /** Brought over from paper or spreadsheets (history, not news): nobody needs an email about it. */
    @IsOptional() @IsBoolean() historical?: boolean;
  }
}
