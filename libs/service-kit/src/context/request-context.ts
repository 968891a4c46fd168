import { AsyncLocalStorage } from 'node:async_hooks';
import { randomFillSync } from 'node:crypto';
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

/**
 * Random bytes for new correlation ids, drawn 4 KiB at a time: one `randomFillSync` call per 256 ids instead of
 * one per id (most requests make one, and the uuid package's own generator draws 16 bytes per call: 5 % of a read by
 * id's CPU in a profile; bench/README.md).
 */
const randomPool = new Uint8Array(4096);
let randomAt = randomPool.length;
function pooledRandom(): Uint8Array {
  if (randomAt === randomPool.length) {
    randomFillSync(randomPool);
    randomAt = 0;
  }
  return randomPool.subarray(randomAt, (randomAt += 16));
}

/**
 * A new correlation id: a UUID v7 (its first 48 bits the time in milliseconds, so ids sort by when the work began),
 * the rest random from the pool above. Not ordered within a millisecond (no shared sequence): a correlation id only
 * has to be unique (an outbox event's id, which must also be ordered, still comes from the package's own generator).
 */
export function newCorrelationId(): string {
  return uuidv7({ rng: pooledRandom });
}

/** The correlation id of the current work, or a new one when none is known. */
export function currentCorrelationId(): string {
  return storage.getStore()?.correlationId ?? newCorrelationId();
}

/** Accepts a caller's correlation id only when it is a sane token; otherwise makes one up. */
export function sanitizeCorrelationId(value: unknown): string {
  if (typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value)) return value;
  return newCorrelationId();
}

export function setActor(actorId: string | null): void {
  const store = storage.getStore();
  if (store) store.actorId = actorId;
}
