import { Type } from 'class-transformer';
import { IsISO8601, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { MembershipV1 } from './models.js';

/** The members of a study group; with `activeOn`, only those who were members that day. Error: `REGISTRY.STUDY_GROUP_NOT_FOUND`. */
export namespace StudyGroupMembersV1 {
  export const subject = Subjects.registry.qry.studyGroupMembers;
  export class Request {
    @IsUUID() studyGroupId!: string;
    @IsOptional() @IsISO8601() activeOn?: string;
  }
  export class Response {
    @IsUUID() studyGroupId!: string;
    @ValidateNested({ each: true }) @Type(() => MembershipV1) members!: MembershipV1[];
  }
}
