import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { PersonV1 } from './models.js';

export namespace PersonRegisteredV1 {
  export const subject = Subjects.registry.evt.personRegistered;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => PersonV1) person!: PersonV1;
  }
}
