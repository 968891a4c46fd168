import type { components } from '../../api/generated/proposals';

type ProposalsSchemas = components['schemas'];

/** The KPI report as `GET /v1/reports/kpi` answers it in JSON (the proposals service's KpiReportView). */
export type KpiReport = ProposalsSchemas['KpiReportView'];

/** The figures the report screens show of a row (each row of the report carries every figure of KpiCountsView). */
export type KpiCounts = Pick<
  ProposalsSchemas['KpiCountsView'],
  | 'received'
  | 'screened'
  | 'accepted'
  | 'declined'
  | 'salesPlanned'
  | 'onSale'
  | 'patentsFiled'
  | 'patentsGranted'
  | 'salesYen'
  | 'cumulativeReceived'
  | 'cumulativeScreened'
  | 'cumulativeAccepted'
>;
