import { ApiProperty } from '@nestjs/swagger';
import { PageView, type Page } from '@collabo/service-kit';
import type { Documents } from '../http/response-views.js';
import type { CentreReport, CentreReportOutcome, CentreReportTenant } from './centre-report.service.js';
import type { ConsortiumMembershipView as StoredConsortiumMembershipView, TenancyView as StoredTenancyView } from './centre.service.js';

/** An organisation's tenancy of a room of the collaboration centre. */
export class TenancyView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationName!: string;
  @ApiProperty() room!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'null: still a tenant' }) to!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

export const TenancyPage = PageView(TenancyView, 'TenancyPage');

/** An organisation's membership of a consortium in a fiscal year, with what it contributed. */
export class ConsortiumMembershipView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) consortiumId!: string;
  @ApiProperty() consortiumName!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationName!: string;
  @ApiProperty({ type: Number }) fiscalYear!: number;
  @ApiProperty({ type: Number }) contributedPeople!: number;
  @ApiProperty({ type: Number, description: 'Yen' }) contributedYen!: number;
  @ApiProperty({ type: String, nullable: true }) contributedFacilities!: string | null;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: Number }) version!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) updatedBy!: string | null;
}

export const ConsortiumMembershipPage = PageView(ConsortiumMembershipView, 'ConsortiumMembershipPage');

export class CentreReportProposalTitle {
  @ApiProperty() ja!: string;
  @ApiProperty({ type: String, nullable: true }) en!: string | null;
}

export class CentreReportOutcomeView {
  @ApiProperty({ format: 'uuid' }) outcomeId!: string;
  @ApiProperty({ enum: ['patent_filed', 'patent_granted', 'award'] }) kind!: 'patent_filed' | 'patent_granted' | 'award';
  @ApiProperty() summary!: string;
  @ApiProperty({ type: String, nullable: true }) patentNumber!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) occurredOn!: string | null;
  @ApiProperty({ format: 'uuid' }) proposalId!: string;
  @ApiProperty() referenceNumber!: string;
  @ApiProperty({ type: CentreReportProposalTitle }) proposalTitle!: CentreReportProposalTitle;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For an award that names the tenancy it came from' })
  tenancyId!: string | null;
  @ApiProperty() historical!: boolean;
}

export class CentreReportTenancy {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() room!: string;
  @ApiProperty({ format: 'date' }) from!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) to!: string | null;
}

export class CentreReportTenantView {
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationName!: string;
  @ApiProperty({ type: [CentreReportTenancy] }) tenancies!: CentreReportTenancy[];
  @ApiProperty({ type: [CentreReportOutcomeView] }) patents!: CentreReportOutcomeView[];
  @ApiProperty({ type: [CentreReportOutcomeView] }) awards!: CentreReportOutcomeView[];
}

export class CentreReportTotals {
  @ApiProperty({ type: Number }) tenants!: number;
  @ApiProperty({ type: Number }) patentsFiled!: number;
  @ApiProperty({ type: Number }) patentsGranted!: number;
  @ApiProperty({ type: Number }) awards!: number;
}

/** `GET /v1/reports/centre?fiscalYear=`. */
export class CentreReportView {
  @ApiProperty({ type: Number }) fiscalYear!: number;
  @ApiProperty({ format: 'date', description: '1 April of the fiscal year' }) from!: string;
  @ApiProperty({ format: 'date', description: '31 March of the next year' }) to!: string;
  @ApiProperty({ type: [CentreReportTenantView] }) tenants!: CentreReportTenantView[];
  @ApiProperty({ type: CentreReportTotals }) totals!: CentreReportTotals;
}

/** Each class documents exactly what the service answers (compile-time). */
export const CENTRE_VIEWS_MATCH: [
  Documents<TenancyView, StoredTenancyView>,
  Documents<InstanceType<typeof TenancyPage>, Page<StoredTenancyView>>,
  Documents<ConsortiumMembershipView, StoredConsortiumMembershipView>,
  Documents<InstanceType<typeof ConsortiumMembershipPage>, Page<StoredConsortiumMembershipView>>,
  Documents<CentreReportOutcomeView, CentreReportOutcome>,
  Documents<CentreReportTenantView, CentreReportTenant>,
  Documents<CentreReportView, CentreReport>,
] = [true, true, true, true, true, true, true];
