import { EventKinds, type EventKind } from '@collabo/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { EventStatuses, type EventStatus } from '../events/exchange-event.entity.js';

/** A count per key (status, sector, focus field, kind…), as an object. */
const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;
const SHARES = { type: 'object', additionalProperties: { type: 'number' } } as const;

export class RegistrationStatsView {
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Not cancelled' }) active!: number;
  @ApiProperty() cancelled!: number;
  @ApiProperty({ ...COUNTS, description: 'Registrations per status' }) byStatus!: Record<string, number>;
}

export class AttendanceStatsView {
  @ApiProperty() attended!: number;
  @ApiProperty() noShow!: number;
  @ApiProperty({ description: 'Confirmed and not checked in (the event is not completed yet)' }) stillConfirmed!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'attended ÷ (attended + no-show + still confirmed), 3 decimals' })
  rate!: number | null;
  @ApiProperty({ description: 'Attendees recorded by registry person on historical events (events entered after they took place)' })
  historical!: number;
  @ApiProperty({ description: 'Everyone who attended: attended registrations and the attendees of historical events' })
  total!: number;
}

export class FieldMixView {
  @ApiProperty({ description: 'People who took part (confirmed or attended)' }) participants!: number;
  @ApiProperty({ ...COUNTS, description: 'Participants per sector (`unknown` when not known)' }) sectors!: Record<string, number>;
  @ApiProperty({ ...SHARES, description: 'Shares of the sectors, 3 decimals' }) sectorShares!: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'Participants per focus field' }) focusFields!: Record<string, number>;
  @ApiProperty({ description: 'Distinct organisations among the participants' }) organizations!: number;
  @ApiProperty({ description: 'Distinct study groups among the participants' }) studyGroups!: number;
}

export class ConnectionStatsView {
  @ApiProperty() count!: number;
  @ApiProperty({ description: 'Connections between people of different sectors' }) crossSector!: number;
  @ApiProperty({ description: 'People with at least one connection' }) peopleConnected!: number;
}

export class FollowUpStatsView {
  @ApiProperty() total!: number;
  @ApiProperty(COUNTS) byStatus!: Record<string, number>;
  @ApiProperty(COUNTS) byKind!: Record<string, number>;
}

export class QuestionnaireStatsView {
  @ApiProperty() responses!: number;
  @ApiProperty({ nullable: true, type: Number }) averageSatisfaction!: number | null;
}

/** Registrations, attendance, field mix, connections, follow-ups, proposals and satisfaction of some events. */
export class ActivityStatsView {
  @ApiProperty({ type: RegistrationStatsView }) registrations!: RegistrationStatsView;
  @ApiProperty({ type: AttendanceStatsView }) attendance!: AttendanceStatsView;
  @ApiProperty({ type: FieldMixView }) fieldMix!: FieldMixView;
  @ApiProperty({ type: ConnectionStatsView }) connections!: ConnectionStatsView;
  @ApiProperty({ type: FollowUpStatsView }) followUps!: FollowUpStatsView;
  @ApiProperty({ description: 'Proposals that name the event(s) as their origin' }) proposals!: number;
  @ApiProperty({ type: QuestionnaireStatsView }) questionnaire!: QuestionnaireStatsView;
}

export class ReportTitleView {
  @ApiProperty() ja!: string;
  @ApiProperty({ nullable: true, type: String }) en!: string | null;
}

export class ReportedEventView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EventKinds }) kind!: EventKind;
  @ApiProperty({ type: ReportTitleView }) title!: ReportTitleView;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ enum: EventStatuses }) status!: EventStatus;
  @ApiProperty() fiscalYear!: number;
  @ApiProperty() capacity!: number;
}

export class ReportedProposalView {
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() referenceNumber!: string;
  @ApiProperty({ type: ReportTitleView }) title!: ReportTitleView;
  @ApiProperty({ format: 'date', example: '2027-01-15' }) broughtInOn!: string;
}

export class EventReportView extends ActivityStatsView {
  @ApiProperty({ type: ReportedEventView }) event!: ReportedEventView;
  @ApiProperty({ type: [ReportedProposalView] }) proposalList!: ReportedProposalView[];
}

export class FiscalYearEventsView {
  @ApiProperty({ description: 'Events held (published, changed or completed)' }) held!: number;
  @ApiProperty({ ...COUNTS, description: 'Events per status (drafts left out; cancelled ones counted here)' }) byStatus!: Record<
    string,
    number
  >;
  @ApiProperty({ ...COUNTS, description: 'Events held per kind' }) byKind!: Record<string, number>;
  @ApiProperty({ description: 'Of the events held, those recorded after they took place (historical)' }) historical!: number;
}

export class FiscalYearEventRowView {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ enum: EventKinds }) kind!: EventKind;
  @ApiProperty({ type: ReportTitleView }) title!: ReportTitleView;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ enum: EventStatuses }) status!: EventStatus;
  @ApiProperty({ description: 'Recorded after it took place: its attendees are recorded by person, it has no registrations' })
  historical!: boolean;
  @ApiProperty({ description: 'Registrations not cancelled' }) registrations!: number;
  @ApiProperty({ description: 'Attended registrations, or for a historical event its recorded attendees' }) attended!: number;
  @ApiProperty({ nullable: true, type: Number }) attendanceRate!: number | null;
  @ApiProperty() connections!: number;
  @ApiProperty() proposals!: number;
}

export class FiscalYearReportView extends ActivityStatsView {
  @ApiProperty({ description: 'Fiscal year (年度) by its starting year' }) fiscalYear!: number;
  @ApiProperty({ format: 'date-time', example: '2026-04-01T00:00:00.000+09:00' }) from!: string;
  @ApiProperty({ format: 'date-time', example: '2027-04-01T00:00:00.000+09:00' }) to!: string;
  @ApiProperty({ type: FiscalYearEventsView }) events!: FiscalYearEventsView;
  @ApiProperty({ type: [FiscalYearEventRowView] }) perEvent!: FiscalYearEventRowView[];
}
