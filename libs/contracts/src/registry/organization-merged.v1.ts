import { IsInt, IsUUID } from 'class-validator';
import { Subjects } from '../subjects.js';

/** `mergedId` now lives on as an alias of `survivorId`: follow it by moving your references. */
export namespace OrganizationMergedV1 {
  export const subject = Subjects.registry.evt.organizationMerged;
  export class Data {
    @IsUUID() survivorId!: string;
    @IsUUID() mergedId!: string;
    @IsInt() movedAffiliations!: number;
    @IsInt() movedMemberships!: number;
  }
}
