import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsDefined, IsEmail, IsInt, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { PersonV1 } from './models.js';

/**
 * `mergedId` now lives on as an alias of `survivorId` (the same human being was registered twice): follow it
 * by moving your references to the survivor. Replays carry the same event id and must be harmless (inbox).
 * `mergedEmail` is the merged record's email (kept as one of the survivor's aliases), for services that key
 * anything by address; `survivor` is the surviving record after the merge.
 */
export namespace PersonMergedV1 {
  export const subject = Subjects.registry.evt.personMerged;
  export class Data {
    @IsUUID() survivorId!: string;
    @IsUUID() mergedId!: string;
    @IsEmail() mergedEmail!: string;
    @IsDefined() @ValidateNested() @Type(() => PersonV1) survivor!: PersonV1;
    @IsInt() movedAffiliations!: number;
    @IsInt() movedMemberships!: number;
    /** Whether the merged record's staff account moved to the survivor (a person has at most one). */
    @IsBoolean() movedAccount!: boolean;
    /** Every id that now leads to the survivor (earlier merges included). */
    @IsArray() @IsUUID('all', { each: true }) aliasIds!: string[];
  }
}
