import { ProposalSubmittedV1, type EventEnvelope } from '@collabo/contracts';
import { ConsumesEvent, LOGGER, type EventHandler } from '@collabo/service-kit';
import { Inject } from '@nestjs/common';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';

/**
 * A proposal brought in to the proposals service that names an exchange event as its origin is
 * recorded with that event (for its report). A proposal without an origin, or naming an event this
 * service does not have, changes nothing.
 */
@ConsumesEvent(ProposalSubmittedV1, { durable: 'events-record-origin-on-proposal-submitted' })
export class RecordOriginOnProposalSubmitted implements EventHandler<typeof ProposalSubmittedV1> {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  async handle(event: EventEnvelope<ProposalSubmittedV1.Data>, tx: EntityManager): Promise<void> {
    const { proposal, originEventId, broughtInOn } = event.data;
    if (!originEventId) return;
    const known = await tx.query('SELECT 1 FROM events WHERE id = $1', [originEventId]);
    if (!known.length) {
      this.logger.warn({ proposalId: proposal.proposalId, originEventId }, 'proposal names an unknown origin event; not recorded');
      return;
    }
    await tx.query(
      `INSERT INTO event_proposals (proposal_id, event_id, reference_number, title_ja, title_en, proposing_organization_id,
         contact_person_id, focus_fields, brought_in_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (proposal_id) DO UPDATE SET event_id = $2, reference_number = $3, title_ja = $4, title_en = $5,
         proposing_organization_id = $6, contact_person_id = $7, focus_fields = $8, brought_in_on = $9`,
      [
        proposal.proposalId,
        originEventId,
        proposal.referenceNumber,
        proposal.title.ja,
        proposal.title.en ?? null,
        proposal.proposingOrganizationId,
        proposal.contactPersonId,
        proposal.focusFields,
        broughtInOn.slice(0, 10),
      ],
    );
  }
}
