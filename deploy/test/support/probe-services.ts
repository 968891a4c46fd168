/**
 * Four small services built with the real service kit, one per Collabo service name. They do what the
 * real services do on NATS — serve RPC in their queue group, call the RPC of the services upstream,
 * publish events through the outbox relay to their own stream, consume the streams they depend on with
 * durable pull consumers — on the real catalogue subjects, with a small probe payload instead of the
 * domain data (the permissions are about subjects, not payloads).
 */
import 'reflect-metadata';
import { Controller, Module, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { Subjects, type EventContract, type EventEnvelope, type EventSubject, type RpcContract } from '@collabo/contracts';
import { BaseEnv, ConsumesEvent, type EventHandler, type ServiceDefinition } from '@collabo/service-kit';
import { UPSTREAM, type Service } from './paths.js';

export { UPSTREAM };

export class ProbeData {
  @IsUUID() probeId!: string;
  @IsString() @MaxLength(40) from!: string;
}

export class ProbeRequest {
  @IsUUID() probeId!: string;
}

export class ProbeResponse {
  servedBy!: string;
  probeId!: string;
}

/** The event subject each service publishes in the probe: a real catalogue subject where there is one. */
export const PRODUCED: Record<Service, EventSubject> = {
  registry: Subjects.registry.evt.organizationArchived,
  proposals: Subjects.proposals.evt.proposalSubmitted,
  events: Subjects.events.evt.eventPublished,
  // The catalogue has no notifications events yet; the stream and the permission exist all the same.
  notifications: 'notifications.evt.probe.sent.v1' as EventSubject,
};

/** The RPC subject each service serves in the probe. */
export const SERVED: Record<Service, string> = {
  registry: Subjects.registry.qry.personGet,
  proposals: Subjects.proposals.qry.proposalSummary,
  events: Subjects.events.qry.eventSummary,
  // The catalogue has no notifications queries yet; `notifications.qry.>` is allowed for when it has.
  notifications: 'notifications.qry.probe.ping.v1',
};

export function eventProbe(producer: Service): EventContract<ProbeData> {
  return { subject: PRODUCED[producer], Data: ProbeData };
}

export function rpcProbe(server: Service): RpcContract<ProbeRequest, ProbeResponse> {
  return { subject: SERVED[server], Request: ProbeRequest, Response: ProbeResponse };
}

export function consumerName(consumer: Service, producer: Service): string {
  return `${consumer}-probe-on-${producer}-event`;
}

/** What the probe handlers saw: the RPC calls each server answered, the events each consumer applied. */
export const observed = {
  rpcServed: [] as { server: Service; probeId: string }[],
  eventsApplied: [] as { consumer: Service; producer: Service; eventId: string }[],
};

function handlerFor(consumer: Service, producer: Service): Type {
  @ConsumesEvent(eventProbe(producer), {
    name: consumerName(consumer, producer),
    options: { maxAttempts: 3, backoffMs: [100], ackWaitMs: 5000 },
  })
  class ProbeEventHandler implements EventHandler<EventContract<ProbeData>> {
    async handle(event: EventEnvelope<ProbeData>): Promise<void> {
      observed.eventsApplied.push({ consumer, producer, eventId: event.id });
    }
  }
  return ProbeEventHandler;
}

function rpcControllerFor(server: Service): Type {
  @Controller()
  class ProbeRpcController {
    @MessagePattern(SERVED[server])
    answer(@Payload() request: ProbeRequest): ProbeResponse {
      observed.rpcServed.push({ server, probeId: request.probeId });
      return { servedBy: server, probeId: request.probeId };
    }
  }
  return ProbeRpcController;
}

export function probeDefinition(service: Service): ServiceDefinition {
  @Module({
    controllers: [rpcControllerFor(service)],
    providers: UPSTREAM[service].map((producer) => handlerFor(service, producer)),
  })
  class ProbeModule {}
  return {
    name: service,
    title: `${service} (NATS permission probe)`,
    description: 'The NATS side of a Collabo service, for the permission test',
    envClass: BaseEnv,
    entities: [],
    migrations: [],
    imports: [ProbeModule],
    relay: { pollIntervalMs: 200, publishTimeoutMs: 2000 },
  };
}
