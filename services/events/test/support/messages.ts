import {
  parseSubject,
  type EventContract,
  type EventEnvelope,
  type DataOf,
  type FocusField,
  type ProposalSubmittedV1,
} from '@collabo/contracts';
import { NatsNaming } from '@collabo/service-kit';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { v7 as uuidv7 } from 'uuid';

/**
 * Publishes an event as another service's outbox relay would: the envelope on the prefixed subject,
 * stored by JetStream (the request waits for the stream's acknowledgement), `Nats-Msg-Id` = event id.
 */
export async function publishEvent<C extends EventContract>(
  nc: NatsConnection,
  prefix: string,
  contract: C,
  data: DataOf<C>,
  aggregateId: string,
): Promise<EventEnvelope<DataOf<C>>> {
  const { type, version } = parseSubject(contract.subject);
  const envelope: EventEnvelope<DataOf<C>> = {
    id: uuidv7(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    source: contract.subject.slice(0, contract.subject.indexOf('.')),
    aggregateId,
    correlationId: uuidv7(),
    causationId: null,
    data,
  };
  const h = headers();
  h.set('Nats-Msg-Id', envelope.id);
  const ack = await nc.request(new NatsNaming(prefix).subject(contract.subject), JSON.stringify(envelope), { headers: h, timeout: 5000 });
  const body = ack.json<{ error?: unknown }>();
  if (body.error) throw new Error(`JetStream refused the event: ${JSON.stringify(body.error)}`);
  return envelope;
}

/**
 * Publishes an already-sent envelope again without a `Nats-Msg-Id`, so JetStream stores it a second
 * time (as after a producer restart outside the duplicate window): the consumer's inbox must drop it.
 */
export async function republish(nc: NatsConnection, prefix: string, subject: string, envelope: EventEnvelope<unknown>): Promise<void> {
  const ack = await nc.request(new NatsNaming(prefix).subject(subject), JSON.stringify(envelope), { timeout: 5000 });
  const body = ack.json<{ error?: unknown }>();
  if (body.error) throw new Error(`JetStream refused the event: ${JSON.stringify(body.error)}`);
}

/** What a test says about a proposal submitted in the proposals service; the rest is a plausible support-track proposal. */
export interface SubmittedProposal {
  referenceNumber: string;
  title: string;
  proposingOrganizationId: string;
  contactPersonId: string;
  focusFields?: FocusField[];
  broughtInOn: string;
  originEventId: string | null;
}

/** The data of a `ProposalSubmittedV1` (a new proposal at its first stage) as the proposals service sends it. */
export function proposalSubmitted(p: SubmittedProposal): ProposalSubmittedV1.Data {
  return {
    proposal: {
      proposalId: uuidv7(),
      referenceNumber: p.referenceNumber,
      title: { ja: p.title },
      programmeCode: 'support-track',
      programmeName: { ja: '事業化支援' },
      proposingOrganizationId: p.proposingOrganizationId,
      contactPersonId: p.contactPersonId,
      coordinatorId: null,
      focusFields: p.focusFields ?? [],
    },
    stage: { code: 'received', label: { ja: '受付' } },
    broughtInOn: p.broughtInOn,
    originEventId: p.originEventId,
  };
}
