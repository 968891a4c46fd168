import { PageView } from '@collabo/service-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsUUID } from 'class-validator';
import { MAX_ATTENDEES_PER_EVENT } from '../past-events-csv.js';

export class RecordAttendanceDto {
  @ApiProperty({
    type: [String],
    minItems: 1,
    maxItems: MAX_ATTENDEES_PER_EVENT,
    description: 'Registry person ids of people who attended; people already recorded stay recorded once',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ATTENDEES_PER_EVENT)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  personIds!: string[];
}

export class AttendanceRecordedView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ description: 'How many of the people sent were not recorded before' }) added!: number;
  @ApiProperty({ description: 'How many attendees the event has now' }) total!: number;
  @ApiProperty({ description: "The event's version after the change (also in the ETag)" }) version!: number;
}

export class AttendeeView {
  @ApiProperty({ format: 'uuid', description: 'Registry person id (the survivor, if the registry had merged the person)' })
  personId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export const AttendeePageView = PageView(AttendeeView, 'AttendeePageView');

export class ImportProblemView {
  @ApiProperty({ description: 'The line of the file (the header is line 1)' }) line!: number;
  @ApiProperty({ description: 'The CSV column (or "(row)")' }) field!: string;
  @ApiProperty() message!: string;
}

export class PastEventsImportReportView {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ enum: ['utf-8', 'utf-8-bom', 'shift_jis'] }) encoding!: string;
  @ApiProperty() rows!: number;
  @ApiProperty() valid!: number;
  @ApiProperty() invalid!: number;
  @ApiProperty({ description: 'How many attendances the rows record' }) attendances!: number;
  @ApiProperty({ type: [ImportProblemView], description: 'Every problem of every bad row; a commit writes nothing while there is one' })
  errors!: ImportProblemView[];
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    description: 'After a commit (and only then): the new events’ ids, in the order of the rows',
  })
  created?: string[];
}
