import { ApiProperty } from '@nestjs/swagger';
import type { Documents } from '@collabo/service-kit';
import type { KpiCounts } from './kpi.js';
import type { KpiReportView as KpiReport } from './kpi.service.js';

/** The KPI figures of a period or a group (see the service's README and kpi.ts for what each counts); yen as integers. */
export class KpiCountsView {
  @ApiProperty({ type: Number }) received!: number;
  @ApiProperty({ type: Number }) screened!: number;
  @ApiProperty({ type: Number }) accepted!: number;
  @ApiProperty({ type: Number }) declined!: number;
  @ApiProperty({ type: Number }) reachedPrototype!: number;
  @ApiProperty({ type: Number }) reachedSalesPlanned!: number;
  @ApiProperty({ type: Number }) reachedOnSale!: number;
  @ApiProperty({ type: Number }) patentsFiled!: number;
  @ApiProperty({ type: Number }) patentsGranted!: number;
  @ApiProperty({ type: Number }) salesYen!: number;
  @ApiProperty({ type: Number }) cumulativeReceived!: number;
  @ApiProperty({ type: Number }) cumulativeScreened!: number;
  @ApiProperty({ type: Number }) cumulativeAccepted!: number;
  @ApiProperty({ type: Number }) cumulativeReachedOnSale!: number;
  @ApiProperty({ type: Number }) inPrototype!: number;
  @ApiProperty({ type: Number }) salesPlanned!: number;
  @ApiProperty({ type: Number }) onSale!: number;
  @ApiProperty({ type: Number }) cumulativePatentsFiled!: number;
  @ApiProperty({ type: Number }) cumulativePatentsGranted!: number;
  @ApiProperty({ type: Number }) cumulativeSalesYen!: number;
  @ApiProperty({ type: Number }) startupsFounded!: number;
  @ApiProperty({ type: Number }) jobsCreated!: number;
  @ApiProperty({ type: Number }) cumulativeStartupsFounded!: number;
  @ApiProperty({ type: Number }) cumulativeJobsCreated!: number;
}

/** A name in Japanese and English. */
export class KpiLabelView {
  @ApiProperty() ja!: string;
  @ApiProperty() en!: string;
}

export class KpiFiscalYearRow extends KpiCountsView {
  @ApiProperty({ type: Number, example: 2002 }) fiscalYear!: number;
}

export class KpiFocusFieldRow extends KpiCountsView {
  @ApiProperty({ type: String, nullable: true, description: 'null: proposals without a focus field' }) focusField!: string | null;
  @ApiProperty({ type: KpiLabelView }) label!: KpiLabelView;
}

export class KpiBureauRow extends KpiCountsView {
  @ApiProperty({ type: String, nullable: true, description: 'null: proposals without a bureau' }) bureauCode!: string | null;
  @ApiProperty({ type: KpiLabelView }) label!: KpiLabelView;
}

export class KpiStudyGroupRow extends KpiCountsView {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The proposing study group; null: none' })
  studyGroupId!: string | null;
}

/** `GET /v1/reports/kpi` (JSON): the totals of the range, and the same figures by fiscal year, focus field, bureau and study group. */
export class KpiReportView {
  @ApiProperty({ type: Number }) fromFiscalYear!: number;
  @ApiProperty({ type: Number }) toFiscalYear!: number;
  @ApiProperty({ type: String, nullable: true, description: 'The programme counted (code); null: every programme' }) programme!:
    string | null;
  @ApiProperty({ enum: ['Asia/Tokyo'] }) timezone!: 'Asia/Tokyo';
  @ApiProperty({ format: 'date-time', description: 'The first instant of the range (1 April, midnight in Tokyo)' }) periodStart!: string;
  @ApiProperty({ format: 'date-time', description: 'The first instant after the range' }) periodEnd!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ type: KpiCountsView }) totals!: KpiCountsView;
  @ApiProperty({ type: [KpiFiscalYearRow] }) byFiscalYear!: KpiFiscalYearRow[];
  @ApiProperty({ type: [KpiFocusFieldRow] }) byFocusField!: KpiFocusFieldRow[];
  @ApiProperty({ type: [KpiBureauRow] }) byBureau!: KpiBureauRow[];
  @ApiProperty({ type: [KpiStudyGroupRow] }) byStudyGroup!: KpiStudyGroupRow[];
}

/** Each class documents exactly what the service answers (compile-time). */
export const KPI_VIEWS_MATCH: [
  Documents<KpiCountsView, KpiCounts>,
  Documents<KpiFiscalYearRow, KpiReport['byFiscalYear'][number]>,
  Documents<KpiFocusFieldRow, KpiReport['byFocusField'][number]>,
  Documents<KpiBureauRow, KpiReport['byBureau'][number]>,
  Documents<KpiStudyGroupRow, KpiReport['byStudyGroup'][number]>,
  Documents<KpiReportView, KpiReport>,
] = [true, true, true, true, true, true];
