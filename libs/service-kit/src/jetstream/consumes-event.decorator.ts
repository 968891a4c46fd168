import { applyDecorators, Injectable, SetMetadata, type InjectionToken, type Type } from '@nestjs/common';
import type { EventContract } from '@collabo/contracts';
import type { ConsumerOptions, EventHandler } from './consumer.js';

export const CONSUMES_EVENT = 'collabo:consumes-event';

export interface ConsumesEventSettings {
  /**
   * The durable consumer name, written in code (`<service>-<what it does>`, e.g.
   * `proposals-update-references-on-organization-merged`). It is the consumer's position in the producer's
   * stream: never derived from a class name, never changed once deployed (a new name starts from the
   * stream's first message), and listed in deploy/nats/auth.conf.
   */
  durable: string;
  options?: Partial<ConsumerOptions>;
}

export interface ConsumesEventMetadata extends ConsumesEventSettings {
  contract: EventContract;
}

/**
 * Marks a provider class (implementing EventHandler) as the handler of one event contract, consumed by the
 * durable consumer `settings.durable`. The kit finds it at start-up and runs that consumer for it.
 */
export function ConsumesEvent(contract: EventContract, settings: ConsumesEventSettings): ClassDecorator {
  assertDurableName(settings?.durable);
  return applyDecorators(Injectable(), SetMetadata(CONSUMES_EVENT, { contract, ...settings } satisfies ConsumesEventMetadata));
}

/**
 * A consumer declared as data (`ServiceDefinition.eventConsumers`), for a service that derives its consumers
 * from a table (one consumer per contract of its rules). `handler` is a provider of one of the service's
 * modules (a class or another injection token); the kit looks it up when it starts the consumers.
 */
export interface ConsumerDeclaration<C extends EventContract = EventContract> {
  contract: C;
  durable: string;
  handler: Type<EventHandler<C>> | InjectionToken;
  options?: Partial<ConsumerOptions>;
}

/** Builds a ConsumerDeclaration, checking the durable name at once (`defineConsumer(ProposalAdvancedV1, 'notifications-notify-on-proposal-advanced', Intake)`). */
export function defineConsumer<C extends EventContract>(
  contract: C,
  durable: string,
  handler: Type<EventHandler<C>> | InjectionToken,
  options?: Partial<ConsumerOptions>,
): ConsumerDeclaration<C> {
  assertDurableName(durable);
  return { contract, durable, handler, ...(options ? { options } : {}) };
}

/** What NATS takes as a durable name, and what deploy/nats/auth.conf can list: lower-case words joined by hyphens. */
export const DURABLE_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function assertDurableName(durable: unknown): asserts durable is string {
  if (typeof durable !== 'string' || !DURABLE_NAME_PATTERN.test(durable) || durable.length > 120) {
    throw new Error(`a durable consumer name must be lower-case words joined by hyphens (got ${JSON.stringify(durable)})`);
  }
}
