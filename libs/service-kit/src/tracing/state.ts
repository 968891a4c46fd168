/**
 * The running tracer provider, when `startTracing` started one: the kit flushes it on shutdown so the spans of
 * the last work (draining consumers, the relay's last batch) are exported before the process exits. Kept apart
 * from the SDK so the kit's modules never load the SDK themselves.
 */
export interface RunningTracer {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

let running: RunningTracer | null = null;

export function setRunningTracer(tracer: RunningTracer | null): void {
  running = tracer;
}

/** Exports the spans still buffered (no-op when tracing is off); never throws. */
export async function flushTracing(): Promise<void> {
  await running?.forceFlush().catch(() => undefined);
}

/** Flushes and stops the tracer (no-op when tracing is off); never throws. */
export async function shutdownTracing(): Promise<void> {
  const tracer = running;
  running = null;
  await tracer?.shutdown().catch(() => undefined);
}
