/** The KPI report as GET /v1/reports/kpi answers it (its document has no schema for it; see the proposals service's KpiReportView). */
export interface KpiCounts {
  received: number;
  screened: number;
  accepted: number;
  declined: number;
  salesPlanned: number;
  onSale: number;
  patentsFiled: number;
  patentsGranted: number;
  salesYen: number;
  cumulativeReceived: number;
  cumulativeScreened: number;
  cumulativeAccepted: number;
  [field: string]: number;
}

export interface KpiReport {
  fromFiscalYear: number;
  toFiscalYear: number;
  totals: KpiCounts;
  byFiscalYear: (KpiCounts & { fiscalYear: number })[];
  byFocusField: (KpiCounts & { focusField: string | null; label: { ja: string; en: string } })[];
  byBureau: (KpiCounts & { bureauCode: string | null; label: { ja: string; en: string } })[];
  /** Per study group of the proposing organisation (null: none). */
  byStudyGroup?: (KpiCounts & { studyGroupId: string | null })[];
}
