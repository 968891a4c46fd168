import { Subjects } from '../subjects.js';
import { IdsRequest, OrganizationListV1 } from './models.js';

/** Many organisations by id (at most 500). */
export namespace GetOrganizationsV1 {
  export const subject = Subjects.registry.qry.organizationsGetMany;
  export class Request extends IdsRequest {}
  export class Response extends OrganizationListV1 {}
}
