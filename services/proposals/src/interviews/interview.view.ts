import { ApiProperty } from '@nestjs/swagger';
import { formatInstant } from '@collabo/calendar';
import type { InterviewV1 } from '@collabo/contracts';
import { InterviewStatuses, type Interview } from './interview.entity.js';

export class InterviewView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty({ enum: InterviewStatuses }) status!: string;
  @ApiProperty({ example: '2026-12-10T14:00:00.000+09:00' }) startsAt!: string;
  @ApiProperty({ example: '2026-12-10T15:00:00.000+09:00' }) endsAt!: string;
  @ApiProperty({ type: String, nullable: true }) place!: string | null;
  @ApiProperty({ type: String, nullable: true }) onlineUrl!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: [String], description: 'Invited besides the contact person.' }) inviteeIds!: string[];
  @ApiProperty({ description: 'The ETag, and the invitation’s iCalendar SEQUENCE.' }) version!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) createdBy!: string | null;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) cancelReason!: string | null;
}

export function interviewView(i: Interview): InterviewView {
  return {
    id: i.id,
    proposalId: i.proposalId,
    status: i.status,
    startsAt: formatInstant(i.startsAt),
    endsAt: formatInstant(i.endsAt),
    place: i.place,
    onlineUrl: i.onlineUrl,
    note: i.note,
    inviteeIds: i.inviteeIds,
    version: i.version,
    createdAt: formatInstant(i.createdAt),
    createdBy: i.createdBy,
    updatedAt: formatInstant(i.updatedAt),
    cancelReason: i.cancelReason,
  };
}

/** The interview as its events carry it. */
export function interviewRef(i: Interview): InterviewV1 {
  return {
    interviewId: i.id,
    sequence: i.version,
    startsAt: formatInstant(i.startsAt),
    endsAt: formatInstant(i.endsAt),
    place: i.place,
    onlineUrl: i.onlineUrl,
    note: i.note,
  };
}
