import { SERVICE_NAMES, type ServiceName } from '@collabo/contracts';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';

export interface NatsConnectOptions {
  url: string;
  name: string;
  user?: string;
  password?: string;
  /**
   * The service the connection works for: its replies (RPC answers, JetStream API answers, publish acks,
   * pulled messages) arrive under `_INBOX_<service>` (see `inboxPrefixOf`). Default: the `<service>-…` of
   * `name`, as the kit names every connection it opens (`registry-kit`, `registry-rpc`, ...); a name that is
   * not a service's keeps nats.js's shared `_INBOX`.
   */
  service?: string;
}

/**
 * The inbox prefix of a service's connections. deploy/nats/auth.conf lets each service user subscribe to
 * `_INBOX_<service>.>` only, so no service can read another's RPC replies or pulled messages
 * (with the shared `_INBOX.>` any user could subscribe to every answer of every service).
 */
export function inboxPrefixOf(service: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`not a service name: ${JSON.stringify(service)}`);
  return `_INBOX_${service}`;
}

/** The service of a kit client name (`<service>-kit`, `<service>-rpc`, `<service>-rpc-client`), if it names one. */
export function serviceOfClientName(name: string): ServiceName | undefined {
  const service = name.split('-')[0] ?? '';
  return (SERVICE_NAMES as string[]).includes(service) ? (service as ServiceName) : undefined;
}

export function natsServers(url: string): string[] {
  return url
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A connection that reconnects forever: a NATS restart pauses work, it never ends the process. */
export async function connectNats(options: NatsConnectOptions, logger?: Logger): Promise<NatsConnection> {
  const service = options.service ?? serviceOfClientName(options.name);
  const nc = await connect({
    servers: natsServers(options.url),
    name: options.name,
    user: options.user,
    pass: options.password,
    ...(service ? { inboxPrefix: inboxPrefixOf(service) } : {}),
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
