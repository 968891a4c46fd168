import { IsUUID } from 'class-validator';
import { Subjects } from '../subjects.js';
import { PersonV1 } from './models.js';

/** One person by id. Error: `REGISTRY.PERSON_NOT_FOUND`. */
export namespace GetPersonV1 {
  export const subject = Subjects.registry.qry.personGet;
  export class Request {
    @IsUUID() personId!: string;
  }
  export class Response extends PersonV1 {}
}
