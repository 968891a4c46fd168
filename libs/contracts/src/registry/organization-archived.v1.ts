import { IsUUID } from 'class-validator';
import { Subjects } from '../subjects.js';

export namespace OrganizationArchivedV1 {
  export const subject = Subjects.registry.evt.organizationArchived;
  export class Data {
    @IsUUID() organizationId!: string;
  }
}
