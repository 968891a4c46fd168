import { Type } from 'class-transformer';
import { IsArray, IsDefined, IsString, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { OrganizationV1 } from './models.js';

export namespace OrganizationUpdatedV1 {
  export const subject = Subjects.registry.evt.organizationUpdated;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => OrganizationV1) organization!: OrganizationV1;
    @IsArray() @IsString({ each: true }) changedFields!: string[];
  }
}
