import { Type } from 'class-transformer';
import { IsArray, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { IdsRequest, PersonV1 } from './models.js';

/** Many people by id (at most 500), with email, language and consent: what notifications need. */
export namespace GetPeopleV1 {
  export const subject = Subjects.registry.qry.peopleGetMany;
  export class Request extends IdsRequest {}
  export class Response {
    @ValidateNested({ each: true }) @Type(() => PersonV1) people!: PersonV1[];
    @IsArray() missing!: string[];
  }
}
