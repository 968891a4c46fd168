import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import type { EventContract } from '@collabo/contracts';
import type { ConsumerOptions } from './consumer.js';

export const CONSUMES_EVENT = 'collabo:consumes-event';

export interface ConsumesEventMetadata {
  contract: EventContract;
  /** Durable name; default `<service>-<kebab class name>`. Never rename a deployed one: it is the consumer's position. */
  name?: string;
  options?: Partial<ConsumerOptions>;
}

/**
 * Marks a provider class (implementing EventHandler) as the handler of one event contract. The kit
 * finds it at start-up and runs a durable JetStream consumer for it.
 */
export function ConsumesEvent(contract: EventContract, settings: Omit<ConsumesEventMetadata, 'contract'> = {}): ClassDecorator {
  return applyDecorators(
    Injectable(),
    SetMetadata(CONSUMES_EVENT, {
      contract,
      ...settings,
    } satisfies ConsumesEventMetadata),
  );
}

export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
}
