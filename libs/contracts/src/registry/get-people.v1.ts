import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { IdsRequest, PersonV1 } from './models.js';

/**
 * Many people by id (at most 500), with email, language and consent: what notifications need. A merged id is
 * answered with its survivor's record carrying `mergedFrom` (the id asked for); `missing` lists unknown ids.
 */
export namespace GetPeopleV1 {
  export const subject = Subjects.registry.qry.peopleGetMany;
  export class Request extends IdsRequest {}
  export class Response {
    @ValidateNested({ each: true }) @Type(() => PersonV1) people!: PersonV1[];
    @IsArray() missing!: string[];
  }
}
