import { IsArray, IsOptional, IsUUID } from 'class-validator';
import { Subjects } from '../subjects.js';
import { PersonV1 } from './models.js';

/**
 * One person by id. Error: `REGISTRY.PERSON_NOT_FOUND`. A merged id is answered with the surviving record,
 * `mergedFrom` naming the id asked for (so callers keep working and may repoint what they hold).
 */
export namespace GetPersonV1 {
  export const subject = Subjects.registry.qry.personGet;
  export class Request {
    @IsUUID() personId!: string;
  }
  export class Response extends PersonV1 {
    /** Every id merged into this record, its aliases (optional: added later in v1). */
    @IsOptional() @IsArray() @IsUUID('all', { each: true }) aliasIds?: string[];
  }
}
