import { Type } from 'class-transformer';
import { IsDefined, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { OrganizationV1 } from './models.js';

export namespace OrganizationRegisteredV1 {
  export const subject = Subjects.registry.evt.organizationRegistered;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => OrganizationV1) organization!: OrganizationV1;
  }
}
