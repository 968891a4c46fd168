import { ApiProperty } from '@nestjs/swagger';
import { FocusFields, MembershipRoles, type FocusField, type MembershipRole } from '@collabo/contracts';
import { PageView, type Page } from '@collabo/service-kit';
import type { Documents } from '../http/response-views.js';
import type { MembershipView as StoredMembershipView } from './membership.view.js';
import type { StudyGroupSummary as StoredStudyGroupSummary } from './memberships.service.js';
import type { RolePeriod as StoredRolePeriod } from './role-periods.js';
import type { StudyGroupReport as StoredStudyGroupReport } from './study-group-report.js';

/** One role period of a membership. */
export class RolePeriod {
  @ApiProperty({ enum: MembershipRoles }) role!: MembershipRole;
  @ApiProperty({ format: 'date' }) fromOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: until the membership ends' }) toOn!: string | null;
}

export class MembershipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) studyGroupId!: string;
  @ApiProperty() studyGroupName!: string;
  @ApiProperty({ format: 'uuid' }) personId!: string;
  @ApiProperty() personName!: string;
  @ApiProperty({ enum: MembershipRoles, description: 'The current (last) role' }) role!: MembershipRole;
  @ApiProperty({ format: 'date' }) joinedOn!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) leftOn!: string | null;
  @ApiProperty({ type: [RolePeriod], description: 'The role periods, oldest first' }) roles!: RolePeriod[];
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

export const MembershipPage = PageView(MembershipView, 'MembershipPage');

/** `GET /v1/study-groups/{id}/members`: a page of memberships with the group's id (the survivor's, after a merge). */
export class StudyGroupMembersPage extends PageView(MembershipView, 'StudyGroupMembersPageBase') {
  @ApiProperty({ format: 'uuid' }) studyGroupId!: string;
}

export class StudyGroupSummary {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() nameKana!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) foundedOn!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dissolvedOn!: string | null;
  @ApiProperty({ enum: FocusFields, isArray: true }) focusFields!: string[];
  @ApiProperty({ type: [String] }) areaMunicipalityCodes!: string[];
  @ApiProperty({ type: [String] }) areaBureauCodes!: string[];
  @ApiProperty({ type: [String], description: 'The bureaus of its area, else that of its address' }) bureauCodes!: string[];
  @ApiProperty({ type: Number }) currentMembers!: number;
  @ApiProperty() archived!: boolean;
}

export const StudyGroupPage = PageView(StudyGroupSummary, 'StudyGroupPage');

export class StudyGroupReportCell {
  @ApiProperty({ type: Number }) studyGroups!: number;
  @ApiProperty({ type: Number }) members!: number;
}

export class StudyGroupReportBureau extends StudyGroupReportCell {
  @ApiProperty({ type: String, nullable: true }) bureauCode!: string | null;
}

export class StudyGroupReportFocusField extends StudyGroupReportCell {
  @ApiProperty({ enum: FocusFields }) focusField!: FocusField;
}

export class StudyGroupReportYear extends StudyGroupReportCell {
  @ApiProperty({ type: Number }) fiscalYear!: number;
  @ApiProperty({ format: 'date' }) start!: string;
  @ApiProperty({ format: 'date' }) end!: string;
  @ApiProperty({ type: Number, description: 'Distinct people' }) people!: number;
  @ApiProperty({ type: [StudyGroupReportBureau] }) byBureau!: StudyGroupReportBureau[];
  @ApiProperty({ type: [StudyGroupReportFocusField] }) byFocusField!: StudyGroupReportFocusField[];
}

export class StudyGroupReport {
  @ApiProperty({ type: Number }) from!: number;
  @ApiProperty({ type: Number }) to!: number;
  @ApiProperty({ type: [StudyGroupReportYear] }) fiscalYears!: StudyGroupReportYear[];
  @ApiProperty({ type: Number, description: 'Groups without a founding date (left out)' }) undatedStudyGroups!: number;
}

/** Each class documents exactly what the service answers (compile-time). */
export const MEMBERSHIP_VIEWS_MATCH: [
  Documents<RolePeriod, StoredRolePeriod>,
  Documents<MembershipView, StoredMembershipView>,
  Documents<InstanceType<typeof MembershipPage>, Page<StoredMembershipView>>,
  Documents<StudyGroupMembersPage, Page<StoredMembershipView> & { studyGroupId: string }>,
  Documents<InstanceType<typeof StudyGroupPage>, Page<StoredStudyGroupSummary>>,
  Documents<StudyGroupReport, StoredStudyGroupReport>,
] = [true, true, true, true, true, true];
