import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { DocumentRequestV1 } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/** An open document request changed (what is missing, the due day, the note). */
export namespace DocumentRequestChangedV1 {
  export const subject = Subjects.proposals.evt.documentRequestChanged;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsDefined() @ValidateNested() @Type(() => DocumentRequestV1) request!: DocumentRequestV1;
    @IsDefined() @ValidateNested() @Type(() => DocumentRequestV1) previous!: DocumentRequestV1;
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsUUID('all', { each: true }) recipientIds!: string[];
    @IsOptional() @IsUUID() changedBy!: string | null;
  }
}
