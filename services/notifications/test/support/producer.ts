import { parseSubject, serviceOf, type DataOf, type EventContract, type EventEnvelope } from '@collabo/contracts';
import { ensureStream, NatsNaming, validatePayload } from '@collabo/service-kit';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { v7 as uuidv7 } from 'uuid';

/**
 * Publishes an event exactly as its producing service would: the contract-checked data in an
 * EventEnvelope with a UUID v7 id, on the producer's JetStream stream, with `Nats-Msg-Id` = envelope id
 * and the correlation id in a header.
 */
export async function publishEvent<C extends EventContract>(
  nc: NatsConnection,
  prefix: string,
  contract: C,
  data: DataOf<C>,
  options: { aggregateId?: string; correlationId?: string } = {},
): Promise<EventEnvelope<DataOf<C>>> {
  validatePayload(contract.Data, data);
  const { type, version } = parseSubject(contract.subject);
  const envelope: EventEnvelope<DataOf<C>> = {
    id: uuidv7(),
    type,
    version,
    occurredAt: new Date().toISOString(),
    source: serviceOf(contract.subject),
    aggregateId: options.aggregateId ?? uuidv7(),
    correlationId: options.correlationId ?? uuidv7(),
    causationId: null,
    data,
  };
  await publishEnvelope(nc, prefix, contract, envelope, envelope.id);
  return envelope;
}

/**
 * Publishes an envelope again. With the same message id JetStream drops it (its duplicate window); a
 * different message id is how a redelivery after that window looks to a consumer.
 */
export async function publishEnvelope(
  nc: NatsConnection,
  prefix: string,
  contract: EventContract,
  envelope: EventEnvelope<unknown>,
  msgID: string,
): Promise<{ duplicate: boolean; seq: number }> {
  const naming = new NatsNaming(prefix);
  await ensureStream(await jetstreamManager(nc), naming, serviceOf(contract.subject));
  const h = natsHeaders();
  h.set('x-correlation-id', envelope.correlationId);
  const ack = await jetstream(nc).publish(naming.subject(contract.subject), JSON.stringify(envelope), { msgID, headers: h });
  return { duplicate: ack.duplicate, seq: ack.seq };
}

/** Puts raw bytes on a consumed subject, as a broken or hostile producer would (a poison message). */
export async function publishRaw(nc: NatsConnection, prefix: string, contract: EventContract, payload: string): Promise<void> {
  const naming = new NatsNaming(prefix);
  await ensureStream(await jetstreamManager(nc), naming, serviceOf(contract.subject));
  await jetstream(nc).publish(naming.subject(contract.subject), payload, { msgID: uuidv7() });
}
