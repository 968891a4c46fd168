import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface NatsConnectOptions {
  url: string;
  name: string;
  user?: string;
  password?: string;
}

export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A connection that reconnects forever: a NATS restart pauses work, it never ends the process. */
export async function connectNats(options: NatsConnectOptions, logger?: Logger): Promise<NatsConnection> {
  const nc = await connect({
    servers: natsServers(options.url),
    name: options.name,
    user: options.user,
    pass: options.password,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    pingInterval: 10_000,
  });
  if (logger) {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect' || status.type === 'error') {
          logger.warn({ nats: status.type }, `nats ${status.type}`);
        }
      }
    })().catch(() => undefined);
  }
  return nc;
}
