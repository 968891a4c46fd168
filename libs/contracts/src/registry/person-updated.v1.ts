import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsString, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { PersonV1 } from './models.js';

export namespace PersonUpdatedV1 {
  export const subject = Subjects.registry.evt.personUpdated;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => PersonV1) person!: PersonV1;
    @IsArray() @IsString({ each: true }) changedFields!: string[];
  }
}
