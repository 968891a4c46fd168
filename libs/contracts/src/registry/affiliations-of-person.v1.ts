import { Type } from 'class-transformer';
import { IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { AffiliationV1, MembershipV1 } from './models.js';

/**
 * A person's affiliations (past and present) and study-group memberships: what a conflict-of-interest
 * check needs. Error: `REGISTRY.PERSON_NOT_FOUND`.
 */
export namespace AffiliationsOfPersonV1 {
  export const subject = Subjects.registry.qry.affiliationsOfPerson;
  export class Request {
    @IsUUID() personId!: string;
  }
  export class Response {
    @IsUUID() personId!: string;
    @ValidateNested({ each: true }) @Type(() => AffiliationV1) affiliations!: AffiliationV1[];
    @ValidateNested({ each: true }) @Type(() => MembershipV1) memberships!: MembershipV1[];
  }
}
