import { addDays } from '@collabo/calendar';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface CentreReportOutcome {
  outcomeId: string;
  kind: 'patent_filed' | 'patent_granted' | 'award';
  summary: string;
  patentNumber: string | null;
  occurredOn: string | null;
  proposalId: string;
  referenceNumber: string;
  proposalTitle: { ja: string; en: string | null };
  /** For an award that names the tenancy it came from. */
  tenancyId: string | null;
  historical: boolean;
}

export interface CentreReportTenant {
  organizationId: string;
  organizationName: string;
  tenancies: { id: string; room: string; from: string; to: string | null }[];
  patents: CentreReportOutcome[];
  awards: CentreReportOutcome[];
}

export interface CentreReport {
  fiscalYear: number;
  /** 1 April of the fiscal year to 31 March of the next. */
  from: string;
  to: string;
  tenants: CentreReportTenant[];
  totals: { tenants: number; patentsFiled: number; patentsGranted: number; awards: number };
}

interface TenancyRow {
  id: string;
  organization_id: string;
  organization_name: string;
  room: string;
  from_on: string;
  to_on: string | null;
}

interface OutcomeRow {
  id: string;
  organization_id: string;
  kind: CentreReportOutcome['kind'];
  summary: string;
  patent_number: string | null;
  occurred_on: string | null;
  proposal_id: string;
  reference_number: string;
  proposal_title: { ja: string; en: string | null };
  tenancy_id: string | null;
  historical: boolean;
}

/**
 * The collaboration centre's report of a fiscal year (年度, from 1 April): the organisations that were its tenants
 * on any day of the year (an organisation merged since counts as its survivor), each with the patents (filed or
 * granted) and awards that count in that year. A patent is the tenant's when the tenant proposed the project; an
 * award is the tenant's when it names one of the tenant's tenancies (the Good Design award of a project incubated in
 * room 305), or, naming none, when the tenant proposed the project. Outcomes come from proposals' events, stored
 * by RecordOutcomeOnOutcomeRecorded.
 */
@Injectable()
export class CentreReportService {
  constructor(private readonly dataSource: DataSource) {}

  async report(fiscalYear: number): Promise<CentreReport> {
    const from = `${fiscalYear}-04-01`;
    const to = addDays(`${fiscalYear + 1}-04-01`, -1);
    const tenancies = await this.dataSource.query<TenancyRow[]>(
      `SELECT t.id, coalesce(o.merged_into, o.id) AS organization_id, coalesce(s.name, o.name) AS organization_name, t.room,
              t.from_on::text AS from_on, t.to_on::text AS to_on
         FROM tenancies t
         JOIN organizations o ON o.id = t.organization_id
         LEFT JOIN organizations s ON s.id = o.merged_into
        WHERE t.from_on <= $2::date AND (t.to_on IS NULL OR t.to_on >= $1::date)
        ORDER BY organization_name, t.from_on, t.id`,
      [from, to],
    );
    const tenantIds = [...new Set(tenancies.map((t) => t.organization_id))];
    const outcomes = tenantIds.length
      ? await this.dataSource.query<OutcomeRow[]>(
          `SELECT c.id, coalesce(tenant.merged_into, tenant.id) AS organization_id, c.kind, c.summary, c.patent_number,
                  c.occurred_on::text AS occurred_on, c.proposal_id, c.reference_number, c.proposal_title, c.tenancy_id, c.historical
             FROM centre_outcomes c
             LEFT JOIN tenancies t ON t.id = c.tenancy_id AND c.kind = 'award'
             JOIN organizations tenant ON tenant.id = coalesce(t.organization_id, c.proposing_organization_id)
            WHERE c.fiscal_year = $1 AND coalesce(tenant.merged_into, tenant.id) = ANY($2::uuid[])
            ORDER BY c.occurred_on NULLS LAST, c.reference_number, c.id`,
          [fiscalYear, tenantIds],
        )
      : [];
    const tenants = new Map<string, CentreReportTenant>();
    for (const t of tenancies) {
      const tenant = tenants.get(t.organization_id) ?? {
        organizationId: t.organization_id,
        organizationName: t.organization_name,
        tenancies: [],
        patents: [],
        awards: [],
      };
      tenant.tenancies.push({ id: t.id, room: t.room, from: t.from_on, to: t.to_on });
      tenants.set(t.organization_id, tenant);
    }
    for (const o of outcomes) {
      const item: CentreReportOutcome = {
        outcomeId: o.id,
        kind: o.kind,
        summary: o.summary,
        patentNumber: o.patent_number,
        occurredOn: o.occurred_on,
        proposalId: o.proposal_id,
        referenceNumber: o.reference_number,
        proposalTitle: o.proposal_title,
        tenancyId: o.tenancy_id,
        historical: o.historical,
      };
      const tenant = tenants.get(o.organization_id)!;
      (o.kind === 'award' ? tenant.awards : tenant.patents).push(item);
    }
    const list = [...tenants.values()];
    const count = (kind: string) => outcomes.filter((o) => o.kind === kind).length;
    return {
      fiscalYear,
      from,
      to,
      tenants: list,
      totals: {
        tenants: list.length,
        patentsFiled: count('patent_filed'),
        patentsGranted: count('patent_granted'),
        awards: count('award'),
      },
    };
  }
}
