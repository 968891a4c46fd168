import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsUUID, ValidateNested } from 'class-validator';
import { Subjects } from '../subjects.js';
import { EventRefV1 } from './models.js';

/** An exchange event's summary by id (e.g. to check a proposal's origin event). Error: `EVENTS.EVENT_NOT_FOUND`. */
export namespace EventSummaryV1 {
  export const subject = Subjects.events.qry.eventSummary;
  export const Statuses = ['draft', 'published', 'changed', 'cancelled', 'completed'] as const;
  export class Request {
    @IsUUID() eventId!: string;
  }
  export class Response {
    @IsDefined() @ValidateNested() @Type(() => EventRefV1) event!: EventRefV1;
    @IsIn(Statuses) status!: (typeof Statuses)[number];
  }
}
