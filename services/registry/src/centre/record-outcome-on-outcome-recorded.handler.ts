import { fiscalYearOfDate, fiscalYearOfInstant } from '@collabo/calendar';
import { OutcomeRecordedV1, type EventEnvelope } from '@collabo/contracts';
import { ConsumesEvent, type EventHandler } from '@collabo/service-kit';
import type { EntityManager } from 'typeorm';

/** The outcome kinds the centre's report lists: patents (filed or granted) and awards. */
export const CENTRE_OUTCOME_KINDS = ['patent_filed', 'patent_granted', 'award'] as const;

/**
 * Stores the patents and awards that proposals records (`proposals.evt.outcome.recorded.v1`) for the collaboration
 * centre's yearly report of its tenants (see CentreReportService). The registry keeps its own copy rather than
 * asking proposals at report time: tenancies are the registry's, the report then needs no other service to be up,
 * and organisation merges apply to it through the registry's own `merged_into`. Other kinds are not kept. The
 * fiscal year is the one the outcome counts in, else that of the day it happened, else that of the event.
 * A replay inserts nothing (the outcome id is the key; the inbox drops exact duplicates).
 */
@ConsumesEvent(OutcomeRecordedV1, { durable: 'registry-record-outcome-on-outcome-recorded' })
export class RecordOutcomeOnOutcomeRecorded implements EventHandler<typeof OutcomeRecordedV1> {
  async handle(event: EventEnvelope<OutcomeRecordedV1.Data>, tx: EntityManager): Promise<void> {
    const d = event.data;
    if (!(CENTRE_OUTCOME_KINDS as readonly string[]).includes(d.kind)) return;
    const fiscalYear = d.fiscalYear ?? (d.occurredOn ? fiscalYearOfDate(d.occurredOn) : fiscalYearOfInstant(new Date(event.occurredAt)));
    await tx.query(
      `INSERT INTO centre_outcomes (id, proposal_id, reference_number, proposal_title, proposing_organization_id, kind, summary,
                                    patent_number, fiscal_year, occurred_on, tenancy_id, historical, recorded_at)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (id) DO NOTHING`,
      [
        d.outcomeId,
        d.proposal.proposalId,
        d.proposal.referenceNumber,
        JSON.stringify({ ja: d.proposal.title.ja, en: d.proposal.title.en ?? null }),
        d.proposal.proposingOrganizationId,
        d.kind,
        d.summary,
        d.patentNumber ?? null,
        fiscalYear,
        d.occurredOn ?? null,
        d.tenancyId ?? null,
        d.historical ?? false,
        event.occurredAt,
      ],
    );
  }
}
