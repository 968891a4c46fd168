import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Subjects } from '../subjects.js';
import { DocumentRequestV1 } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/**
 * A document request was closed: `fulfilled` (the documents arrived) or `withdrawn` (no longer needed; the
 * applicant should be told). Notifications may mail the withdrawal only.
 */
export namespace DocumentRequestClosedV1 {
  export const subject = Subjects.proposals.evt.documentRequestClosed;
  export const Outcomes = ['fulfilled', 'withdrawn'] as const;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsDefined() @ValidateNested() @Type(() => DocumentRequestV1) request!: DocumentRequestV1;
    @IsIn(Outcomes) outcome!: (typeof Outcomes)[number];
    @IsOptional() @IsString() @MaxLength(2000) reason!: string | null;
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsUUID('all', { each: true }) recipientIds!: string[];
    @IsOptional() @IsUUID() closedBy!: string | null;
  }
}
