import { IsUUID } from 'class-validator';
import { Subjects } from '../subjects.js';
import { OrganizationV1 } from './models.js';

/** One organisation by id; a merged id answers with the surviving record. Error: `REGISTRY.ORGANIZATION_NOT_FOUND`. */
export namespace GetOrganizationV1 {
  export const subject = Subjects.registry.qry.organizationGet;
  export class Request {
    @IsUUID() organizationId!: string;
  }
  export class Response extends OrganizationV1 {}
}
