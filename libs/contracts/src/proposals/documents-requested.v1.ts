import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { DocumentRequestV1 } from './interview.model.js';
import { ProposalRefV1 } from './models.js';

/** Staff asked the applicant for missing documents (書類不備), due on a day. */
export namespace DocumentsRequestedV1 {
  export const subject = Subjects.proposals.evt.documentsRequested;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsDefined() @ValidateNested() @Type(() => DocumentRequestV1) request!: DocumentRequestV1;
    /** Registry person ids to tell: the proposal's contact person. */
    @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsUUID('all', { each: true }) recipientIds!: string[];
    @IsOptional() @IsUUID() requestedBy!: string | null;
  }
}
