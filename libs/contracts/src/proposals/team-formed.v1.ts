import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { ProposalRefV1 } from './models.js';

export class TeamMemberV1 {
  @IsUUID() personId!: string;
  /** e.g. `coordinator`, `lead_advisor`, `advisor`. */
  @IsString() @MaxLength(60) role!: string;
}

/** A support team was formed around an accepted proposal. */
export namespace TeamFormedV1 {
  export const subject = Subjects.proposals.evt.teamFormed;
  export class Data {
    @IsUUID() teamId!: string;
    @IsDefined() @ValidateNested() @Type(() => ProposalRefV1) proposal!: ProposalRefV1;
    @IsArray() @ValidateNested({ each: true }) @Type(() => TeamMemberV1) members!: TeamMemberV1[];
  }
}
