import { AsyncLocalStorage } from 'node:async_hooks';
import { v7 as uuidv7 } from 'uuid';

/** What follows a piece of work through HTTP, NATS headers, the outbox and the logs. */
export interface RequestContext {
  correlationId: string;
  /** The id of the event or request that caused this work, if any. */
  causationId?: string | null;
  /** The authenticated staff member (registry person id), if any. */
  actorId?: string | null;
}

export const CORRELATION_HEADER = 'x-correlation-id';
export const CAUSATION_HEADER = 'x-causation-id';

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The correlation id of the current work, or a new one when none is known. */
export function currentCorrelationId(): string {
  return storage.getStore()?.correlationId ?? uuidv7();
}

/** Accepts a caller's correlation id only when it is a sane token; otherwise makes one up. */
export function sanitizeCorrelationId(value: unknown): string {
  if (typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value)) return value;
  return uuidv7();
}

export function setActor(actorId: string | null): void {
  const store = storage.getStore();
  if (store) store.actorId = actorId;
}
