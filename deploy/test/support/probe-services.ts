/**
 * Four small services built with the real service kit, one per Collabo service name. They do what the
 * real services do on NATS — serve RPC in their queue group, call the RPC subjects their code calls,
 * publish events through the outbox relay to their own stream, consume the streams they depend on with
 * the real services' durable pull consumers (same names, same filter subjects) — on the real catalogue
 * subjects, with a small probe payload instead of the domain data (the permissions are about subjects,
 * not payloads).
 */
import 'reflect-metadata';
import { Controller, Module, type Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { Subjects, type EventContract, type EventEnvelope, type EventSubject, type RpcContract } from '@collabo/contracts';
import { BaseEnv, ConsumesEvent, type EventHandler, type ServiceDefinition } from '@collabo/service-kit';
import { grantedConsumers, permissionsOf, type GrantedConsumer } from './auth-conf.js';
import { SERVICES, UPSTREAM, type Service } from './paths.js';

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

/** One RPC subject each service serves in the probe (besides every subject a caller is granted on it). */
export const SERVED: Record<Service, string> = {
  registry: Subjects.registry.qry.personGet,
  proposals: Subjects.proposals.qry.proposalSummary,
  events: Subjects.events.qry.eventSummary,
  // The catalogue has no notifications queries yet; `notifications.qry.>` is allowed for when it has.
  notifications: 'notifications.qry.probe.ping.v1',
};

export function eventProbe(subject: string): EventContract<ProbeData> {
  return { subject: subject as EventSubject, Data: ProbeData };
}

export function rpcProbe(subject: string): RpcContract<ProbeRequest, ProbeResponse> {
  return { subject, Request: ProbeRequest, Response: ProbeResponse };
}

/** The RPC request subjects a service may publish (auth.conf): exactly the catalogue subjects its code calls. */
export function rpcCallsOf(caller: Service): string[] {
  return permissionsOf(caller).publish.filter((subject) => /^[a-z]+\.(qry|cmd)\./.test(subject));
}

/** What a probe server answers: every subject of its service that some caller is granted, and its SERVED one. */
export function servedBy(server: Service): string[] {
  const granted = SERVICES.flatMap((caller) => rpcCallsOf(caller)).filter((subject) => subject.startsWith(`${server}.`));
  return [...new Set([SERVED[server], ...granted])].sort();
}

/** The durable consumers a probe service runs: the ones auth.conf grants it, by name and filter subject (the test holds them equal to the code's). */
export function probeConsumersOf(service: Service): GrantedConsumer[] {
  return grantedConsumers(service);
}

/** What the probe handlers saw: the RPC calls each server answered, the events each durable applied. */
export const observed = {
  rpcServed: [] as { server: Service; subject: string; probeId: string }[],
  eventsApplied: [] as { consumer: Service; durable: string; eventId: string }[],
};

function handlerFor(service: Service, granted: GrantedConsumer): Type {
  @ConsumesEvent(eventProbe(granted.subject), {
    durable: granted.durable,
    options: { maxAttempts: 3, backoffMs: [100], ackWaitMs: 5000 },
  })
  class ProbeEventHandler implements EventHandler<EventContract<ProbeData>> {
    async handle(event: EventEnvelope<ProbeData>): Promise<void> {
      observed.eventsApplied.push({ consumer: service, durable: granted.durable, eventId: event.id });
    }
  }
  return ProbeEventHandler;
}

/** One Nest message handler per served subject (a pattern per method), each validating its payload as ProbeRequest. */
function rpcControllerFor(server: Service): Type {
  class ProbeRpcController {}
  const proto = ProbeRpcController.prototype as unknown as Record<string, unknown>;
  servedBy(server).forEach((subject, i) => {
    const key = `answer${i}`;
    proto[key] = (request: ProbeRequest): ProbeResponse => {
      observed.rpcServed.push({ server, subject, probeId: request.probeId });
      return { servedBy: server, probeId: request.probeId };
    };
    Reflect.defineMetadata('design:paramtypes', [ProbeRequest], proto, key);
    Payload()(proto, key, 0);
    MessagePattern(subject)(proto, key, Object.getOwnPropertyDescriptor(proto, key)!);
  });
  Controller()(ProbeRpcController);
  return ProbeRpcController;
}

export function probeDefinition(service: Service): ServiceDefinition {
  @Module({
    controllers: [rpcControllerFor(service)],
    providers: probeConsumersOf(service).map((granted) => handlerFor(service, granted)),
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
