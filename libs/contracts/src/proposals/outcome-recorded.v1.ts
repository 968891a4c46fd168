import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1 } from './models.js';

/** A prototype, sale, patent, award, start-up founded (起業) or jobs created was recorded for a proposal. */
export namespace OutcomeRecordedV1 {
  export const subject = Subjects.proposals.evt.outcomeRecorded;
  /** `startup_founded` and `jobs_created` were added later in v1 (a consumer without labels for them should show the summary). */
  export const Kinds = ['prototype', 'sale', 'patent_filed', 'patent_granted', 'award', 'startup_founded', 'jobs_created'] as const;
  export class Data {
    @IsUUID() outcomeId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsIn(Kinds) kind!: (typeof Kinds)[number];
    @IsString() @MaxLength(500) summary!: string;
    /** Sales amount in yen (integer), for `sale`. */
    @IsOptional() @IsInt() @Min(0) amountYen!: number | null;
    /** The fiscal year (年度) it counts in, named by its starting year. */
    @IsOptional() @IsInt() fiscalYear!: number | null;
    /** The Tokyo day it happened, `YYYY-MM-DD` (optional: added later in v1). */
    @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) occurredOn?: string;
    /** For patents: the application or registration number, if recorded (optional: added later in v1). */
    @IsOptional() @IsString() @MaxLength(60) patentNumber?: string | null;
    /** For `jobs_created`: how many jobs (optional: added later in v1). */
    @IsOptional() @IsInt() @Min(1) jobsCreated?: number | null;
    /** For an `award`: the registry tenancy (incubation centre tenancy) it came from, if named (optional: added later in v1). */
    @IsOptional() @IsUUID() tenancyId?: string | null;
    /** Brought over from paper or spreadsheets (history, not news): nobody needs an email about it. */
    @IsOptional() @IsBoolean() historical?: boolean;
  }
}
