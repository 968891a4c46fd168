import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsOptional, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1 } from './models.js';

/** An event was published and is open to see (and register for, in its window). */
export namespace EventPublishedV1 {
  export const subject = Subjects.events.evt.eventPublished;
  export class Data {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsOptional() @IsISO8601() registrationOpensAt!: string | null;
    @IsOptional() @IsISO8601() registrationClosesAt!: string | null;
  }
}
