import {
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import type { ServiceName } from '@collabo/contracts';
import type { NatsNaming } from './naming.js';

export interface StreamSettings {
  /** How long JetStream remembers a `Nats-Msg-Id` to drop a re-published event. */
  duplicateWindowMs: number;
  /** How long events are kept for consumers (and for a late consumer to catch up). */
  maxAgeMs: number;
  replicas: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  duplicateWindowMs: 2 * 60 * 60 * 1000,
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
  replicas: 1,
};

/**
 * Creates (or brings up to date) the stream of a producing service: file storage, limits retention.
 * Only the owner calls it (the kit, at start-up, for the service's own stream): deploy/nats/auth.conf
 * lets no service create or update another's stream. A consumer waits for the owner's stream instead
 * (`streamExists`, retried by JetStreamConsumers).
 */
export async function ensureStream(
  jsm: JetStreamManager,
  naming: NatsNaming,
  service: ServiceName,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Promise<string> {
  const name = naming.stream(service);
  const config: Partial<StreamConfig> & { name: string } = {
    name,
    subjects: [naming.streamSubjects(service)],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    duplicate_window: nanos(settings.duplicateWindowMs),
    max_age: nanos(settings.maxAgeMs),
    num_replicas: settings.replicas,
  };
  try {
    const info = await jsm.streams.info(name);
    const same =
      info.config.subjects?.join() === config.subjects?.join() &&
      info.config.duplicate_window === config.duplicate_window &&
      info.config.max_age === config.max_age &&
      info.config.num_replicas === config.num_replicas;
    if (!same) await jsm.streams.update(name, { ...info.config, ...config });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    try {
      await jsm.streams.add(config);
    } catch (addErr) {
      // Another process created it in between: that is fine.
      if (!/already in use|exists/i.test(String((addErr as Error).message))) throw addErr;
    }
  }
  return name;
}

/** Whether the stream of `service` exists (read with `$JS.API.STREAM.INFO`, the only stream API a consumer may use on it). */
export async function streamExists(jsm: JetStreamManager, naming: NatsNaming, service: ServiceName): Promise<boolean> {
  try {
    await jsm.streams.info(naming.stream(service));
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export function isNotFound(err: unknown): boolean {
  return (
    err instanceof JetStreamApiError && (err.code === JetStreamApiCodes.StreamNotFound || err.code === JetStreamApiCodes.ConsumerNotFound)
  );
}
